//! API keys: digests, scope (role and tenant), revocation, and synced usage counters.

use std::collections::HashMap;

use sluice_shared::policy::Role;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{self, AuditEntry};
use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub role: Role,
    pub tenant_id: Option<String>,
    pub created_by: String,
    /// The user whose rights the key stands on (see `Principal::backs_key`); `None` for a key
    /// no user made (nothing then withdraws it but revocation and expiry).
    pub owner_id: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub request_count: i64,
    pub last_used_at: Option<i64>,
}

impl ApiKeyRow {
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }
}

/// Requests made with one key since the last sync.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct UsageDelta {
    pub requests: i64,
    pub last_used_at: i64,
    pub per_endpoint: HashMap<String, i64>,
}

const COLUMNS: &str = "id, name, prefix, role, tenant_id, created_by, created_at, expires_at, revoked_at, \
                       request_count, last_used_at, owner_id";

fn from_row(row: &AnyRow) -> Result<ApiKeyRow, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(ApiKeyRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        role: Role::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        tenant_id: row.try_get("tenant_id")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
        request_count: row.try_get("request_count")?,
        last_used_at: row.try_get("last_used_at")?,
        owner_id: row.try_get("owner_id")?,
    })
}

impl Store {
    pub async fn insert_api_key(&self, key: &ApiKeyRow, key_hash: &str) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO api_keys ({COLUMNS}, key_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))
        .bind(&key.id)
        .bind(&key.name)
        .bind(&key.prefix)
        .bind(key.role.as_str())
        .bind(key.tenant_id.as_deref())
        .bind(&key.created_by)
        .bind(key.created_at)
        .bind(key.expires_at)
        .bind(key.revoked_at)
        .bind(key.request_count)
        .bind(key.last_used_at)
        .bind(key.owner_id.as_deref())
        .bind(key_hash)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_keys WHERE key_hash = $1"
        ))
        .bind(key_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    pub async fn api_key(&self, id: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(from_row).transpose()?)
    }

    /// Every key, or one tenant's, newest first.
    pub async fn api_keys(&self, tenant: Option<&str>) -> Result<Vec<ApiKeyRow>, StoreError> {
        let rows =
            match tenant {
                Some(t) => sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC"
                ))
                .bind(t)
                .fetch_all(&self.pool)
                .await?,
                None => {
                    sqlx::query(&format!(
                        "SELECT {COLUMNS} FROM api_keys ORDER BY created_at DESC"
                    ))
                    .fetch_all(&self.pool)
                    .await?
                }
            };
        Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
    }

    pub async fn revoke_api_key(&self, id: &str, now: i64) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds in-memory usage to the stored counters, in one transaction per sync.
    pub async fn add_api_key_usage(
        &self,
        deltas: &HashMap<String, UsageDelta>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (key_id, d) in deltas {
            sqlx::query(
                "UPDATE api_keys SET request_count = request_count + $1, \
                 last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < $2 THEN $2 ELSE last_used_at END \
                 WHERE id = $3",
            )
            .bind(d.requests)
            .bind(d.last_used_at)
            .bind(key_id)
            .execute(&mut *tx)
            .await?;
            for (endpoint, n) in &d.per_endpoint {
                let updated = sqlx::query(
                    "UPDATE api_key_endpoint_counts SET count = count + $1 WHERE key_id = $2 AND endpoint = $3",
                )
                .bind(*n)
                .bind(key_id)
                .bind(endpoint)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    sqlx::query("INSERT INTO api_key_endpoint_counts (key_id, endpoint, count) VALUES ($1, $2, $3)")
                        .bind(key_id)
                        .bind(endpoint)
                        .bind(*n)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records that `key_id` was used from `address`. The first time (on any replica sharing
    /// the database) it also appends `record`, in the same transaction, and answers `true`.
    pub async fn remember_key_address(
        &self,
        key_id: &str,
        address: &str,
        now: i64,
        record: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let took = sqlx::query(
            "INSERT INTO api_key_addresses (key_id, address, first_seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key_id, address) DO NOTHING",
        )
        .bind(key_id)
        .bind(address)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if took {
            audit::insert(&mut *tx, record).await?;
        }
        tx.commit().await?;
        Ok(took)
    }

    /// Stored per-endpoint counts of one key, busiest first.
    pub async fn api_key_endpoint_counts(
        &self,
        key_id: &str,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT endpoint, count FROM api_key_endpoint_counts WHERE key_id = $1 ORDER BY count DESC, endpoint",
        )
        .bind(key_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("endpoint")?, r.try_get("count")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}
