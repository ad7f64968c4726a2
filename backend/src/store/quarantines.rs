//! Connectors stopped because they touched topics outside their tenant's namespace (found by
//! `guard.rs`). A row keeps the tenant from starting the connector until an admin releases it.

use std::collections::HashMap;

use sluice_shared::fleet::Quarantine;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{AuditEntry, Store, StoreError};
use crate::clock::now_ms;

fn from_row(row: &AnyRow) -> Result<Quarantine, sqlx::Error> {
    let topics: String = row.try_get("topics")?;
    Ok(Quarantine {
        topics: topics.lines().map(str::to_owned).collect(),
        found_at_ms: row.try_get("found_at")?,
    })
}

impl Store {
    /// Records a quarantine; `false` when the connector already was in quarantine (another
    /// replica or an earlier cycle found it first), so the finding is acted on once.
    pub async fn quarantine(
        &self,
        cluster_id: &str,
        connector: &str,
        tenant_id: &str,
        topics: &[&str],
    ) -> Result<bool, StoreError> {
        self.quarantine_audited(cluster_id, connector, tenant_id, topics, None)
            .await
    }

    /// [`Store::quarantine`] with `audit` written as pending in the same transaction (when
    /// this call is the one that quarantined it), before the stop is sent.
    pub async fn quarantine_audited(
        &self,
        cluster_id: &str,
        connector: &str,
        tenant_id: &str,
        topics: &[&str],
        audit: Option<&AuditEntry>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "INSERT INTO quarantines (cluster_id, connector_name, tenant_id, topics, found_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cluster_id, connector_name) DO NOTHING",
        )
        .bind(cluster_id)
        .bind(connector)
        .bind(tenant_id)
        .bind(topics.join("\n"))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if let Some(audit) = audit.filter(|_| done) {
            let mut pending = audit.clone();
            pending.result = super::audit::PENDING.to_owned();
            super::audit::insert(&mut *tx, &pending).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Lifts a quarantine; `false` when there was none.
    pub async fn release(&self, cluster_id: &str, connector: &str) -> Result<bool, StoreError> {
        let done =
            sqlx::query("DELETE FROM quarantines WHERE cluster_id = $1 AND connector_name = $2")
                .bind(cluster_id)
                .bind(connector)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn quarantined(
        &self,
        cluster_id: &str,
        connector: &str,
    ) -> Result<Option<Quarantine>, StoreError> {
        let row = sqlx::query(
            "SELECT topics, found_at FROM quarantines WHERE cluster_id = $1 AND connector_name = $2",
        )
        .bind(cluster_id)
        .bind(connector)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// Every quarantined connector of a cluster, by name.
    pub async fn quarantines(
        &self,
        cluster_id: &str,
    ) -> Result<HashMap<String, Quarantine>, StoreError> {
        let rows = sqlx::query(
            "SELECT connector_name, topics, found_at FROM quarantines WHERE cluster_id = $1",
        )
        .bind(cluster_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("connector_name")?, from_row(r)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}
