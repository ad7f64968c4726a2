//! `Caller`: who is making this request. Every protected handler extracts it; extraction
//! fails with 401 when there is no live session, and with 403 when a state-changing request
//! lacks the session's CSRF token.

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use sluice_shared::policy::{Action, Principal, Resource};

use super::{session, token};
use crate::app::AppState;
use crate::error::AppError;
use crate::store::User;

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub principal: Principal,
    pub csrf_token: String,
    /// The session cookie's token (for logout).
    pub session_token: String,
}

impl Caller {
    /// Refuses with 403 unless the policy allows `action` on `on`.
    pub fn require(&self, action: Action, on: &Resource) -> Result<(), AppError> {
        if self.principal.may(action, on) {
            Ok(())
        } else {
            Err(AppError::Forbidden(action))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(session::COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or(AppError::Unauthenticated)?;
        let row = session::lookup(&state.store, &state.auth.session, &token)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = state
            .store
            .user_by_id(&row.user_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if user.disabled {
            return Err(AppError::Unauthenticated);
        }
        if !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !token::same(sent, &row.csrf_token) {
                return Err(AppError::CsrfMismatch);
            }
        }
        Ok(Caller {
            principal: Principal {
                role: user.role,
                tenant: user.tenant_id.clone(),
            },
            user,
            csrf_token: row.csrf_token,
            session_token: token,
        })
    }
}
