//! One connector's config: read (secrets redacted), replace (PUT) or patch (PATCH) with the
//! sentinel keeping stored secrets, validate an edit through Connect (with the real secrets,
//! answered redacted), and the version history with rollback.
//!
//! Every read and every console change compares the config with the last stored version, so
//! changes made outside the console are recorded as such before the console's own.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use sluice_shared::history::{
    ConfigVersion, RollbackRequest, VersionSource, config_diff, config_patch,
};
use sluice_shared::policy::Action;
use sluice_shared::{ApiError, ConfigInfos, ErrorCode, RedactedConfig, redact, tenancy};

use crate::api::access::{self, Target};
use crate::api::json::JsonBody;
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/clusters/{cluster}/connectors/{name}/config",
            get(get_config).put(put_config).patch(patch_config),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/config/validate",
            put(validate_config),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/config/history",
            get(history),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/config/rollback",
            post(rollback),
        )
}

type ConnectorPath = Path<(String, String)>;

/// A connector's stored config, raw and redacted.
pub struct Stored {
    pub raw: BTreeMap<String, String>,
    pub view: RedactedConfig,
}

/// The stored config, after recording it if it changed outside the console.
async fn current(state: &AppState, t: &Target<'_>) -> Result<Stored, AppError> {
    observed(state, t, t.stored_config().await?).await
}

/// Redacts a config just read from Connect and records it if it changed outside the console.
pub async fn observed(
    state: &AppState,
    t: &Target<'_>,
    raw: BTreeMap<String, String>,
) -> Result<Stored, AppError> {
    let view = redact::redacted_view(&raw, &*t.cluster.password_keys_for(&raw).await);
    crate::history::observe(
        &state.store,
        t.cluster.id.as_str(),
        t.name.as_str(),
        &view.config,
    )
    .await?;
    Ok(Stored { raw, view })
}

async fn get_config(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
) -> Result<Json<RedactedConfig>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ReadConfig).await?;
    Ok(Json(current(&state, &t).await?.view))
}

/// An edited (redacted) config made ready for Connect: sentinels back to the stored secrets,
/// the tenant's namespace, no rename, a connector class. Every problem at once.
pub async fn prepare(
    state: &AppState,
    t: &Target<'_>,
    edited: &BTreeMap<String, String>,
    stored: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, AppError> {
    let class = edited
        .get("connector.class")
        .or(stored.get("connector.class"))
        .cloned()
        .unwrap_or_default();
    let keys = t.cluster.password_keys(&class).await;
    let mut errors = Vec::new();
    let restored = redact::restore_secrets(edited, stored, &keys).unwrap_or_else(|missing| {
        for key in missing {
            errors.push(
                ApiError::new(
                    ErrorCode::InvalidInput,
                    "no stored secret to keep for a new key: give the value",
                )
                .with_field(format!("config.{key}")),
            );
        }
        BTreeMap::new()
    });
    if let Some(owner) = &t.owner
        && let Some(tenant) = state.store.tenant(owner).await?
    {
        errors.extend(
            tenancy::namespace_errors(
                t.name.as_str(),
                edited,
                &tenant.connector_prefix,
                &tenant.topic_prefix,
            )
            .into_iter()
            .filter(|e| e.field.as_deref() != Some("name")),
        );
    }
    if edited.get("name").is_some_and(|n| n != t.name.as_str()) {
        errors.push(
            ApiError::new(ErrorCode::InvalidInput, "a connector cannot be renamed")
                .with_field("config.name"),
        );
    }
    if !edited.contains_key("connector.class") {
        errors.push(
            ApiError::new(ErrorCode::InvalidInput, "connector.class is required")
                .with_field("config.connector.class"),
        );
    }
    if errors.is_empty() {
        Ok(restored)
    } else {
        Err(AppError::InvalidMany(errors))
    }
}

/// How an accepted change is sent to Connect.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Send {
    Put,
    /// Only the changed keys (Connect 3.8+); removed keys are sent as null.
    Patch,
}

/// Applies an edited (redacted) config over `stored` (what the caller just read): prepared,
/// sent, audited, versioned. Shared by PUT, PATCH, rollback and import.
#[allow(
    clippy::too_many_arguments,
    reason = "each caller differs in every one"
)]
pub async fn apply(
    state: &AppState,
    caller: &Caller,
    t: &Target<'_>,
    stored: &Stored,
    edited: &BTreeMap<String, String>,
    how: Send,
    source: VersionSource,
    note: Option<String>,
) -> Result<RedactedConfig, AppError> {
    let (stored, stored_view) = (&stored.raw, &stored.view);
    let restored = prepare(state, t, edited, stored).await?;
    let client = &t.cluster.client;
    let outcome = match how {
        Send::Put => client.put_connector_config(&t.name, &restored).await,
        Send::Patch => {
            client
                .patch_connector_config(&t.name, &config_patch(stored, &restored))
                .await
        }
    };
    let keys = t.cluster.password_keys_for(&restored).await;
    let after = redact::redact_config(&restored, &keys);
    let action = match source {
        VersionSource::Rollback => "rollback_config",
        VersionSource::Import => "import_config",
        _ => "edit_config",
    };
    let mut entry = t.audit(caller, action);
    entry.detail = Some(
        serde_json::json!({
            "before": stored_view.config,
            "after": after,
            "changes": config_diff(&stored_view.config, &after),
            "note": note,
        })
        .to_string(),
    );
    entry.record_outcome(&outcome);
    state.store.append_audit(&entry).await?;
    state.fleet.invalidate(t.cluster.id.as_str());
    let info = outcome.map_err(t.connect_error())?;
    let view = redact::redacted_view(&info.config, &keys);
    state
        .store
        .append_config_version(
            t.cluster.id.as_str(),
            t.name.as_str(),
            Some(&caller.actor.label()),
            source,
            note.as_deref(),
            &view.config,
        )
        .await?;
    Ok(view)
}

/// Replaces the config. Values still showing the redaction sentinel keep the stored secret,
/// so a user edits other fields without re-typing passwords.
async fn put_config(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
    JsonBody(edited): JsonBody<BTreeMap<String, String>>,
) -> Result<Json<RedactedConfig>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::EditConfig).await?;
    let stored = current(&state, &t).await?;
    let view = apply(
        &state,
        &caller,
        &t,
        &stored,
        &edited,
        Send::Put,
        VersionSource::Edit,
        None,
    )
    .await?;
    Ok(Json(view))
}

/// Changes only the given keys; `null` removes a key.
async fn patch_config(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
    JsonBody(patch): JsonBody<BTreeMap<String, Option<String>>>,
) -> Result<Json<RedactedConfig>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::EditConfig).await?;
    if patch.is_empty() {
        return Err(AppError::Invalid {
            field: "config",
            message: "name at least one key to change".into(),
        });
    }
    let stored = current(&state, &t).await?;
    let mut edited = stored.view.config.clone();
    for (key, value) in patch {
        match value {
            Some(v) => edited.insert(key, v),
            None => edited.remove(&key),
        };
    }
    let view = apply(
        &state,
        &caller,
        &t,
        &stored,
        &edited,
        Send::Patch,
        VersionSource::Edit,
        None,
    )
    .await?;
    Ok(Json(view))
}

/// Connect's per-field verdict on an edit, run with the real secrets and answered without them.
/// Debezium opens real database connections here, so the UI debounces its calls.
async fn validate_config(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
    JsonBody(edited): JsonBody<BTreeMap<String, String>>,
) -> Result<Json<ConfigInfos>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::EditConfig).await?;
    let stored = t.stored_config().await?;
    let restored = prepare(&state, &t, &edited, &stored).await?;
    let class = restored.get("connector.class").cloned().unwrap_or_default();
    let keys = t.cluster.password_keys_for(&restored).await;
    let mut infos = t
        .cluster
        .client
        .validate_config(&class, &restored)
        .await
        .map_err(t.connect_error())?;
    infos.redact_values(&keys);
    Ok(Json(infos))
}

/// Newest first, each with what changed since the version before it.
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
) -> Result<Json<Vec<ConfigVersion>>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ReadConfig).await?;
    // A connector that no longer exists still has its history.
    if let Err(e) = current(&state, &t).await
        && !matches!(e, AppError::Connect { .. })
    {
        return Err(e);
    }
    let stored = state
        .store
        .config_versions(t.cluster.id.as_str(), t.name.as_str())
        .await?;
    let versions = stored
        .iter()
        .enumerate()
        .map(|(i, v)| ConfigVersion {
            version: v.version,
            at_ms: v.at_ms,
            actor: v.actor.clone(),
            source: v.source,
            note: v.note.clone(),
            config: v.config.clone(),
            changes: config_diff(
                stored
                    .get(i + 1)
                    .map(|p| &p.config)
                    .unwrap_or(&BTreeMap::new()),
                &v.config,
            ),
        })
        .collect();
    Ok(Json(versions))
}

/// Puts an earlier version back. Its secrets are sentinels, so the current secrets stay.
async fn rollback(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
    JsonBody(req): JsonBody<RollbackRequest>,
) -> Result<Json<RedactedConfig>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::EditConfig).await?;
    // A connector never seen before gets its current config as version 1 first.
    let stored = current(&state, &t).await?;
    let target = state
        .store
        .config_versions(t.cluster.id.as_str(), t.name.as_str())
        .await?
        .into_iter()
        .find(|v| v.version == req.version)
        .ok_or(AppError::Invalid {
            field: "version",
            message: format!("no version {} of this connector", req.version),
        })?;
    let note = format!("rollback to version {}", req.version);
    let view = apply(
        &state,
        &caller,
        &t,
        &stored,
        &target.config,
        Send::Put,
        VersionSource::Rollback,
        Some(note),
    )
    .await?;
    Ok(Json(view))
}
