//! Which tenant owns which connector. Recorded when a connector is created or adopted
//! through the console; a connector without a row here is unowned.

use std::collections::HashMap;

use sqlx::Row;

use super::{AuditEntry, Store, StoreError};
use crate::clock::now_ms;

impl Store {
    /// Gives a connector to a tenant, replacing any previous owner.
    pub async fn set_owner(
        &self,
        cluster_id: &str,
        connector: &str,
        tenant_id: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        replace(&mut tx, cluster_id, connector, Some(tenant_id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives a connector to `tenant`, or makes it unowned, audited in the same transaction.
    pub async fn change_owner(
        &self,
        cluster_id: &str,
        connector: &str,
        tenant_id: Option<&str>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        replace(&mut tx, cluster_id, connector, tenant_id).await?;
        super::audit::insert(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn clear_owner(&self, cluster_id: &str, connector: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM connector_owners WHERE cluster_id = $1 AND connector_name = $2")
            .bind(cluster_id)
            .bind(connector)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every owned connector of a cluster: name → tenant id.
    pub async fn owners(&self, cluster_id: &str) -> Result<HashMap<String, String>, StoreError> {
        let rows = sqlx::query(
            "SELECT connector_name, tenant_id FROM connector_owners WHERE cluster_id = $1",
        )
        .bind(cluster_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("connector_name")?, r.try_get("tenant_id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}

impl Store {
    /// The tenant owning one connector, if any.
    pub async fn owner(
        &self,
        cluster_id: &str,
        connector: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT tenant_id FROM connector_owners WHERE cluster_id = $1 AND connector_name = $2",
        )
        .bind(cluster_id)
        .bind(connector)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.try_get("tenant_id")).transpose()?)
    }
}

/// The connector's owner row replaced by `tenant_id`'s, or removed.
async fn replace(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    cluster_id: &str,
    connector: &str,
    tenant_id: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM connector_owners WHERE cluster_id = $1 AND connector_name = $2")
        .bind(cluster_id)
        .bind(connector)
        .execute(&mut **tx)
        .await?;
    if let Some(tenant_id) = tenant_id {
        sqlx::query(
            "INSERT INTO connector_owners (cluster_id, connector_name, tenant_id, assigned_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(cluster_id)
        .bind(connector)
        .bind(tenant_id)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
