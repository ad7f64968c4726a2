//! Signing in and out, and who is signed in.

use sluice_shared::session::{LoginRequest, Me};
use sluice_shared::{ApiError, ErrorCode};

use super::http::{Method, call_empty, get, post_unsigned};
use super::session::Session;

/// `GET /api/v1/auth/me` once at start: a session cookie from an earlier visit signs in.
pub async fn restore_session() {
    // Any failure (no session, server away) shows the login page, which says what is wrong
    // when the user signs in.
    Session::begin(get::<Me>("/api/v1/auth/me").await.ok());
}

/// `GET /api/v1/auth/me` when something suggests the session may be over (an event stream
/// that keeps failing): a 401 ends it, like any other answer's would.
pub async fn check_session() -> Result<(), ApiError> {
    get::<Me>("/api/v1/auth/me").await.map(drop)
}

/// `POST /api/v1/auth/login`: on success the session begins.
pub async fn login(username: String, password: String) -> Result<(), ApiError> {
    let body = LoginRequest { username, password };
    let me: Me = post_unsigned("/api/v1/auth/login", &body).await?;
    Session::begin(Some(me));
    Ok(())
}

/// `POST /api/v1/auth/logout`. Whatever the answer, this browser is signed out.
pub async fn logout() -> Result<(), ApiError> {
    let result = call_empty(Method::Post, "/api/v1/auth/logout").await;
    Session::end();
    match result {
        // Already over on the server: what signing out wanted.
        Err(e) if e.code == ErrorCode::Unauthenticated => Ok(()),
        other => other,
    }
}
