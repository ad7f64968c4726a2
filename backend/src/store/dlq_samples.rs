//! DLQ depth samples: a queue's depth and the sum of its high watermarks over time, kept two
//! days, from which growth over the last hour and day is computed.

use sluice_shared::dlq::Sample;
use sqlx::Row;

use super::{Store, StoreError};

/// Samples older than this are deleted: the day's growth needs a day and a margin.
const KEEP_MS: i64 = 2 * 86_400_000;

impl Store {
    pub async fn add_dlq_sample(
        &self,
        cluster_id: &str,
        topic: &str,
        sample: Sample,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO dlq_samples (cluster_id, topic, at_ms, depth, written) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cluster_id, topic, at_ms) DO NOTHING",
        )
        .bind(cluster_id)
        .bind(topic)
        .bind(sample.at_ms)
        .bind(i64::try_from(sample.depth).unwrap_or(i64::MAX))
        .bind(i64::try_from(sample.written).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        sqlx::query("DELETE FROM dlq_samples WHERE cluster_id = $1 AND topic = $2 AND at_ms < $3")
            .bind(cluster_id)
            .bind(topic)
            .bind(sample.at_ms - KEEP_MS)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A queue's samples, oldest first.
    pub async fn dlq_samples(
        &self,
        cluster_id: &str,
        topic: &str,
    ) -> Result<Vec<Sample>, StoreError> {
        let rows = sqlx::query(
            "SELECT at_ms, depth, written FROM dlq_samples \
             WHERE cluster_id = $1 AND topic = $2 ORDER BY at_ms",
        )
        .bind(cluster_id)
        .bind(topic)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Sample {
                    at_ms: r.try_get("at_ms")?,
                    depth: u64::try_from(r.try_get::<i64, _>("depth")?).unwrap_or(0),
                    written: u64::try_from(r.try_get::<i64, _>("written")?).unwrap_or(0),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}
