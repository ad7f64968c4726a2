//! The scheduler's lease (one replica runs the health checks; ShedLock's role in seed 002)
//! and the per-interval cycle claims that keep a hand-over from running a check twice.

use sqlx::Row;

use super::{Store, StoreError};

/// Who holds a lease, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRow {
    pub holder: String,
    pub expires_ms: i64,
}

/// Cycle claims older than this many slots are deleted as new ones are made.
const KEEP_SLOTS: i64 = 360;

impl Store {
    /// Takes or renews `name` for `holder` until `now_ms + ttl_ms`; `true` when `holder` has
    /// it now. One statement, so two replicas racing for a free lease cannot both win.
    pub async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now_ms: i64,
        ttl_ms: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO leases (name, holder, acquired_ms, expires_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET \
               acquired_ms = CASE WHEN leases.holder = excluded.holder \
                             THEN leases.acquired_ms ELSE excluded.acquired_ms END, \
               holder = excluded.holder, expires_ms = excluded.expires_ms \
             WHERE leases.holder = excluded.holder OR leases.expires_ms < $3",
        )
        .bind(name)
        .bind(holder)
        .bind(now_ms)
        .bind(now_ms + ttl_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease up (a clean shutdown), so another replica need not wait for it to expire.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn lease(&self, name: &str) -> Result<Option<LeaseRow>, StoreError> {
        let row = sqlx::query("SELECT holder, expires_ms FROM leases WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(LeaseRow {
                holder: r.try_get("holder")?,
                expires_ms: r.try_get("expires_ms")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| e.into())
    }

    /// Claims the cycle of `slot` for `cluster_id`; `true` for the one replica that gets it.
    pub async fn claim_cycle(
        &self,
        cluster_id: &str,
        slot: i64,
        holder: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO health_cycles (cluster_id, slot, holder, at_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (cluster_id, slot) DO NOTHING",
        )
        .bind(cluster_id)
        .bind(slot)
        .bind(holder)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            sqlx::query("DELETE FROM health_cycles WHERE cluster_id = $1 AND slot < $2")
                .bind(cluster_id)
                .bind(slot - KEEP_SLOTS)
                .execute(&self.pool)
                .await?;
        }
        Ok(done.rows_affected() == 1)
    }
}
