//! Measures every measurable connector's lag each lag interval (on the lease holder only),
//! stores the figure for the lag graph, and hands the alerts what is above its threshold.

use std::collections::BTreeSet;
use std::time::Duration;

use futures::StreamExt;
use sluice_shared::health::{LagMeasure, lag_high};
use sluice_shared::{ConnectorName, ConnectorType};

use crate::alerts::Look;
use crate::clock::now_ms;
use crate::clusters::Cluster;
use crate::service::lag;
use crate::state::AppState;

/// What measuring a sink needs, read from the fleet listing.
struct SinkTarget {
    group: Option<String>,
    topics: Vec<String>,
}

/// Connectors measured at once per cluster: a source costs a Connect call and a database
/// round trip, a sink a Kafka round trip.
const CONCURRENCY: usize = 4;

pub fn start(state: AppState) {
    let every = state.health.lag_interval;
    if every.is_zero() {
        return;
    }
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every.max(Duration::from_secs(1)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if !state.health.leadership.is_leader() {
                continue;
            }
            let runs = state.clusters.iter().map(|c| sample(&state, c));
            futures::future::join_all(runs).await;
        }
    });
}

async fn sample(state: &AppState, cluster: &Cluster) {
    let id = cluster.id.as_str();
    let listing = state.fleet.listing(cluster).await;
    let Ok(entries) = &listing.entries else {
        return;
    };
    // A sink is measured from what the listing read of its config (group and topics); a
    // source needs its database credentials, which only its own config call gives.
    let wanted: Vec<(ConnectorName, Option<String>, Option<SinkTarget>)> = entries
        .iter()
        .filter(|(_, e)| {
            lag::measurable(
                e.connector.connector_class.as_deref().unwrap_or_default(),
                e.connector.connector_type == ConnectorType::Sink,
            )
        })
        .filter_map(|(name, e)| {
            let sink = (e.connector.connector_type == ConnectorType::Sink).then(|| SinkTarget {
                group: listing.sink_groups.get(name).cloned(),
                topics: listing
                    .topics
                    .get(name)
                    .map(|t| t.names.clone())
                    .unwrap_or_default(),
            });
            Some((ConnectorName::parse(name).ok()?, e.tenant.clone(), sink))
        })
        .collect();
    let at = now_ms();
    let measured: Vec<_> = futures::stream::iter(wanted)
        .map(|(name, tenant, sink)| async move {
            let figures = match sink {
                Some(s) => Ok(vec![lag::sink_lag(cluster, &name, s.group, s.topics).await]),
                None => lag::measure(cluster, &name).await.map(|l| l.figures),
            };
            (name, tenant, figures)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let alerts = &state.alerts;
    let mut look = Look {
        at_ms: at,
        known: BTreeSet::new(),
        observed: Vec::new(),
    };
    for (name, tenant, result) in measured {
        let Ok(figures) = result else { continue };
        let Some(figure) = figures.iter().find(|f| f.value.is_some()) else {
            continue;
        };
        let value = figure.value.unwrap_or_default();
        if let Err(e) = state
            .store
            .add_lag_sample(id, name.as_str(), at, figure.measure, value)
            .await
        {
            tracing::warn!(cluster.id = id, error = %e, "lag sample not stored");
        }
        look.known.insert(name.to_string());
        let threshold = match figure.measure {
            LagMeasure::Records => alerts.lag_records_above,
            LagMeasure::WalBytes | LagMeasure::BinlogBytes => alerts.lag_bytes_above,
        };
        look.observed.extend(lag_high(
            id,
            name.as_str(),
            tenant.as_deref(),
            figure,
            threshold,
        ));
    }
    alerts.lag.record(id, look);
}
