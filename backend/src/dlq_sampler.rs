//! Samples every DLQ's watermarks on a schedule, watched or not, so growth over the last hour
//! and day is known when someone looks (and when the alerts that come next ask).

use std::collections::HashMap;
use std::time::Duration;

use sluice_shared::health::dlq_receiving;

use crate::alerts::Look;
use crate::clock::now_ms;
use crate::service::dlq::{self, QueueHealth};
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
            // Each DLQ's records written as of the previous sample: a rise is an alert.
            let mut written: HashMap<String, u64> = HashMap::new();
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                // One replica samples (the scheduler's lease holder); the others would only
                // write the same figures again.
                if !state.health.leadership.is_leader() {
                    // A later lead compares with its own first sample, not with a stale one.
                    written.clear();
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
                match dlq::health(&state, cluster, queues).await {
                    Ok(measured) => {
                        let look = compare(id.as_str(), &measured, &mut written, now_ms());
                        state.alerts.dlq.record(id.as_str(), look);
                    }
                    Err(e) => {
                        tracing::warn!(cluster.id = %id, error = %e, "DLQ sampling: Kafka unreadable");
                    }
                }
            }
        });
    }
}

/// This sample against the one before: which queues received records since (one observation
/// per connector writing there), and which could be compared at all.
fn compare(
    cluster: &str,
    measured: &[QueueHealth],
    written: &mut HashMap<String, u64>,
    at_ms: i64,
) -> Look {
    let mut look = Look {
        at_ms,
        ..Look::default()
    };
    for q in measured {
        let topic = &q.queue.definition.topic;
        if let Some(&before) = written.get(topic) {
            look.known.insert(topic.clone());
            if q.depth.written > before {
                look.observed.push(dlq_receiving(
                    cluster,
                    &q.queue.connector,
                    q.queue.owner.as_deref(),
                    topic,
                    q.depth.written - before,
                ));
            }
        }
    }
    written.clear();
    for q in measured {
        written.insert(q.queue.definition.topic.clone(), q.depth.written);
    }
    look
}
