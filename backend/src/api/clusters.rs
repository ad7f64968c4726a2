//! `GET /api/v1/clusters`: every configured cluster and whether it answers.

use std::sync::Arc;

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

/// What each cluster's `GET /` last said, asked concurrently, so one slow cluster costs one
/// timeout, not N, and a hung one costs the patience once it has answered before.
/// Every signed-in role sees the configured clusters (their connectors are filtered per tenant).
async fn list_clusters(
    State(state): State<AppState>,
    _caller: Caller,
) -> Json<Vec<ClusterSummary>> {
    Json(join_all(state.clusters.shared().map(summarize)).await)
}

async fn summarize(cluster: &Arc<Cluster>) -> ClusterSummary {
    let seen = cluster.server_info().await;
    let info = &seen.answer.value;
    let mut summary = ClusterSummary {
        id: cluster.id.to_string(),
        display_name: cluster.display_name.clone(),
        reachable: info.is_ok(),
        connect_version: None,
        kafka_cluster_id: None,
        error: None,
        pending_since_ms: seen.pending_since_ms,
    };
    match info {
        Ok(info) => {
            summary.connect_version = Some(info.version.clone());
            summary.kafka_cluster_id = Some(info.kafka_cluster_id.clone());
        }
        Err(e) => {
            tracing::warn!(cluster.id = %cluster.id, error = %e, "cluster unreachable");
            summary.error = Some(connect_error(cluster.id.as_str(), e).1);
        }
    }
    summary
}
