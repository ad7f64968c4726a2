//! Samples every DLQ's watermarks on a schedule, watched or not, so growth over the last hour
//! and day is known when someone looks (and when the alerts that come next ask).

use std::time::Duration;

use crate::service::dlq;
use crate::state::AppState;

/// One sampler per cluster with Kafka settings; the first sample after one interval (a view
/// of the list samples too, so a restarted console is not blind meanwhile).
pub fn start(state: AppState) {
    for cluster in state.clusters.iter() {
        let Some(kafka) = &cluster.kafka else {
            continue;
        };
        let every = kafka.sample_interval.max(Duration::from_secs(1));
        let (state, id) = (state.clone(), cluster.id.clone());
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                // One replica samples (the scheduler's lease holder); the others would only
                // write the same figures again.
                if !state.health.leadership.is_leader() {
                    continue;
                }
                let Ok(cluster) = state.clusters.get(&id) else {
                    return;
                };
                let queues = match dlq::discover(&state, cluster).await {
                    Ok((queues, _)) => queues,
                    Err(e) => {
                        tracing::debug!(cluster.id = %id, error = %e, "DLQ sampling: no connector list");
                        continue;
                    }
                };
                if let Err(e) = dlq::health(&state, cluster, queues).await {
                    tracing::warn!(cluster.id = %id, error = %e, "DLQ sampling: Kafka unreadable");
                }
            }
        });
    }
}
