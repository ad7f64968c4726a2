//! Config history upkeep: a config seen that differs from the last stored version was changed
//! outside the console (or is seen for the first time) and is recorded as such.

use std::collections::BTreeMap;

use sluice_shared::history::VersionSource;

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
