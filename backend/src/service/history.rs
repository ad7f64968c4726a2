//! Config history: the versions of a connector with what changed in each, and its upkeep —
//! a config seen that differs from the last stored version was changed
//! outside the console (or is seen for the first time) and is recorded as such.

use std::collections::BTreeMap;

use sluice_shared::history::{ConfigVersion, VersionSource, config_diff};

use crate::error::AppError;
use crate::store::{Store, StoreError};

/// Records `redacted` as an external version unless it equals the last stored one.
pub async fn observe(
    store: &Store,
    cluster_id: &str,
    connector: &str,
    redacted: &BTreeMap<String, String>,
) -> Result<(), StoreError> {
    let latest = store.latest_config_version(cluster_id, connector).await?;
    if latest.as_ref().is_some_and(|v| &v.config == redacted) {
        return Ok(());
    }
    let note = if latest.is_none() {
        "first seen by the console"
    } else {
        "changed outside the console"
    };
    store
        .append_config_version(
            cluster_id,
            connector,
            None,
            VersionSource::External,
            Some(note),
            redacted,
        )
        .await
        .map(drop)
}

/// Every stored version of a connector, newest first, each with what changed since the one
/// before it.
pub async fn versions(
    store: &Store,
    cluster_id: &str,
    connector: &str,
) -> Result<Vec<ConfigVersion>, AppError> {
    let stored = store.config_versions(cluster_id, connector).await?;
    let none = BTreeMap::new();
    Ok(stored
        .iter()
        .enumerate()
        .map(|(i, v)| ConfigVersion {
            version: v.version,
            at_ms: v.at_ms,
            actor: v.actor.clone(),
            source: v.source,
            note: v.note.clone(),
            config: v.config.clone(),
            changes: config_diff(stored.get(i + 1).map_or(&none, |p| &p.config), &v.config),
        })
        .collect())
}
