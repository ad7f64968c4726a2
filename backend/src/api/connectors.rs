//! `GET /api/v1/clusters/{id}/connectors`: one cluster's connectors with status.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use sluice_shared::policy::{Action, Resource};
use sluice_shared::{ClusterConnectors, ConnectorSummary};

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new().route("/clusters/{cluster}/connectors", get(list_connectors))
}

/// One upstream `GET /connectors?expand=status&expand=info`, reshaped into summaries that
/// carry no config values (only `connector.class`), keeping only what the caller may read.
async fn list_connectors(
    State(state): State<AppState>,
    caller: Caller,
    Path(cluster): Path<String>,
) -> Result<Json<ClusterConnectors>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    let (expanded, owners) = tokio::join!(
        cluster.client.connectors_expanded(),
        state.store.owners(cluster.id.as_str())
    );
    let (expanded, owners) = (expanded.map_err(AppError::connect(&cluster.id))?, owners?);
    let connectors = expanded
        .into_iter()
        .filter(|(name, _)| {
            let owner = owners.get(name).cloned();
            caller
                .principal
                .may(Action::ReadConnector, &Resource::Connector { owner })
        })
        // A connector created a moment ago may have no status yet; it shows up next refresh.
        .filter_map(|(_, e)| {
            e.status
                .map(|s| ConnectorSummary::from_status(s, e.info.as_ref()))
        })
        .collect();
    let fetched_at_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Ok(Json(ClusterConnectors {
        cluster_id: cluster.id.to_string(),
        connectors,
        fetched_at_ms,
    }))
}
