//! One connector's config: read (secrets redacted), replace (PUT) or patch (PATCH) with the
//! sentinel keeping stored secrets, validate an edit through Connect (with the real secrets,
//! answered redacted), and the version history with rollback (see `service::edit`).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use sluice_shared::history::{ConfigVersion, RollbackRequest};
use sluice_shared::{ConfigInfos, Known, RedactedConfig};

use super::authorized::{Authorized, Edit as MayEdit, ReadConfig};
use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::edit::{self, Edit};
use crate::service::history;
use crate::state::AppState;

pub fn routes() -> Routes {
    let config = "/clusters/{cluster}/connectors/{name}/config";
    Routes::default()
        .get(config, get_config)
        .put(config, put_config)
        .patch(config, patch_config)
        .put(
            "/clusters/{cluster}/connectors/{name}/config/validate",
            validate_config,
        )
        .get(
            "/clusters/{cluster}/connectors/{name}/config/history",
            get_history,
        )
        .post(
            "/clusters/{cluster}/connectors/{name}/config/rollback",
            rollback,
        )
}

/// The config as Connect last answered it: marked pending, at once, when it hangs.
async fn get_config(
    State(state): State<AppState>,
    a: Authorized<ReadConfig>,
) -> Result<Json<Known<RedactedConfig>>, AppError> {
    let t = &a.target;
    let read = async { Ok::<_, AppError>(edit::current(&state, t).await?.view) };
    Ok(Json(
        t.cluster.pages.config.read(t.name.as_str(), read).await?,
    ))
}

/// Replaces the config. Values still showing the redaction sentinel keep the stored secret,
/// so a user edits other fields without re-typing passwords.
async fn put_config(
    State(state): State<AppState>,
    a: Authorized<MayEdit>,
    JsonBody(edited): JsonBody<BTreeMap<String, String>>,
) -> Result<Json<RedactedConfig>, AppError> {
    let (t, caller) = (&a.target, &a.caller);
    let stored = edit::current(&state, t).await?;
    let view = edit::apply(&state, caller, t, &stored, &edited, Edit::Put).await?;
    Ok(Json(view))
}

/// Changes only the given keys; `null` removes a key.
async fn patch_config(
    State(state): State<AppState>,
    a: Authorized<MayEdit>,
    JsonBody(patch): JsonBody<BTreeMap<String, Option<String>>>,
) -> Result<Json<RedactedConfig>, AppError> {
    let (t, caller) = (&a.target, &a.caller);
    if patch.is_empty() {
        return Err(AppError::Invalid {
            field: "config",
            message: "name at least one key to change".into(),
        });
    }
    let stored = edit::current(&state, t).await?;
    let mut edited = stored.view.config.clone();
    for (key, value) in patch {
        match value {
            Some(v) => edited.insert(key, v),
            None => edited.remove(&key),
        };
    }
    let view = edit::apply(&state, caller, t, &stored, &edited, Edit::Patch).await?;
    Ok(Json(view))
}

/// Connect's per-field verdict on an edit, run with the real secrets and answered without them.
/// Debezium opens real database connections here, so the UI debounces its calls.
async fn validate_config(
    State(state): State<AppState>,
    a: Authorized<MayEdit>,
    JsonBody(edited): JsonBody<BTreeMap<String, String>>,
) -> Result<Json<ConfigInfos>, AppError> {
    let t = &a.target;
    let stored = t.stored_config().await?;
    let class = edited.get("connector.class").cloned().unwrap_or_default();
    let legacy = t.cluster.legacy_report(&edited).await;
    // The console's own refusals (a topic outside the namespace, a removed 1.x key) are shown
    // at their keys like Connect's, and Connect never sees such a config.
    let restored = match edit::prepare(&state, &a.caller, t, &edited, &stored).await {
        Err(AppError::InvalidMany(refused)) => {
            return match ConfigInfos::from_refusals(&class, &refused) {
                Some(mut infos) => {
                    infos.legacy = legacy;
                    Ok(Json(infos))
                }
                None => Err(AppError::InvalidMany(refused)),
            };
        }
        other => other?,
    };
    let keys = t.cluster.password_keys_for(&restored).await;
    let mut infos = t
        .cluster
        .client
        .validate_config(&class, &restored)
        .await
        .map_err(t.connect_error())?;
    infos.redact_values(&keys);
    Ok(Json(infos.with_legacy(legacy)))
}

/// Newest first, each with what changed since the version before it.
async fn get_history(
    State(state): State<AppState>,
    a: Authorized<ReadConfig>,
) -> Result<Json<Vec<ConfigVersion>>, AppError> {
    let t = &a.target;
    // A connector that no longer exists still has its history.
    if let Err(e) = edit::current(&state, t).await
        && !matches!(e, AppError::Connect { .. })
    {
        return Err(e);
    }
    let versions = history::versions(&state.store, t.cluster.id.as_str(), t.name.as_str());
    Ok(Json(versions.await?))
}

/// Puts an earlier version back. Its secrets are sentinels, so the current secrets stay.
async fn rollback(
    State(state): State<AppState>,
    a: Authorized<MayEdit>,
    JsonBody(req): JsonBody<RollbackRequest>,
) -> Result<Json<RedactedConfig>, AppError> {
    let (t, caller) = (&a.target, &a.caller);
    Ok(Json(edit::rollback(&state, caller, t, req.version).await?))
}
