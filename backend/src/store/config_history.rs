//! Stored config versions (secrets already redacted by the caller).

use std::collections::BTreeMap;

use sluice_shared::history::VersionSource;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};
use crate::clock::now_ms;

/// One row of `config_versions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub version: i64,
    pub at_ms: i64,
    pub actor: Option<String>,
    pub source: VersionSource,
    pub note: Option<String>,
    pub config: BTreeMap<String, String>,
}

fn from_row(r: &AnyRow) -> Result<StoredVersion, StoreError> {
    let config: String = r.try_get("config")?;
    let source: String = r.try_get("source")?;
    Ok(StoredVersion {
        version: r.try_get("version")?,
        at_ms: r.try_get("at")?,
        actor: r.try_get("actor")?,
        source: VersionSource::parse(&source),
        note: r.try_get("note")?,
        config: serde_json::from_str(&config).map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

impl Store {
    /// Newest first.
    pub async fn config_versions(
        &self,
        cluster_id: &str,
        connector: &str,
    ) -> Result<Vec<StoredVersion>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM config_versions WHERE cluster_id = $1 AND connector_name = $2 ORDER BY version DESC",
        )
        .bind(cluster_id)
        .bind(connector)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn latest_config_version(
        &self,
        cluster_id: &str,
        connector: &str,
    ) -> Result<Option<StoredVersion>, StoreError> {
        let row = sqlx::query(
            "SELECT * FROM config_versions WHERE cluster_id = $1 AND connector_name = $2 ORDER BY version DESC LIMIT 1",
        )
        .bind(cluster_id)
        .bind(connector)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Appends the next version. Two replicas racing for the same number: the primary key
    /// refuses the second, which retries once with the next number.
    pub async fn append_config_version(
        &self,
        cluster_id: &str,
        connector: &str,
        actor: Option<&str>,
        source: VersionSource,
        note: Option<&str>,
        config: &BTreeMap<String, String>,
    ) -> Result<i64, StoreError> {
        let json = serde_json::to_string(config).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut last_error = None;
        for _ in 0..2 {
            let next = self
                .latest_config_version(cluster_id, connector)
                .await?
                .map_or(1, |v| v.version + 1);
            let inserted = sqlx::query(
                "INSERT INTO config_versions (cluster_id, connector_name, version, at, actor, source, note, config) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(cluster_id)
            .bind(connector)
            .bind(next)
            .bind(now_ms())
            .bind(actor.map(str::to_owned))
            .bind(source.as_str())
            .bind(note.map(str::to_owned))
            .bind(json.clone())
            .execute(&self.pool)
            .await;
            match inserted {
                Ok(_) => return Ok(next),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.map_or_else(|| StoreError::Corrupt("no attempt".into()), Into::into))
    }
}
