//! Offsets (KIP-875) and active topics (KIP-558) of one connector.
//!
//! Connect changes offsets only while the connector is STOPPED with no tasks left; the state
//! is checked here first so the user gets a clear 409 saying what to do, not Connect's 400.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use sluice_shared::policy::Action;
use sluice_shared::{
    ActiveTopics, ApiError, ConnectorOffsets, ConnectorState, ErrorCode, OffsetsChanged,
};

use crate::api::access::{self, Target};
use crate::api::json::JsonBody;
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/clusters/{cluster}/connectors/{name}/offsets",
            get(get_offsets).patch(alter_offsets).delete(reset_offsets),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/topics",
            get(get_topics),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/topics/reset",
            put(reset_topics),
        )
}

type ConnectorPath = Path<(String, String)>;

async fn get_offsets(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
) -> Result<Json<ConnectorOffsets>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ReadConnector).await?;
    Ok(Json(
        t.cluster
            .client
            .connector_offsets(&t.name)
            .await
            .map_err(t.connect_error())?,
    ))
}

/// Refuses unless the connector is STOPPED and its tasks are gone.
async fn require_stopped(t: &Target<'_>) -> Result<(), AppError> {
    let status = t
        .cluster
        .client
        .connector_status(&t.name)
        .await
        .map_err(AppError::connect(&t.cluster.id))?;
    match status.connector.state {
        ConnectorState::Stopped if status.tasks.is_empty() => Ok(()),
        ConnectorState::Stopped => Err(AppError::NotStopped(
            "STOPPED but its tasks are still shutting down".into(),
        )),
        other => Err(AppError::NotStopped(other.to_string())),
    }
}

async fn alter_offsets(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
    JsonBody(offsets): JsonBody<ConnectorOffsets>,
) -> Result<Json<OffsetsChanged>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ChangeOffsets).await?;
    let errors: Vec<ApiError> = offsets
        .alter_errors()
        .into_iter()
        .map(|(field, message)| ApiError::new(ErrorCode::InvalidInput, message).with_field(field))
        .collect();
    if !errors.is_empty() {
        return Err(AppError::InvalidMany(errors));
    }
    require_stopped(&t).await?;
    let outcome = t
        .cluster
        .client
        .alter_connector_offsets(&t.name, &offsets)
        .await;
    let mut entry = t.audit(&caller, "alter_offsets");
    // Offsets are positions (LSNs, binlog files, Kafka offsets), not secrets.
    entry.detail = serde_json::to_string(&offsets).ok();
    entry.record_outcome(&outcome);
    state.store.append_audit(&entry).await?;
    let message = outcome.map_err(t.connect_error())?;
    Ok(Json(OffsetsChanged { message }))
}

async fn reset_offsets(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
) -> Result<Json<OffsetsChanged>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ChangeOffsets).await?;
    require_stopped(&t).await?;
    let outcome = t.cluster.client.reset_connector_offsets(&t.name).await;
    let mut entry = t.audit(&caller, "reset_offsets");
    entry.record_outcome(&outcome);
    state.store.append_audit(&entry).await?;
    let message = outcome.map_err(t.connect_error())?;
    Ok(Json(OffsetsChanged { message }))
}

async fn get_topics(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
) -> Result<Json<ActiveTopics>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ReadConnector).await?;
    let topics = t
        .cluster
        .client
        .connector_topics(&t.name)
        .await
        .map_err(t.connect_error())?;
    Ok(Json(ActiveTopics { topics }))
}

async fn reset_topics(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
) -> Result<StatusCode, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ChangeOffsets).await?;
    let outcome = t.cluster.client.reset_connector_topics(&t.name).await;
    let mut entry = t.audit(&caller, "reset_topics");
    entry.record_outcome(&outcome);
    state.store.append_audit(&entry).await?;
    outcome.map_err(t.connect_error())?;
    Ok(StatusCode::ACCEPTED)
}
