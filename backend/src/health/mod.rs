//! The health scheduler: every interval, one replica (the lease holder) looks at every
//! cluster through the fleet feed's shared list call, records what changed and how many
//! connectors are in each state, and restarts failing connectors by policy, escalating those
//! a restart does not fix. The topic guard and the DLQ sampler run only on the holder too.

pub mod auto_restart;
pub mod cycle;
pub mod exporters;
pub mod lag_sampler;
pub mod lease;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sluice_shared::health::{LastCycle, RestartPolicy};

use crate::clock::now_ms;
use crate::clusters::Cluster;
use crate::settings::HealthSettings;
use crate::state::AppState;
pub use lease::Leadership;

/// The scheduler's settings and what it knows of its own runs.
pub struct Health {
    pub leadership: Arc<Leadership>,
    pub interval: Duration,
    pub retention: Duration,
    /// How often lag is measured (zero: never).
    pub lag_interval: Duration,
    /// The console-wide auto-restart policy.
    pub policy: RestartPolicy,
    /// Each cluster's last cycle on this replica.
    last_cycles: Mutex<HashMap<String, LastCycle>>,
}

impl Health {
    pub fn new(settings: &HealthSettings) -> Self {
        let interval = settings.interval.max(Duration::from_secs(1));
        Self {
            leadership: Arc::new(Leadership::new(
                lease::replica_id(settings.replica_id.clone()),
                settings.lease_ttl.max(interval * 2),
            )),
            interval,
            retention: settings.retention,
            lag_interval: settings.lag_interval,
            policy: settings.auto_restart.clone(),
            last_cycles: Mutex::new(HashMap::new()),
        }
    }

    fn interval_ms(&self) -> i64 {
        i64::try_from(self.interval.as_millis()).unwrap_or(i64::MAX)
    }

    pub fn last_cycles(&self) -> Vec<LastCycle> {
        let mut v: Vec<_> = self
            .last_cycles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect();
        v.sort_by(|a, b| a.cluster_id.cmp(&b.cluster_id));
        v
    }
}

/// Starts the scheduler: the lease is renewed at least three times per lease time, and each
/// cluster's cycle runs once per interval slot, claimed in the database so that two replicas
/// (one losing the lease as the other takes it) never both run it.
pub fn start(state: AppState) {
    tokio::spawn(async move {
        let health = state.health.clone();
        let tick = health
            .interval
            .min(health.leadership.ttl / 3)
            .max(Duration::from_millis(500));
        let mut ticks = tokio::time::interval(tick);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruned_ms = 0_i64;
        loop {
            ticks.tick().await;
            if !health.leadership.renew(&state.store).await {
                continue;
            }
            let now = now_ms();
            let slot = now / health.interval_ms();
            let runs = state
                .clusters
                .iter()
                .map(|cluster| run_claimed(&state, cluster, slot, now));
            futures::future::join_all(runs).await;
            // Retention once an hour is plenty.
            if now - pruned_ms > 3_600_000 {
                pruned_ms = now;
                let keep = i64::try_from(health.retention.as_millis()).unwrap_or(i64::MAX);
                match state.store.prune_health(now.saturating_sub(keep)).await {
                    Ok(n) if n > 0 => tracing::info!(rows = n, "old health history deleted"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "health history not pruned"),
                }
                if let Err(e) = state.store.prune_lag(now.saturating_sub(keep)).await {
                    tracing::warn!(error = %e, "old lag samples not pruned");
                }
                match state.store.prune_alerts(now.saturating_sub(keep)).await {
                    Ok(n) if n > 0 => tracing::info!(rows = n, "old alerts and deliveries deleted"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "old alerts not pruned"),
                }
            }
        }
    });
}

/// Runs `cluster`'s cycle of `slot` if this replica claims it first.
async fn run_claimed(state: &AppState, cluster: &Cluster, slot: i64, now: i64) {
    let id = cluster.id.as_str();
    let replica = &state.health.leadership.replica;
    match state.store.claim_cycle(id, slot, replica, now).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(cluster.id = id, error = %e, "health cycle not claimed");
            return;
        }
    }
    let started = std::time::Instant::now();
    if let Err(e) = cycle::run(state, cluster, now).await {
        tracing::warn!(cluster.id = id, error = %e, "health cycle incomplete");
    }
    state
        .metrics
        .cycles
        .get_or_create(&crate::metrics::Metrics::cluster(id))
        .inc();
    state
        .health
        .last_cycles
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(
            id.to_owned(),
            LastCycle {
                cluster_id: id.to_owned(),
                at_ms: now,
                took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            },
        );
}
