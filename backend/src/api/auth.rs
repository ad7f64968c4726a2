//! `/api/v1/auth`: sign in, sign out, and who am I.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use sluice_shared::session::{LoginRequest, Me};

use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::auth::{Caller, password, session};
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .post("/auth/login", login)
        .post("/auth/logout", logout)
        .get("/auth/me", me)
}

/// Every failure says the same thing, whether the user exists or not.
async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<(CookieJar, Json<Me>), AppError> {
    if body.username.is_empty() || body.username.len() > 200 || body.password.len() > 1024 {
        return Err(AppError::BadCredentials);
    }
    state
        .auth
        .login_limits
        .check(&body.username, peer.ip())
        .map_err(AppError::RateLimited)?;
    let user = state
        .store
        .user_by_name(&body.username)
        .await?
        .filter(|u| !u.disabled);
    let ok = password::verify(
        user.as_ref().map(|u| u.password_hash.clone()),
        body.password,
    )
    .await;
    let user = user.filter(|_| ok).ok_or(AppError::BadCredentials)?;
    let (token, row) = session::create(&state.store, &state.auth.session, &user.id).await?;
    tracing::info!(user.id = %user.id, "signed in");
    let me = Me {
        username: user.username,
        role: user.role,
        tenant: user.tenant_id,
        csrf_token: row.csrf_token,
    };
    Ok((
        jar.add(session::cookie(token, &state.auth.session, &headers)),
        Json(me),
    ))
}

/// Ends the session server-side, so a copied cookie stops working too.
async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AppError> {
    let session = caller.session.ok_or(AppError::Invalid {
        field: "authorization",
        message: "API keys have no session to end; revoke the key instead".into(),
    })?;
    session::revoke(&state.store, &session.token).await?;
    Ok((
        jar.remove(Cookie::build(session::COOKIE).path("/")),
        StatusCode::NO_CONTENT,
    ))
}

async fn me(caller: Caller) -> Json<Me> {
    Json(Me {
        username: caller.actor.label(),
        role: caller.principal.role,
        tenant: caller.principal.tenant,
        csrf_token: caller.session.map(|s| s.csrf_token).unwrap_or_default(),
    })
}
