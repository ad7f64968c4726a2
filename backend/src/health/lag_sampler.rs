//! Measures every measurable connector's lag each lag interval (on the lease holder only),
//! stores the figure for the lag graph, and hands the alerts what is above its threshold.

use std::collections::BTreeSet;
use std::time::Duration;

use futures::StreamExt;
use sluice_shared::ConnectorName;
use sluice_shared::health::{LagMeasure, lag_high};

use crate::alerts::Look;
use crate::clock::now_ms;
use crate::clusters::Cluster;
use crate::service::lag;
use crate::state::AppState;

/// Connectors measured at once per cluster: each costs a Connect call and a database or
/// Kafka round trip.
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
    let wanted: Vec<(ConnectorName, Option<String>)> = entries
        .iter()
        .filter(|(_, e)| {
            lag::measurable(
                e.connector.connector_class.as_deref().unwrap_or_default(),
                e.connector.connector_type == sluice_shared::ConnectorType::Sink,
            )
        })
        .filter_map(|(name, e)| Some((ConnectorName::parse(name).ok()?, e.tenant.clone())))
        .collect();
    let at = now_ms();
    let measured: Vec<_> = futures::stream::iter(wanted)
        .map(|(name, tenant)| async move {
            let result = lag::measure(cluster, &name).await;
            (name, tenant, result)
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
        let Ok(l) = result else { continue };
        let Some(figure) = l.figures.iter().find(|f| f.value.is_some()) else {
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
