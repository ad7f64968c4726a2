//! One cluster at a glance: `GET /clusters/{cluster}/overview` (Connect version, workers and
//! their task balance, installed plugins) and `GET /clusters/{cluster}/topology` (workers →
//! connectors → tasks → configured topics).
//!
//! Both read the fleet feed's cached listing (statuses and configs from one
//! `GET /connectors?expand=status&expand=info` per interval, shared by every viewer), never a
//! list call per viewer. Counts, workers and connectors are those the caller may read;
//! the version and the plugins are the cluster's and shown to everyone signed in. The active
//! topics (KIP-558, one call per connector) are left to the connector's own `…/topics`
//! route, which the UI asks only for the connector a user opens.

use axum::Json;
use axum::extract::State;
use sluice_shared::fleet::FleetEntry;
use sluice_shared::overview::{
    ClusterOverview, ClusterTopology, TopologyConnector, TopologyTask, balance,
};
use sluice_shared::policy::{Action, Resource};

use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::fleet::Listing;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/overview", get_overview)
        .get("/clusters/{cluster}/topology", get_topology)
}

/// The listing's connectors the caller may read, or why the cluster could not be listed.
fn readable<'l>(
    caller: &Caller,
    cluster: &str,
    listing: &'l Listing,
) -> Result<Vec<&'l FleetEntry>, AppError> {
    let entries = listing
        .entries
        .as_ref()
        .map_err(|e| AppError::listing(&cluster, e))?;
    Ok(entries
        .values()
        .filter(|e| {
            caller.principal.may(
                Action::ReadConnector,
                &Resource::Connector {
                    owner: e.tenant.clone(),
                },
            )
        })
        .collect())
}

/// Asks `GET /`, the plugins (cached a minute) and the shared listing at once, so a cluster
/// that is down costs one timeout (or nothing, once the breaker is open).
async fn get_overview(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(id): ClusterPath,
) -> Result<Json<ClusterOverview>, AppError> {
    let cluster = state.clusters.get(&id)?;
    let (info, plugins, listing) = tokio::join!(
        cluster.client.server_info(),
        cluster.plugin_list(),
        state.fleet.listing(cluster)
    );
    let info = info.map_err(AppError::connect(&cluster.id))?;
    let plugins = plugins.map_err(AppError::connect(&cluster.id))?;
    let visible = readable(&caller, cluster.id.as_str(), &listing)?;
    let (workers, balance) = balance(visible.iter().map(|e| &e.connector));
    let mut plugins = plugins.as_ref().clone();
    plugins.sort_by(|a, b| (&a.plugin_type, &a.class).cmp(&(&b.plugin_type, &b.class)));
    Ok(Json(ClusterOverview {
        cluster_id: cluster.id.to_string(),
        display_name: cluster.display_name.clone(),
        version: info.version,
        commit: info.commit,
        kafka_cluster_id: info.kafka_cluster_id,
        fetched_at_ms: listing.fetched_at_ms,
        workers,
        balance,
        plugins,
    }))
}

async fn get_topology(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(id): ClusterPath,
) -> Result<Json<ClusterTopology>, AppError> {
    let cluster = state.clusters.get(&id)?;
    let listing = state.fleet.listing(cluster).await;
    let connectors = readable(&caller, cluster.id.as_str(), &listing)?
        .into_iter()
        .map(|e| {
            let c = &e.connector;
            TopologyConnector {
                name: c.name.clone(),
                connector_type: c.connector_type,
                state: c.state.clone(),
                health: e.health(),
                worker_id: c.worker_id.clone(),
                tasks: c
                    .tasks
                    .iter()
                    .map(|t| TopologyTask {
                        id: t.id,
                        state: t.state.clone(),
                        worker_id: t.worker_id.clone(),
                    })
                    .collect(),
                topics: listing.topics.get(&c.name).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Ok(Json(ClusterTopology {
        cluster_id: cluster.id.to_string(),
        fetched_at_ms: listing.fetched_at_ms,
        connectors,
    }))
}
