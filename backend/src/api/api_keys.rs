//! `/api/v1/api-keys`: create (shown once), list with usage, inspect, revoke.
//! Admins manage every key; operators their own tenant's keys, at most with their own role.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::api_key::{ApiKeyInfo, CreateApiKey, CreatedApiKey, EndpointCount};
use sluice_shared::policy::{Action, Resource, Role};

use crate::api::extract::{JsonBody, Path};
use crate::api::routes::Routes;
use crate::auth::{Actor, Caller, api_key, token};
use crate::clock::now_ms;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ApiKeyRow;

pub fn routes() -> Routes {
    Routes::default()
        .get("/api-keys", list_api_keys)
        .post("/api-keys", create_api_key)
        .get("/api-keys/{id}", get_api_key)
        .delete("/api-keys/{id}", revoke_api_key)
}

/// What managing keys of `tenant` means for the policy: a tenant's keys, or console-wide ones.
fn scope(tenant: Option<&str>) -> Resource {
    tenant.map_or(Resource::Console, |t| Resource::Tenant(t.to_owned()))
}

async fn create_api_key(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<CreateApiKey>,
) -> Result<(StatusCode, Json<CreatedApiKey>), AppError> {
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::Invalid {
            field: "name",
            message: "give the key a name of 1 to 100 characters".into(),
        });
    }
    // Operators default to their own tenant; tenant roles need one, console roles must not have one.
    let tenant = req.tenant.clone().or_else(|| {
        (caller.principal.role == Role::Operator)
            .then(|| caller.principal.tenant.clone())
            .flatten()
    });
    match (req.role, &tenant) {
        (Role::Operator | Role::Viewer, None) => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: "operator and viewer keys belong to a tenant".into(),
            });
        }
        (Role::Admin | Role::Support, Some(_)) => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: "admin and support keys span every tenant".into(),
            });
        }
        _ => {}
    }
    caller.require(Action::ManageApiKeys, &scope(tenant.as_deref()))?;
    if !req.role.grantable_by(caller.principal.role) {
        return Err(AppError::Forbidden(Action::ManageApiKeys));
    }
    if let Some(t) = &tenant
        && state.store.tenant(t).await?.is_none()
    {
        return Err(AppError::Invalid {
            field: "tenant",
            message: format!("no tenant `{t}`"),
        });
    }
    // A key made with a key stands on the same user as the key that made it.
    let owner_id = match &caller.actor {
        Actor::User { id, .. } => Some(id.clone()),
        Actor::ApiKey { id, .. } => state.store.api_key(id).await?.and_then(|k| k.owner_id),
        Actor::Scheduler => None,
    };
    let now = now_ms();
    let (key, prefix) = api_key::generate();
    let row = ApiKeyRow {
        id: uuid::Uuid::new_v4().to_string(),
        name: name.to_owned(),
        prefix,
        role: req.role,
        tenant_id: tenant,
        created_by: caller.actor.label(),
        owner_id,
        created_at: now,
        expires_at: req.expires_in_days.map(|d| now + i64::from(d) * 86_400_000),
        revoked_at: None,
        request_count: 0,
        last_used_at: None,
    };
    state
        .store
        .insert_api_key(&row, &token::digest(&key))
        .await?;
    tracing::info!(key.id = %row.id, by = %caller.actor.label(), "API key created");
    Ok((
        StatusCode::CREATED,
        Json(CreatedApiKey {
            key,
            info: info(&state, row),
        }),
    ))
}

async fn list_api_keys(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiKeyInfo>>, AppError> {
    let tenant = match caller.principal.role {
        Role::Admin => None,
        _ => Some(
            caller
                .principal
                .tenant
                .clone()
                .ok_or(AppError::Forbidden(Action::ManageApiKeys))?,
        ),
    };
    caller.require(Action::ManageApiKeys, &scope(tenant.as_deref()))?;
    let rows = state.store.api_keys(tenant.as_deref()).await?;
    Ok(Json(rows.into_iter().map(|r| info(&state, r)).collect()))
}

async fn get_api_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ApiKeyInfo>, AppError> {
    let row = visible_key(&state, &caller, &id).await?;
    let mut counts: std::collections::HashMap<String, i64> = state
        .store
        .api_key_endpoint_counts(&row.id)
        .await?
        .into_iter()
        .collect();
    if let Some(pending) = state.auth.usage.pending(&row.id) {
        for (endpoint, n) in pending.per_endpoint {
            *counts.entry(endpoint).or_default() += n;
        }
    }
    let mut endpoints: Vec<EndpointCount> = counts
        .into_iter()
        .map(|(endpoint, count)| EndpointCount { endpoint, count })
        .collect();
    endpoints.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.endpoint.cmp(&b.endpoint))
    });
    let mut out = info(&state, row);
    out.endpoints = endpoints;
    Ok(Json(out))
}

async fn revoke_api_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let row = visible_key(&state, &caller, &id).await?;
    state.store.revoke_api_key(&row.id, now_ms()).await?;
    tracing::info!(key.id = %row.id, by = %caller.actor.label(), "API key revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// The key, if the caller may manage it; an invisible key is reported as missing.
async fn visible_key(state: &AppState, caller: &Caller, id: &str) -> Result<ApiKeyRow, AppError> {
    let row = state
        .store
        .api_key(id)
        .await?
        .ok_or(AppError::NotFound("API key"))?;
    if !caller
        .principal
        .may(Action::ManageApiKeys, &scope(row.tenant_id.as_deref()))
    {
        return Err(AppError::NotFound("API key"));
    }
    Ok(row)
}

/// The row as the API shows it, with usage not yet synced added in.
fn info(state: &AppState, r: ApiKeyRow) -> ApiKeyInfo {
    let pending = state.auth.usage.pending(&r.id).unwrap_or_default();
    let last_used = match (r.last_used_at, pending.last_used_at) {
        (stored, 0) => stored,
        (Some(s), p) => Some(s.max(p)),
        (None, p) => Some(p),
    };
    ApiKeyInfo {
        request_count: r.request_count + pending.requests,
        last_used_at_ms: last_used,
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        role: r.role,
        tenant: r.tenant_id,
        created_by: r.created_by,
        created_at_ms: r.created_at,
        expires_at_ms: r.expires_at,
        revoked_at_ms: r.revoked_at,
        endpoints: Vec::new(),
    }
}
