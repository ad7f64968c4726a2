//! API-key usage statistics: counted in memory on the hot path, added to the database by
//! a background task on an interval (the role ApiKeyStatsSyncScheduler plays in seed 002),
//! so a busy script costs one write per interval, not one per request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::store::{Store, UsageDelta};

#[derive(Default)]
pub struct UsageTracker {
    pending: Mutex<HashMap<String, UsageDelta>>,
}

impl UsageTracker {
    pub fn record(&self, key_id: &str, endpoint: &str, now: i64) {
        let mut pending = self.lock();
        let d = pending.entry(key_id.to_owned()).or_default();
        d.requests += 1;
        d.last_used_at = d.last_used_at.max(now);
        *d.per_endpoint.entry(endpoint.to_owned()).or_default() += 1;
    }

    /// Not yet synced usage of one key (added to stored counts when showing a key).
    pub fn pending(&self, key_id: &str) -> Option<UsageDelta> {
        self.lock().get(key_id).cloned()
    }

    /// Writes what accumulated; on failure puts it back for the next round.
    pub async fn sync(&self, store: &Store) {
        let batch = std::mem::take(&mut *self.lock());
        if batch.is_empty() {
            return;
        }
        if let Err(e) = store.add_api_key_usage(&batch).await {
            tracing::warn!(error = %e, keys = batch.len(), "API key usage sync failed; will retry");
            let mut pending = self.lock();
            for (key, d) in batch {
                let p = pending.entry(key).or_default();
                p.requests += d.requests;
                p.last_used_at = p.last_used_at.max(d.last_used_at);
                for (endpoint, n) in d.per_endpoint {
                    *p.per_endpoint.entry(endpoint).or_default() += n;
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, UsageDelta>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Runs `sync` every `every` for as long as the process lives.
pub fn spawn_sync(tracker: std::sync::Arc<UsageTracker>, store: Store, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            tracker.sync(&store).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_endpoint_and_keeps_the_latest_use() {
        let t = UsageTracker::default();
        t.record("k1", "GET /api/v1/clusters", 10);
        t.record("k1", "GET /api/v1/clusters", 5);
        t.record("k1", "GET /api/v1/clusters/{cluster}/connectors", 20);
        let d = t.pending("k1").unwrap();
        assert_eq!(d.requests, 3);
        assert_eq!(d.last_used_at, 20);
        assert_eq!(d.per_endpoint["GET /api/v1/clusters"], 2);
        assert!(t.pending("k2").is_none());
    }
}
