//! Lag samples: one figure per connector per lag interval.

use sluice_shared::health::LagMeasure;
use sqlx::Row;

use super::{Store, StoreError};

fn measure_str(m: LagMeasure) -> &'static str {
    match m {
        LagMeasure::WalBytes => "wal_bytes",
        LagMeasure::BinlogBytes => "binlog_bytes",
        LagMeasure::Records => "records",
    }
}

impl Store {
    pub async fn add_lag_sample(
        &self,
        cluster_id: &str,
        connector: &str,
        at_ms: i64,
        measure: LagMeasure,
        value: u64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO lag_samples (cluster_id, connector_name, at_ms, measure, value) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cluster_id, connector_name, at_ms) DO NOTHING",
        )
        .bind(cluster_id)
        .bind(connector)
        .bind(at_ms)
        .bind(measure_str(measure))
        .bind(i64::try_from(value).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A connector's samples since `from_ms`, oldest first: `(at_ms, value)`.
    pub async fn lag_samples(
        &self,
        cluster_id: &str,
        connector: &str,
        from_ms: i64,
    ) -> Result<Vec<(i64, u64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT at_ms, value FROM lag_samples WHERE cluster_id = $1 AND connector_name = $2 \
             AND at_ms >= $3 ORDER BY at_ms LIMIT 2000",
        )
        .bind(cluster_id)
        .bind(connector)
        .bind(from_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("at_ms")?,
                    u64::try_from(r.try_get::<i64, _>("value")?).unwrap_or(0),
                ))
            })
            .collect()
    }

    pub async fn prune_lag(&self, before_ms: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM lag_samples WHERE at_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
