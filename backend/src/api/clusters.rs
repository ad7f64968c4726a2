//! `GET /api/v1/clusters`: every configured cluster and whether it answers.

use axum::Json;
use axum::extract::State;
use futures::future::join_all;
use sluice_shared::ClusterSummary;

use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::error::connect_error;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().get("/clusters", list_clusters)
}

/// Asks each cluster's `GET /` concurrently, so one slow cluster costs one timeout, not N.
/// Every signed-in role sees the configured clusters (their connectors are filtered per tenant).
async fn list_clusters(
    State(state): State<AppState>,
    _caller: Caller,
) -> Json<Vec<ClusterSummary>> {
    Json(join_all(state.clusters.iter().map(summarize)).await)
}

async fn summarize(cluster: &Cluster) -> ClusterSummary {
    let info = cluster.client.server_info().await;
    let mut summary = ClusterSummary {
        id: cluster.id.to_string(),
        display_name: cluster.display_name.clone(),
        reachable: info.is_ok(),
        connect_version: None,
        kafka_cluster_id: None,
        error: None,
    };
    match info {
        Ok(info) => {
            summary.connect_version = Some(info.version);
            summary.kafka_cluster_id = Some(info.kafka_cluster_id);
        }
        Err(e) => {
            tracing::warn!(cluster.id = %cluster.id, error = %e, "cluster unreachable");
            summary.error = Some(connect_error(cluster.id.as_str(), &e).1);
        }
    }
    summary
}
