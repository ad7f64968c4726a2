//! Which replica runs the scheduler: the holder of a lease row in the console database,
//! renewed while it lives and taken over by another replica once it expires.

use std::time::Duration;

use tokio::sync::watch;

use crate::clock::now_ms;
use crate::store::Store;

/// The lease the scheduler (and the topic guard and DLQ sampler) run under.
pub const SCHEDULER_LEASE: &str = "scheduler";

pub struct Leadership {
    /// This replica's name in the lease row.
    pub replica: String,
    pub ttl: Duration,
    /// Whether this replica held the lease at its last renewal; watched by the tasks that run
    /// only on the holder, so they start the moment it is taken.
    leader: watch::Sender<bool>,
}

impl Leadership {
    pub fn new(replica: String, ttl: Duration) -> Self {
        Self {
            replica,
            ttl,
            leader: watch::channel(false).0,
        }
    }

    /// Whether this replica held the lease at its last renewal.
    pub fn is_leader(&self) -> bool {
        *self.leader.borrow()
    }

    /// Resolves once this replica holds the lease (at once if it does).
    pub async fn until_leader(&self) {
        let mut rx = self.leader.subscribe();
        // The sender lives as long as `self`: the wait cannot fail while it is borrowed.
        let _ = rx.wait_for(|leader| *leader).await;
    }

    /// Takes or renews the lease; a database that does not answer means stepping down.
    pub async fn renew(&self, store: &Store) -> bool {
        let ttl = i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX);
        let held = match store
            .take_lease(SCHEDULER_LEASE, &self.replica, now_ms(), ttl)
            .await
        {
            Ok(held) => held,
            Err(e) => {
                tracing::warn!(error = %e, "scheduler lease not renewed; stepping down");
                false
            }
        };
        let was = self.leader.send_replace(held);
        if held != was {
            tracing::info!(replica = %self.replica, leader = held, "scheduler lease changed hands");
        }
        held
    }

    /// Lets the lease go at shutdown, so another replica takes over at once.
    pub async fn release(&self, store: &Store) {
        if self.leader.send_replace(false)
            && let Err(e) = store.release_lease(SCHEDULER_LEASE, &self.replica).await
        {
            tracing::warn!(error = %e, "scheduler lease not released");
        }
    }
}

/// The configured name, or host name and process id (unique among replicas on one host).
pub fn replica_id(configured: Option<String>) -> String {
    configured
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            let host = std::env::var("HOSTNAME")
                .ok()
                .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "sluice".to_owned());
            format!("{host}:{}", std::process::id())
        })
}
