//! Webhook deliveries: an outbox of events per webhook, drained with retries by the
//! scheduler's lease holder, and what each webhook's recent deliveries came to.

use sluice_shared::health::FailedDelivery;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::from_row as audit_row;
use super::{AuditEntry, Store, StoreError};

/// A delivery waiting for its next attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: String,
    pub webhook: String,
    pub event: String,
    pub body: String,
    pub attempts: u32,
}

/// A webhook's deliveries since some time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub delivered: u64,
    pub failed: u64,
    pub pending: u64,
    pub last_delivered_ms: Option<i64>,
    pub retrying_error: Option<String>,
    pub recent_failures: Vec<FailedDelivery>,
}

/// What a finished attempt comes to.
pub enum Outcome<'a> {
    Delivered,
    Retry { next_ms: i64, error: &'a str },
    Failed { error: &'a str },
}

fn count(r: &AnyRow) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(r.try_get::<i64, _>("n")?).unwrap_or(0))
}

impl Store {
    /// Queues an event for a webhook, once: the same event queued again is ignored.
    pub async fn enqueue_delivery(
        &self,
        webhook: &str,
        event_id: &str,
        event: &str,
        summary: &str,
        body: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, webhook, event_id, event, summary, body, \
             created_ms, attempts, next_ms, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7, 'pending') \
             ON CONFLICT (webhook, event_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(webhook)
        .bind(event_id)
        .bind(event)
        .bind(summary)
        .bind(body)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deliveries due at `now_ms`, oldest first.
    pub async fn due_deliveries(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<Delivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, webhook, event, body, attempts FROM webhook_deliveries \
             WHERE state = 'pending' AND next_ms <= $1 ORDER BY created_ms, id LIMIT $2",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Delivery {
                    id: r.try_get("id")?,
                    webhook: r.try_get("webhook")?,
                    event: r.try_get("event")?,
                    body: r.try_get("body")?,
                    attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Records an attempt.
    pub async fn delivery_attempted(
        &self,
        id: &str,
        outcome: Outcome<'_>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let (state, next_ms, error, done) = match outcome {
            Outcome::Delivered => ("delivered", now_ms, None, Some(now_ms)),
            Outcome::Retry { next_ms, error } => ("pending", next_ms, Some(error), None),
            Outcome::Failed { error } => ("failed", now_ms, Some(error), Some(now_ms)),
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, state = $1, next_ms = $2, \
             last_error = COALESCE($3, last_error), done_ms = $4 WHERE id = $5",
        )
        .bind(state)
        .bind(next_ms)
        .bind(error)
        .bind(done)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Since when `webhook` takes audit entries: the first time this is asked.
    pub async fn webhook_since(&self, webhook: &str, now_ms: i64) -> Result<i64, StoreError> {
        sqlx::query(
            "INSERT INTO webhook_cursors (webhook, since_ms) VALUES ($1, $2) \
             ON CONFLICT (webhook) DO NOTHING",
        )
        .bind(webhook)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT since_ms FROM webhook_cursors WHERE webhook = $1")
            .bind(webhook)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("since_ms")?)
    }

    /// Audit entries written at or after `since_ms` not yet queued for `webhook`, oldest first.
    pub async fn audit_not_queued(
        &self,
        webhook: &str,
        since_ms: i64,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            // A pending entry waits until its outcome is known: a webhook gets it once, settled.
            "SELECT a.* FROM audit_log a WHERE a.at >= $1 AND a.result <> $4 AND NOT EXISTS \
             (SELECT 1 FROM webhook_deliveries d WHERE d.webhook = $2 AND d.event_id = a.id) \
             ORDER BY a.at, a.id LIMIT $3",
        )
        .bind(since_ms)
        .bind(webhook)
        .bind(limit)
        .bind(super::audit::PENDING)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_row).collect::<Result<_, _>>()?)
    }

    /// How `webhook`'s deliveries went since `since_ms`, and what is still pending.
    pub async fn delivery_stats(
        &self,
        webhook: &str,
        since_ms: i64,
    ) -> Result<DeliveryStats, StoreError> {
        let done = |state: &'static str| {
            sqlx::query(
                "SELECT COUNT(*) AS n FROM webhook_deliveries \
                 WHERE webhook = $1 AND state = $2 AND done_ms >= $3",
            )
            .bind(webhook)
            .bind(state)
            .bind(since_ms)
        };
        let delivered = count(&done("delivered").fetch_one(&self.pool).await?)?;
        let failed = count(&done("failed").fetch_one(&self.pool).await?)?;
        let pending = count(
            &sqlx::query(
                "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook = $1 AND state = 'pending'",
            )
            .bind(webhook)
            .fetch_one(&self.pool)
            .await?,
        )?;
        let last_delivered_ms = sqlx::query(
            "SELECT MAX(done_ms) AS at FROM webhook_deliveries WHERE webhook = $1 AND state = 'delivered'",
        )
        .bind(webhook)
        .fetch_one(&self.pool)
        .await?
        .try_get::<Option<i64>, _>("at")?;
        let retrying_error = sqlx::query(
            "SELECT last_error FROM webhook_deliveries WHERE webhook = $1 AND state = 'pending' \
             AND last_error IS NOT NULL ORDER BY next_ms DESC LIMIT 1",
        )
        .bind(webhook)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| r.try_get::<String, _>("last_error"))
        .transpose()?;
        let failures = sqlx::query(
            "SELECT done_ms, event, summary, attempts, last_error FROM webhook_deliveries \
             WHERE webhook = $1 AND state = 'failed' ORDER BY done_ms DESC LIMIT 10",
        )
        .bind(webhook)
        .fetch_all(&self.pool)
        .await?;
        let recent_failures = failures
            .iter()
            .map(|r| {
                Ok(FailedDelivery {
                    at_ms: r.try_get::<Option<i64>, _>("done_ms")?.unwrap_or_default(),
                    event: r.try_get("event")?,
                    summary: r.try_get("summary")?,
                    attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(0),
                    error: r
                        .try_get::<Option<String>, _>("last_error")?
                        .unwrap_or_default(),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(DeliveryStats {
            delivered,
            failed,
            pending,
            last_delivered_ms,
            retrying_error,
            recent_failures,
        })
    }
}
