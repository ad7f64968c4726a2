//! Changing a connector's config: PUT, PATCH, rollback and import are one [`Edit`] each,
//! applied the same way — sentinels back to the stored secrets, the tenant's namespace kept,
//! sent, audited (redacted before/after), versioned.
//!
//! Every read and every console change compares the config with the last stored version, so
//! changes made outside the console are recorded as such before the console's own.

use std::collections::BTreeMap;

use sluice_shared::history::{VersionSource, config_patch, redacted_diff};
use sluice_shared::{ApiError, ErrorCode, RedactedConfig, redact};

use super::target::Target;
use crate::auth::Caller;
use crate::error::AppError;
use crate::state::AppState;

/// A connector's stored config, raw and redacted.
pub struct Stored {
    pub raw: BTreeMap<String, String>,
    pub view: RedactedConfig,
}

/// What kind of change a new config is, which decides how it is sent, audited and versioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The whole config replaced (`PUT …/config`).
    Put,
    /// Only the changed keys sent (Connect 3.8+); removed keys as null.
    Patch,
    /// An earlier version put back.
    Rollback { version: i64 },
    /// A connector's config from an import document.
    Import,
}

impl Edit {
    fn source(&self) -> VersionSource {
        match self {
            Edit::Put | Edit::Patch => VersionSource::Edit,
            Edit::Rollback { .. } => VersionSource::Rollback,
            Edit::Import => VersionSource::Import,
        }
    }

    fn audit_action(&self) -> &'static str {
        match self {
            Edit::Put | Edit::Patch => "edit_config",
            Edit::Rollback { .. } => "rollback_config",
            Edit::Import => "import_config",
        }
    }

    fn note(&self) -> Option<String> {
        match self {
            Edit::Put | Edit::Patch => None,
            Edit::Rollback { version } => Some(format!("rollback to version {version}")),
            Edit::Import => Some("imported".to_owned()),
        }
    }
}

/// The stored config, after recording it if it changed outside the console.
pub async fn current(state: &AppState, t: &Target) -> Result<Stored, AppError> {
    observed(state, t, t.stored_config().await?).await
}

/// Redacts a config just read from Connect and records it if it changed outside the console.
pub async fn observed(
    state: &AppState,
    t: &Target,
    raw: BTreeMap<String, String>,
) -> Result<Stored, AppError> {
    let view = redact::redacted_view(&raw, &*t.cluster.password_keys_for(&raw).await);
    super::history::observe(
        &state.store,
        t.cluster.id.as_str(),
        t.name.as_str(),
        &view.config,
    )
    .await?;
    Ok(Stored { raw, view })
}

/// An edited (redacted) config made ready for Connect: sentinels back to the stored secrets,
/// the tenant's namespace, no rename, a connector class. Every problem at once.
pub async fn prepare(
    state: &AppState,
    caller: &Caller,
    t: &Target,
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
                    "the hidden secret cannot be kept here (a new key, or a value changed \
                     around it): give the whole value",
                )
                .with_field(format!("config.{key}")),
            );
        }
        BTreeMap::new()
    });
    if let Some(owner) = &t.owner
        && let Some(tenant) = state.store.tenant(owner).await?
    {
        // Checked with the secrets put back, so an override an admin set compares equal.
        let checked = if restored.is_empty() {
            edited
        } else {
            &restored
        };
        errors.extend(
            super::namespace::errors(caller, &t.cluster, &tenant, None, checked, Some(stored))
                .await,
        );
    }
    if let Some(report) = t.cluster.legacy_report(edited).await {
        errors.extend(report.api_errors());
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
    AppError::check_all(errors)?;
    Ok(restored)
}

/// Applies an edited (redacted) config over `stored` (what the caller just read): prepared,
/// sent, audited, versioned. The connector must have been authorized for `EditConfig`.
pub async fn apply(
    state: &AppState,
    caller: &Caller,
    t: &Target,
    stored: &Stored,
    edited: &BTreeMap<String, String>,
    edit: Edit,
) -> Result<RedactedConfig, AppError> {
    let (stored, stored_view) = (&stored.raw, &stored.view);
    let restored = prepare(state, caller, t, edited, stored).await?;
    let keys = t.cluster.password_keys_for(&restored).await;
    let after = redact::redact_config(&restored, &keys);
    let note = edit.note();
    let mut entry = t.audit(caller, edit.audit_action());
    entry.detail = Some(
        serde_json::json!({
            "before": stored_view.config,
            "after": after,
            "changes": redacted_diff(stored, &restored, &stored_view.config, &after),
            "note": note,
        })
        .to_string(),
    );
    let client = &t.cluster.client;
    let write = async {
        if edit == Edit::Patch {
            client
                .patch_connector_config(&t.name, &config_patch(stored, &restored))
                .await
        } else {
            client.put_connector_config(&t.name, &restored).await
        }
    };
    let outcome = t.attempt(state, &entry, write).await?;
    let info = t.finish(state, entry, outcome).await?;
    let view = redact::redacted_view(&info.config, &keys);
    state
        .store
        .append_config_version(
            t.cluster.id.as_str(),
            t.name.as_str(),
            Some(&caller.actor.label()),
            edit.source(),
            note.as_deref(),
            &view.config,
        )
        .await?;
    Ok(view)
}

/// Puts version `version` back. Its secrets are sentinels, so the current secrets stay.
pub async fn rollback(
    state: &AppState,
    caller: &Caller,
    t: &Target,
    version: i64,
) -> Result<RedactedConfig, AppError> {
    // A connector never seen before gets its current config as version 1 first.
    let stored = current(state, t).await?;
    let earlier = state
        .store
        .config_versions(t.cluster.id.as_str(), t.name.as_str())
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or(AppError::Invalid {
            field: "version",
            message: format!("no version {version} of this connector"),
        })?;
    apply(
        state,
        caller,
        t,
        &stored,
        &earlier.config,
        Edit::Rollback { version },
    )
    .await
}
