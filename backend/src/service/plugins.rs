//! A plugin's config definitions for the config form, with the values Connect recommends for
//! each key attached: Connect's definitions leave them out, and only its validator says which
//! keys have a fixed set of values (Debezium's `snapshot.mode`, `publication.autocreate.mode`).

use std::collections::BTreeMap;

use sluice_shared::ConfigKeyInfo;
use sluice_shared::plugin::with_recommended;

use crate::clusters::Cluster;
use crate::error::AppError;

/// The definitions of `class`, each with its recommended values when Connect's validator
/// gives some. Without them the form still works (free text), so a failed validation is
/// logged and the bare definitions answered.
pub async fn definitions(cluster: &Cluster, class: &str) -> Result<Vec<ConfigKeyInfo>, AppError> {
    let defs = cluster
        .client
        .plugin_config(class)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    // A config naming only the plugin: its connection settings are missing, so Debezium
    // reports them as errors instead of connecting anywhere, and still recommends values.
    let probe = BTreeMap::from([("connector.class".to_owned(), class.to_owned())]);
    match cluster.client.validate_config(class, &probe).await {
        Ok(infos) => Ok(with_recommended(defs, &infos)),
        Err(e) => {
            tracing::warn!(cluster.id = %cluster.id, class, error = %e, "no recommended values; the form offers free text");
            Ok(defs)
        }
    }
}
