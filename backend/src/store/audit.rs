//! The audit log: insert and read, never delete. The one update is an entry's outcome: a
//! change the console cannot make in the same transaction as its record (Connect, Kafka, or
//! several statements) is recorded first as [`PENDING`] and settled once it is known, so a
//! console killed in between leaves a pending entry rather than a change nobody recorded.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};
use crate::clock::now_ms;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    /// `admin` or `key:deploy-bot`.
    pub actor: String,
    pub actor_id: String,
    pub tenant_id: Option<String>,
    pub cluster_id: Option<String>,
    pub connector_name: Option<String>,
    pub action: String,
    /// Redacted JSON describing the change.
    pub detail: Option<String>,
    /// `ok`, or what went wrong.
    pub result: String,
}

impl AuditEntry {
    pub fn new(actor: String, actor_id: String, action: &str) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            at: now_ms(),
            actor,
            actor_id,
            tenant_id: None,
            cluster_id: None,
            connector_name: None,
            action: action.to_owned(),
            detail: None,
            result: "ok".to_owned(),
        }
    }
}

/// The outcome of an entry written before its change was made.
pub const PENDING: &str = "pending";

/// Marks an entry whose change was under way when the console stopped.
pub const UNKNOWN_PREFIX: &str = "unknown:";

impl AuditEntry {
    /// Marks the entry failed with the error's message when `outcome` is an error.
    pub fn record_outcome<T, E: std::fmt::Display>(&mut self, outcome: &Result<T, E>) {
        if let Err(e) = outcome {
            self.result = format!("failed: {e}");
        }
    }
}

pub(super) fn from_row(r: &AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        actor_id: r.try_get("actor_id")?,
        tenant_id: r.try_get("tenant_id")?,
        cluster_id: r.try_get("cluster_id")?,
        connector_name: r.try_get("connector_name")?,
        action: r.try_get("action")?,
        detail: r.try_get("detail")?,
        result: r.try_get("result")?,
    })
}

/// Appends `e` through `db`: the pool, or a transaction the record belongs to.
pub(super) async fn insert<'c, E>(db: E, e: &AuditEntry) -> Result<(), StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor, actor_id, tenant_id, cluster_id, connector_name, action, detail, result) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&e.id)
    .bind(e.at)
    .bind(&e.actor)
    .bind(&e.actor_id)
    .bind(e.tenant_id.as_deref())
    .bind(e.cluster_id.as_deref())
    .bind(e.connector_name.as_deref())
    .bind(&e.action)
    .bind(e.detail.as_deref())
    .bind(&e.result)
    .execute(db)
    .await?;
    Ok(())
}

impl Store {
    /// Files `e` with its outcome: settles the entry [`Store::intend_audit`] wrote, or appends
    /// it when none was. An entry the sweep already gave up on takes the real outcome.
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        let settled = sqlx::query(
            "UPDATE audit_log SET result = $1, detail = $2 WHERE id = $3 AND (result = $4 OR result LIKE $5)",
        )
        .bind(&e.result)
        .bind(e.detail.as_deref())
        .bind(&e.id)
        .bind(PENDING)
        .bind(format!("{UNKNOWN_PREFIX}%"))
        .execute(&self.pool)
        .await?
        .rows_affected();
        if settled == 0 {
            insert(&self.pool, e).await?;
        }
        Ok(())
    }

    /// Writes `e` as pending before the change it records is sent anywhere: if the database
    /// refuses, the change is not made. [`Store::append_audit`] with the same entry settles it.
    pub async fn intend_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        let mut pending = e.clone();
        pending.result = PENDING.to_owned();
        insert(&self.pool, &pending).await
    }

    /// Makes a change to the console's own database with `entry` written pending before it
    /// and settled after it (failed with the change's error when it fails): a console killed
    /// in between leaves an entry the recovery sweep settles, never a change without one.
    pub async fn audited<T, E>(
        &self,
        entry: &mut AuditEntry,
        change: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + std::fmt::Display,
    {
        self.intend_audit(entry).await?;
        let outcome = change.await;
        entry.record_outcome(&outcome);
        self.append_audit(entry).await?;
        outcome
    }

    /// Entries still pending that were written before `before_ms`, oldest first.
    pub async fn pending_audits(&self, before_ms: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM audit_log WHERE result = $1 AND at < $2 ORDER BY at, id LIMIT 500",
        )
        .bind(PENDING)
        .bind(before_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    /// Gives a pending entry the outcome found after the fact; `false` when it was settled
    /// meanwhile (by its own request, or another replica's sweep).
    pub async fn settle_pending_audit(&self, id: &str, result: &str) -> Result<bool, StoreError> {
        let n = sqlx::query("UPDATE audit_log SET result = $1 WHERE id = $2 AND result = $3")
            .bind(result)
            .bind(id)
            .bind(PENDING)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Newest first; one tenant's entries, or all of them.
    pub async fn audit(
        &self,
        tenant: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows =
            match tenant {
                Some(t) => sqlx::query(
                    "SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY at DESC, id LIMIT $2",
                )
                .bind(t)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
                None => {
                    sqlx::query("SELECT * FROM audit_log ORDER BY at DESC, id LIMIT $1")
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?
                }
            };
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }
}
