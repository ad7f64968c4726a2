//! Redrive jobs: what was sent from which DLQ, by whom, how far it got.

use sluice_shared::dlq::{JobState, OffsetRange, RedriveJob};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{AuditEntry, Store, StoreError};
use crate::clock::now_ms;

/// A running job whose heartbeat is older than this lost its server.
pub const STALE_MS: i64 = 30_000;

fn state_name(s: JobState) -> &'static str {
    match s {
        JobState::Running => "running",
        JobState::Done => "done",
        JobState::Cancelled => "cancelled",
        JobState::Failed => "failed",
        JobState::Interrupted => "interrupted",
    }
}

fn from_row(row: &AnyRow) -> Result<RedriveJob, sqlx::Error> {
    let state = match row.try_get::<String, _>("state")?.as_str() {
        "running" if now_ms() - row.try_get::<i64, _>("heartbeat_ms")? > STALE_MS => {
            JobState::Interrupted
        }
        "running" => JobState::Running,
        "done" => JobState::Done,
        "cancelled" => JobState::Cancelled,
        "failed" => JobState::Failed,
        _ => JobState::Interrupted,
    };
    let count = |c: &str| {
        row.try_get::<i64, _>(c)
            .map(|v| u64::try_from(v).unwrap_or(0))
    };
    Ok(RedriveJob {
        id: row.try_get("id")?,
        cluster: row.try_get("cluster_id")?,
        connector: row.try_get("connector_name")?,
        dlq_topic: row.try_get("dlq_topic")?,
        target: row.try_get("target")?,
        state,
        total: count("total")?,
        sent: count("sent")?,
        rate_per_second: u32::try_from(row.try_get::<i64, _>("rate")?).unwrap_or(0),
        ranges: serde_json::from_str(&row.try_get::<String, _>("ranges")?).unwrap_or_default(),
        created_by: row.try_get("created_by")?,
        created_ms: row.try_get("created_ms")?,
        finished_ms: row.try_get("finished_ms")?,
        error: row.try_get("error")?,
    })
}

fn ranges_json(ranges: &[OffsetRange]) -> String {
    serde_json::to_string(ranges).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Records a new job and its audit entry in one transaction: neither exists without the
    /// other, whenever the console stops.
    pub async fn insert_redrive(
        &self,
        job: &RedriveJob,
        tenant: Option<&str>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO redrive_jobs (id, cluster_id, connector_name, tenant_id, dlq_topic, \
             target, state, total, sent, rate, ranges, created_by, created_ms, finished_ms, \
             heartbeat_ms, error) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(&job.id)
        .bind(&job.cluster)
        .bind(&job.connector)
        .bind(tenant)
        .bind(&job.dlq_topic)
        .bind(&job.target)
        .bind(state_name(job.state))
        .bind(i64::try_from(job.total).unwrap_or(i64::MAX))
        .bind(i64::try_from(job.sent).unwrap_or(i64::MAX))
        .bind(i64::from(job.rate_per_second))
        .bind(ranges_json(&job.ranges))
        .bind(&job.created_by)
        .bind(job.created_ms)
        .bind(job.finished_ms)
        .bind(now_ms())
        .bind(&job.error)
        .execute(&mut *tx)
        .await?;
        super::audit::insert(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Progress of a running job (also its heartbeat), with what it waits for if it waits
    /// (shown as its error while it runs); `false` once the job was cancelled.
    pub async fn redrive_progress(
        &self,
        id: &str,
        sent: u64,
        waiting: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE redrive_jobs SET sent = $1, heartbeat_ms = $2, error = $3 \
             WHERE id = $4 AND state = 'running'",
        )
        .bind(i64::try_from(sent).unwrap_or(i64::MAX))
        .bind(now_ms())
        .bind(waiting)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a running job cancelled, audited in the same transaction; its runner stops at
    /// its next progress write. `false` when it was no longer running (nothing audited).
    pub async fn cancel_redrive(&self, id: &str, audit: &AuditEntry) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let cancelled = sqlx::query(
            "UPDATE redrive_jobs SET state = 'cancelled' WHERE id = $1 AND state = 'running'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if cancelled {
            super::audit::insert(&mut *tx, audit).await?;
        }
        tx.commit().await?;
        Ok(cancelled)
    }

    /// A job's end: its state, what it sent (the ranges become those actually sent, so a
    /// cancelled job does not block what it never sent) and why it failed.
    pub async fn finish_redrive(
        &self,
        id: &str,
        state: JobState,
        sent: u64,
        sent_ranges: &[OffsetRange],
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE redrive_jobs SET state = $1, sent = $2, ranges = $3, error = $4, \
             finished_ms = $5, heartbeat_ms = $5 WHERE id = $6",
        )
        .bind(state_name(state))
        .bind(i64::try_from(sent).unwrap_or(i64::MAX))
        .bind(ranges_json(sent_ranges))
        .bind(error)
        .bind(now_ms())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn redrive(&self, id: &str) -> Result<Option<RedriveJob>, StoreError> {
        let row = sqlx::query("SELECT * FROM redrive_jobs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// Redrives of one DLQ topic (any connector naming it), newest first.
    pub async fn redrives_of_queue(
        &self,
        cluster_id: &str,
        dlq_topic: &str,
    ) -> Result<Vec<RedriveJob>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM redrive_jobs WHERE cluster_id = $1 AND dlq_topic = $2 \
             ORDER BY created_ms DESC",
        )
        .bind(cluster_id)
        .bind(dlq_topic)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(from_row)
            .collect::<Result<_, _>>()
            .map_err(Into::into)
    }
}
