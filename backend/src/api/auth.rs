//! `/api/v1/auth`: sign in, sign out, and who am I.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use sluice_shared::admin::ChangePassword;
use sluice_shared::session::{LoginRequest, Me};

use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::auth::audit::{self, Refusal};
use crate::auth::{Actor, Caller, password, session, token};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::AuditEntry;

pub fn routes() -> Routes {
    Routes::default()
        .post("/auth/login", login)
        .post("/auth/logout", logout)
        .get("/auth/me", me)
        .post("/auth/password", change_password)
}

/// Every failure says the same thing, whether the user exists or not. Each attempt that
/// reaches the throttle is audited: `sign_in`, or `sign_in_failed` (throttled ones as their
/// own result, once per address per minute); a body too malformed to be a sign-in is refused
/// before that, uncounted and unrecorded.
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
    let address = peer.ip().to_canonical();
    if let Err(wait) = state.auth.login_limits.check(&body.username, address) {
        if state.auth.throttled_audit.check(&address).is_ok() {
            let entry = audit::sign_in_failed(&body.username, None, address, Refusal::Throttled);
            record_refusal(&state, &entry).await;
        }
        return Err(AppError::RateLimited(wait));
    }
    let found = state.store.user_by_name(&body.username).await?;
    let user = found.clone().filter(|u| !u.disabled);
    let ok = password::verify(
        user.as_ref().map(|u| u.password_hash.clone()),
        body.password,
    )
    .await;
    let Some(user) = user.filter(|_| ok) else {
        let entry = audit::sign_in_failed(
            &body.username,
            found.as_ref(),
            address,
            Refusal::BadCredentials,
        );
        record_refusal(&state, &entry).await;
        return Err(AppError::BadCredentials);
    };
    // Recorded before the session exists: no sign-in goes unaudited.
    state
        .store
        .append_audit(&audit::sign_in(&user, address))
        .await?;
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

/// Appends a refused sign-in's record. The refusal stands whatever happens here, so a failed
/// write is logged rather than turned into a different answer.
async fn record_refusal(state: &AppState, entry: &AuditEntry) {
    if let Err(e) = state.store.append_audit(entry).await {
        // No username here: a password typed into the wrong box would reach the log.
        tracing::warn!(error = %e, "recording a refused sign-in failed");
    }
}

/// Ends the session server-side, so a copied cookie stops working too.
async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AppError> {
    let session = caller.session.clone().ok_or(AppError::Invalid {
        field: "authorization",
        message: "API keys have no session to end; revoke the key instead".into(),
    })?;
    session::revoke(&state.store, &session.token).await?;
    let mut entry = caller.audit("sign_out");
    entry.tenant_id = caller.principal.tenant.clone();
    state.store.append_audit(&entry).await?;
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

/// The signed-in user's own password, changed with the current one: a session left open on
/// someone else's screen is not enough. The user's other sessions end; this one stays.
async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    caller: Caller,
    JsonBody(req): JsonBody<ChangePassword>,
) -> Result<StatusCode, AppError> {
    let (Actor::User { id, .. }, Some(session)) = (&caller.actor, &caller.session) else {
        return Err(AppError::Invalid {
            field: "authorization",
            message: "API keys have no password; sign in to change yours".into(),
        });
    };
    let user = state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    // Guessing the current password is throttled as guessing at the sign-in form is.
    state
        .auth
        .login_limits
        .check(&user.username, peer.ip().to_canonical())
        .map_err(AppError::RateLimited)?;
    if !password::verify(Some(user.password_hash.clone()), req.current).await {
        return Err(AppError::Invalid {
            field: "current",
            message: "this is not your current password".into(),
        });
    }
    super::users::new_password_fits("new", &req.new)?;
    let hash = password::hash(req.new).await?;
    let mut entry = caller.audit("change_password");
    entry.tenant_id = user.tenant_id.clone();
    // Pending first, settled with how many sessions ended (see `Store::audited`).
    state.store.intend_audit(&entry).await?;
    state.store.set_password_hash(&user.id, &hash).await?;
    let ended = state
        .store
        .delete_other_sessions(&user.id, &token::digest(&session.token))
        .await?;
    entry.detail = Some(serde_json::json!({"sessions_ended": ended}).to_string());
    state.store.append_audit(&entry).await?;
    tracing::info!(user.id = %user.id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}
