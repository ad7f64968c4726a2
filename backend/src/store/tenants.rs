//! Tenants: a connector-name prefix and a `topic.prefix` namespace each.

use sqlx::Row;
use sqlx::any::AnyRow;

use sluice_shared::tenancy::Namespace;

use super::{Store, StoreError};
use crate::clock::now_ms;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: String,
    pub display_name: String,
    pub connector_prefix: String,
    pub topic_prefix: String,
    /// Classes an admin allowed beyond what the console can reason about.
    pub allowed_classes: Vec<String>,
    /// Field-name patterns masked in record views for roles below admin.
    pub masked_fields: Vec<String>,
    pub created_at: i64,
}

impl Tenant {
    /// What this tenant's members see masked.
    pub fn mask(&self) -> sluice_shared::masking::Mask {
        sluice_shared::masking::Mask::new(&self.masked_fields)
    }

    /// What this tenant's connectors may touch.
    pub fn namespace(&self) -> Namespace {
        Namespace {
            connector_prefix: self.connector_prefix.clone(),
            topic_prefix: self.topic_prefix.clone(),
            allowed_classes: self.allowed_classes.clone(),
        }
    }
}

fn from_row(row: &AnyRow) -> Result<Tenant, sqlx::Error> {
    Ok(Tenant {
        id: row.try_get("id")?,
        display_name: row.try_get("display_name")?,
        connector_prefix: row.try_get("connector_prefix")?,
        topic_prefix: row.try_get("topic_prefix")?,
        allowed_classes: row
            .try_get::<String, _>("allowed_classes")?
            .lines()
            .map(str::to_owned)
            .collect(),
        masked_fields: row
            .try_get::<String, _>("masked_fields")?
            .lines()
            .map(str::to_owned)
            .collect(),
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_tenant(
        &self,
        id: &str,
        display_name: &str,
        connector_prefix: &str,
        topic_prefix: &str,
        allowed_classes: &[String],
        masked_fields: &[String],
    ) -> Result<Tenant, StoreError> {
        let tenant = Tenant {
            id: id.to_owned(),
            display_name: display_name.to_owned(),
            connector_prefix: connector_prefix.to_owned(),
            topic_prefix: topic_prefix.to_owned(),
            allowed_classes: allowed_classes.to_vec(),
            masked_fields: masked_fields.to_vec(),
            created_at: now_ms(),
        };
        sqlx::query(
            "INSERT INTO tenants \
             (id, display_name, connector_prefix, topic_prefix, allowed_classes, masked_fields, \
              created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&tenant.id)
        .bind(&tenant.display_name)
        .bind(&tenant.connector_prefix)
        .bind(&tenant.topic_prefix)
        .bind(tenant.allowed_classes.join("\n"))
        .bind(tenant.masked_fields.join("\n"))
        .bind(tenant.created_at)
        .execute(&self.pool)
        .await
        .map_err(|e| {
            StoreError::from(e).duplicate_as(format!("tenant {id} (or one of its prefixes)"))
        })?;
        Ok(tenant)
    }

    /// Replaces the classes an admin allows the tenant and/or its masked fields (each when
    /// given); `None` when there is no such tenant.
    pub async fn update_tenant(
        &self,
        id: &str,
        classes: Option<&[String]>,
        masked_fields: Option<&[String]>,
    ) -> Result<Option<Tenant>, StoreError> {
        for (column, value) in [
            ("allowed_classes", classes),
            ("masked_fields", masked_fields),
        ] {
            if let Some(value) = value {
                // `column` is one of two literals above, never input.
                sqlx::query(&format!("UPDATE tenants SET {column} = $1 WHERE id = $2"))
                    .bind(value.join("\n"))
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
            }
        }
        self.tenant(id).await
    }

    pub async fn tenant(&self, id: &str) -> Result<Option<Tenant>, StoreError> {
        let row = sqlx::query("SELECT * FROM tenants WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    pub async fn tenants(&self) -> Result<Vec<Tenant>, StoreError> {
        let rows = sqlx::query("SELECT * FROM tenants ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }
}
