//! The audit log: insert and read, never update or delete.

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
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        insert(&self.pool, e).await
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
