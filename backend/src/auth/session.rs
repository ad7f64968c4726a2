//! Browser sessions: an `HttpOnly`, `SameSite=Strict` cookie holding a random token; the
//! database holds its digest, the CSRF token and both expiries, so logout and expiry are
//! decided server-side.

use std::time::Duration;

use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::token;
use crate::clock::now_ms;
use crate::settings::{CookieSecurity, SessionSettings};
use crate::store::{SessionRow, Store, StoreError};

pub const COOKIE: &str = "sluice_session";

/// A new session for `user_id`; returns the cookie token (shown to nobody else) and the row.
pub async fn create(
    store: &Store,
    settings: &SessionSettings,
    user_id: &str,
) -> Result<(String, SessionRow), StoreError> {
    let token = token::random_token();
    let now = now_ms();
    let row = SessionRow {
        token_hash: token::digest(&token),
        user_id: user_id.to_owned(),
        csrf_token: token::random_token(),
        created_at: now,
        last_seen_at: now,
        expires_at: now + millis(settings.absolute_timeout),
    };
    store.insert_session(&row).await?;
    Ok((token, row))
}

/// The live session for a cookie token, refreshing its idle clock; expired ones are deleted.
pub async fn lookup(
    store: &Store,
    settings: &SessionSettings,
    token: &str,
) -> Result<Option<SessionRow>, StoreError> {
    let hash = token::digest(token);
    let Some(row) = store.session(&hash).await? else {
        return Ok(None);
    };
    let now = now_ms();
    if now >= row.expires_at || now - row.last_seen_at >= millis(settings.idle_timeout) {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    // Writing on every request would serialise SQLite; a minute of slack is plenty.
    if now - row.last_seen_at > 60_000 {
        store.touch_session(&hash, now).await?;
    }
    Ok(Some(row))
}

pub async fn revoke(store: &Store, token: &str) -> Result<(), StoreError> {
    store.delete_session(&token::digest(token)).await
}

/// The session cookie. `Secure` follows the setting, or in `auto` whether the request
/// reached the proxy in front of Sluice over TLS.
pub fn cookie(value: String, settings: &SessionSettings, headers: &HeaderMap) -> Cookie<'static> {
    let secure = match settings.secure_cookie {
        CookieSecurity::Always => true,
        CookieSecurity::Never => false,
        CookieSecurity::Auto => headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https")),
    };
    Cookie::build((COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .build()
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
