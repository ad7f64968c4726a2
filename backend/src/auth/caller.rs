//! `Caller`: who is making this request, by session cookie or API key. Every protected
//! handler extracts it. Extraction fails with 401 without a live session or key, with 403
//! when a cookie-authenticated state-changing request lacks the session's CSRF token, and
//! with 429 when a key or its tenant is over its rate.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::CookieJar;
use sluice_shared::policy::{Action, Principal, Resource};

use super::state::AuthState;
use super::{api_key, session, token};
use crate::clock::now_ms;
use crate::error::AppError;
use crate::store::Store;

/// Who acts: a signed-in user or an API key. Recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User {
        id: String,
        username: String,
    },
    ApiKey {
        id: String,
        name: String,
    },
    /// The console itself acting on a schedule (auto-restart), never through HTTP.
    Scheduler,
}

/// How the scheduler appears in the audit log and on timelines.
pub const SCHEDULER: &str = "sluice:scheduler";

impl Actor {
    /// A short label: `admin` or `key:deploy-bot`.
    pub fn label(&self) -> String {
        match self {
            Actor::User { username, .. } => username.clone(),
            Actor::ApiKey { name, .. } => format!("key:{name}"),
            Actor::Scheduler => SCHEDULER.to_owned(),
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Actor::User { id, .. } | Actor::ApiKey { id, .. } => id,
            Actor::Scheduler => SCHEDULER,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub principal: Principal,
    /// Present for browser sessions: the CSRF token and the cookie token (for logout).
    pub session: Option<SessionAuth>,
}

#[derive(Debug, Clone)]
pub struct SessionAuth {
    pub csrf_token: String,
    pub token: String,
}

impl Caller {
    /// A new audit record of `action` by this caller (result `ok` until told otherwise).
    /// The scheduler, acting for every tenant as an admin would (only on what its policy
    /// decided; see `health`).
    pub fn scheduler() -> Self {
        Self {
            actor: Actor::Scheduler,
            principal: Principal {
                role: sluice_shared::policy::Role::Admin,
                tenant: None,
            },
            session: None,
        }
    }

    pub fn audit(&self, action: &str) -> crate::store::AuditEntry {
        crate::store::AuditEntry::new(self.actor.label(), self.actor.id().to_owned(), action)
    }

    /// An audit record of `action` on one connector, filed under its owning tenant.
    pub fn audit_connector(
        &self,
        action: &str,
        cluster: &str,
        connector: &str,
        owner: Option<String>,
    ) -> crate::store::AuditEntry {
        let mut entry = self.audit(action);
        entry.tenant_id = owner;
        entry.cluster_id = Some(cluster.to_owned());
        entry.connector_name = Some(connector.to_owned());
        entry
    }

    /// Refuses with 403 unless the policy allows `action` on `on`.
    pub fn require(&self, action: Action, on: &Resource) -> Result<(), AppError> {
        if self.principal.may(action, on) {
            Ok(())
        } else {
            Err(AppError::Forbidden(action))
        }
    }
}

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    Store: FromRef<S>,
    Arc<AuthState>: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let (store, auth) = (Store::from_ref(state), Arc::<AuthState>::from_ref(state));
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if let Some(value) = bearer {
            let key = api_key::from_header(value).ok_or(AppError::Unauthenticated)?;
            return from_api_key(parts, &store, &auth, key).await;
        }
        from_session(parts, &store, &auth).await
    }
}

async fn from_api_key(
    parts: &Parts,
    store: &Store,
    auth: &AuthState,
    key: &str,
) -> Result<Caller, AppError> {
    let now = now_ms();
    let row = store
        .api_key_by_hash(&token::digest(key))
        .await?
        .filter(|k| k.is_live(now))
        .ok_or(AppError::Unauthenticated)?;
    // A key stands on the user who made it: disabled, deleted, demoted or moved, and the keys
    // they could no longer make stop with the change, not at their expiry.
    if let Some(owner) = &row.owner_id {
        let backed = store
            .user_by_id(owner)
            .await?
            .filter(|u| !u.disabled)
            .is_some_and(|u| {
                let principal = Principal {
                    role: u.role,
                    tenant: u.tenant_id,
                };
                principal.backs_key(row.role, row.tenant_id.as_deref())
            });
        if !backed {
            return Err(AppError::Unauthenticated);
        }
    }
    auth.key_limits
        .check(&row.id)
        .map_err(AppError::RateLimited)?;
    if let Some(tenant) = &row.tenant_id {
        auth.tenant_limits
            .check(tenant)
            .map_err(AppError::RateLimited)?;
    }
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map_or(parts.uri.path(), MatchedPath::as_str);
    auth.usage
        .record(&row.id, &format!("{} {route}", parts.method), now);
    // The client address, as the login throttle reads it; absent when the server was started
    // without connection info, and then there is nothing to note.
    if let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
        auth.key_addresses.note(store, &row, peer.ip()).await;
    }
    Ok(Caller {
        actor: Actor::ApiKey {
            id: row.id,
            name: row.name,
        },
        principal: Principal {
            role: row.role,
            tenant: row.tenant_id,
        },
        session: None,
    })
}

async fn from_session(parts: &Parts, store: &Store, auth: &AuthState) -> Result<Caller, AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let token = jar
        .get(session::COOKIE)
        .map(|c| c.value().to_owned())
        .ok_or(AppError::Unauthenticated)?;
    let row = session::lookup(store, &auth.session, &token)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let user = store
        .user_by_id(&row.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or(AppError::Unauthenticated)?;
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
        actor: Actor::User {
            id: user.id,
            username: user.username,
        },
        principal: Principal {
            role: user.role,
            tenant: user.tenant_id,
        },
        session: Some(SessionAuth {
            csrf_token: row.csrf_token,
            token,
        }),
    })
}
