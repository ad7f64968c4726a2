//! Offsets (KIP-875) and active topics (KIP-558) of one connector (see `service::offsets`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::policy::Action;
use sluice_shared::{ActiveTopics, ConnectorOffsets, OffsetsChanged};

use crate::api::extract::JsonBody;
use crate::api::path::ConnectorPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::offsets;
use crate::service::target::authorize;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/connectors/{name}/offsets", get_offsets)
        .patch(
            "/clusters/{cluster}/connectors/{name}/offsets",
            alter_offsets,
        )
        .delete(
            "/clusters/{cluster}/connectors/{name}/offsets",
            reset_offsets,
        )
        .get("/clusters/{cluster}/connectors/{name}/topics", get_topics)
        .put(
            "/clusters/{cluster}/connectors/{name}/topics/reset",
            reset_topics,
        )
}

async fn get_offsets(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
) -> Result<Json<ConnectorOffsets>, AppError> {
    let t = authorize(&state, &caller, &p.cluster, &p.name, Action::ReadConnector).await?;
    let offsets = t.cluster.client.connector_offsets(&t.name).await;
    Ok(Json(offsets.map_err(t.connect_error())?))
}

async fn alter_offsets(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
    JsonBody(body): JsonBody<ConnectorOffsets>,
) -> Result<Json<OffsetsChanged>, AppError> {
    let t = authorize(&state, &caller, &p.cluster, &p.name, Action::ChangeOffsets).await?;
    let message = offsets::alter(&state, &caller, &t, &body).await?;
    Ok(Json(OffsetsChanged { message }))
}

async fn reset_offsets(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
) -> Result<Json<OffsetsChanged>, AppError> {
    let t = authorize(&state, &caller, &p.cluster, &p.name, Action::ChangeOffsets).await?;
    let message = offsets::reset(&state, &caller, &t).await?;
    Ok(Json(OffsetsChanged { message }))
}

async fn get_topics(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
) -> Result<Json<ActiveTopics>, AppError> {
    let t = authorize(&state, &caller, &p.cluster, &p.name, Action::ReadConnector).await?;
    let topics = t.cluster.client.connector_topics(&t.name).await;
    Ok(Json(ActiveTopics {
        topics: topics.map_err(t.connect_error())?,
    }))
}

async fn reset_topics(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
) -> Result<StatusCode, AppError> {
    let t = authorize(&state, &caller, &p.cluster, &p.name, Action::ChangeOffsets).await?;
    offsets::reset_topics(&state, &caller, &t).await?;
    Ok(StatusCode::ACCEPTED)
}
