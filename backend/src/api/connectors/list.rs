//! One cluster's connectors with status, and creating one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::policy::{Action, Resource};
use sluice_shared::{ClusterConnectors, ConnectorSummary, CreateConnector, RedactedConfig};

use crate::api::extract::JsonBody;
use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::service::create;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/connectors", list_connectors)
        .post("/clusters/{cluster}/connectors", create_connector)
}

/// One upstream `GET /connectors?expand=status&expand=info`, reshaped into summaries that
/// carry no config values (only `connector.class`), keeping only what the caller may read.
async fn list_connectors(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
) -> Result<Json<ClusterConnectors>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    let (expanded, owners) = tokio::join!(
        cluster.client.connectors_listed(),
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
        .filter_map(|(_, e)| e.status.map(|s| ConnectorSummary::from_status(s, e.info)))
        .collect();
    let fetched_at_ms = u64::try_from(now_ms()).unwrap_or(0);
    Ok(Json(ClusterConnectors {
        cluster_id: cluster.id.to_string(),
        connectors,
        fetched_at_ms,
    }))
}

/// Creates a connector inside the caller's tenant namespace (see `service::create`).
async fn create_connector(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    JsonBody(req): JsonBody<CreateConnector>,
) -> Result<(StatusCode, Json<RedactedConfig>), AppError> {
    let cluster = state.clusters.get(&cluster)?;
    let view = create::create(&state, &caller, cluster, &req).await?;
    Ok((StatusCode::CREATED, Json(view)))
}
