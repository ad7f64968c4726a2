//! Auto-restart: policy overrides per tenant and per connector, and each connector's track
//! (attempts, failure times, persistent failure, pause).

use std::collections::HashMap;

use sluice_shared::health::{PolicyOverride, RestartTrack};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

/// The scope of a tenant's override.
pub fn tenant_scope(tenant: &str) -> String {
    format!("tenant:{tenant}")
}

/// The scope of one connector's override.
pub fn connector_scope(cluster_id: &str, connector: &str) -> String {
    format!("connector:{cluster_id}/{connector}")
}

fn track(r: &AnyRow) -> Result<RestartTrack, sqlx::Error> {
    Ok(RestartTrack {
        attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
        last_attempt_ms: r.try_get("last_attempt_ms")?,
        failing_since_ms: r.try_get("failing_since_ms")?,
        last_failed_ms: r.try_get("last_failed_ms")?,
        persistent_since_ms: r.try_get("persistent_since_ms")?,
        paused: r.try_get::<i64, _>("paused")? != 0,
    })
}

impl Store {
    /// Every override, by scope.
    pub async fn restart_policies(&self) -> Result<HashMap<String, PolicyOverride>, StoreError> {
        let rows = sqlx::query("SELECT scope, policy FROM restart_policies")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let scope: String = r.try_get("scope")?;
                let policy: String = r.try_get("policy")?;
                let policy = serde_json::from_str(&policy)
                    .map_err(|e| StoreError::Corrupt(format!("restart policy {scope}: {e}")))?;
                Ok((scope, policy))
            })
            .collect()
    }

    /// Sets the override of `scope`; an empty one removes it.
    pub async fn set_restart_policy(
        &self,
        scope: &str,
        policy: &PolicyOverride,
        by: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        if policy.is_empty() {
            sqlx::query("DELETE FROM restart_policies WHERE scope = $1")
                .bind(scope)
                .execute(&self.pool)
                .await?;
            return Ok(());
        }
        let json = serde_json::to_string(policy)
            .map_err(|e| StoreError::Corrupt(format!("restart policy: {e}")))?;
        sqlx::query(
            "INSERT INTO restart_policies (scope, policy, updated_by, updated_ms) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (scope) DO UPDATE SET policy = excluded.policy, \
             updated_by = excluded.updated_by, updated_ms = excluded.updated_ms",
        )
        .bind(scope)
        .bind(json)
        .bind(by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every track of a cluster, by connector.
    pub async fn restart_tracks(
        &self,
        cluster_id: &str,
    ) -> Result<HashMap<String, RestartTrack>, StoreError> {
        let rows = sqlx::query("SELECT * FROM restart_tracks WHERE cluster_id = $1")
            .bind(cluster_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("connector_name")?, track(r)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn restart_track(
        &self,
        cluster_id: &str,
        connector: &str,
    ) -> Result<RestartTrack, StoreError> {
        let row = sqlx::query(
            "SELECT * FROM restart_tracks WHERE cluster_id = $1 AND connector_name = $2",
        )
        .bind(cluster_id)
        .bind(connector)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(track).transpose()?.unwrap_or_default())
    }

    /// Writes a track (a default one, nothing worth keeping, is deleted).
    pub async fn set_restart_track(
        &self,
        cluster_id: &str,
        connector: &str,
        t: &RestartTrack,
    ) -> Result<(), StoreError> {
        if *t == RestartTrack::default() {
            sqlx::query("DELETE FROM restart_tracks WHERE cluster_id = $1 AND connector_name = $2")
                .bind(cluster_id)
                .bind(connector)
                .execute(&self.pool)
                .await?;
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO restart_tracks (cluster_id, connector_name, attempts, last_attempt_ms, \
             failing_since_ms, last_failed_ms, persistent_since_ms, paused) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (cluster_id, connector_name) DO UPDATE SET attempts = excluded.attempts, \
             last_attempt_ms = excluded.last_attempt_ms, \
             failing_since_ms = excluded.failing_since_ms, \
             last_failed_ms = excluded.last_failed_ms, \
             persistent_since_ms = excluded.persistent_since_ms, paused = excluded.paused",
        )
        .bind(cluster_id)
        .bind(connector)
        .bind(i64::from(t.attempts))
        .bind(t.last_attempt_ms)
        .bind(t.failing_since_ms)
        .bind(t.last_failed_ms)
        .bind(t.persistent_since_ms)
        .bind(i64::from(t.paused))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets a deleted connector's track and override.
    pub async fn forget_restarts(
        &self,
        cluster_id: &str,
        connector: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM restart_tracks WHERE cluster_id = $1 AND connector_name = $2")
            .bind(cluster_id)
            .bind(connector)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM restart_policies WHERE scope = $1")
            .bind(connector_scope(cluster_id, connector))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
