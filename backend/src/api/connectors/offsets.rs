//! Offsets (KIP-875) and active topics (KIP-558) of one connector (see `service::offsets`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::{ActiveTopics, ConnectorOffsets, Known, OffsetsChanged};

use super::authorized::{Authorized, ChangeOffsets, Read};
use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::offsets;
use crate::state::AppState;

pub fn routes() -> Routes {
    let offsets = "/clusters/{cluster}/connectors/{name}/offsets";
    Routes::default()
        .get(offsets, get_offsets)
        .patch(offsets, alter_offsets)
        .delete(offsets, reset_offsets)
        .get("/clusters/{cluster}/connectors/{name}/topics", get_topics)
        .put(
            "/clusters/{cluster}/connectors/{name}/topics/reset",
            reset_topics,
        )
}

/// The offsets as Connect last answered them: marked pending, at once, when it hangs.
async fn get_offsets(a: Authorized<Read>) -> Result<Json<Known<ConnectorOffsets>>, AppError> {
    let t = &a.target;
    let read = t.cluster.client.connector_offsets(&t.name);
    let offsets = t.cluster.pages.offsets.read(t.name.as_str(), read).await;
    Ok(Json(offsets.map_err(t.connect_error())?))
}

async fn alter_offsets(
    State(state): State<AppState>,
    a: Authorized<ChangeOffsets>,
    JsonBody(body): JsonBody<ConnectorOffsets>,
) -> Result<Json<OffsetsChanged>, AppError> {
    let message = offsets::alter(&state, &a.caller, &a.target, &body).await?;
    Ok(Json(OffsetsChanged { message }))
}

async fn reset_offsets(
    State(state): State<AppState>,
    a: Authorized<ChangeOffsets>,
) -> Result<Json<OffsetsChanged>, AppError> {
    let message = offsets::reset(&state, &a.caller, &a.target).await?;
    Ok(Json(OffsetsChanged { message }))
}

/// The active topics as Connect last answered them: marked pending, at once, when it hangs.
async fn get_topics(a: Authorized<Read>) -> Result<Json<Known<ActiveTopics>>, AppError> {
    let t = &a.target;
    let read = async {
        let topics = t.cluster.client.connector_topics(&t.name).await?;
        Ok::<_, crate::connect::ConnectError>(ActiveTopics { topics })
    };
    let topics = t.cluster.pages.topics.read(t.name.as_str(), read).await;
    Ok(Json(topics.map_err(t.connect_error())?))
}

async fn reset_topics(
    State(state): State<AppState>,
    a: Authorized<ChangeOffsets>,
) -> Result<StatusCode, AppError> {
    offsets::reset_topics(&state, &a.caller, &a.target).await?;
    Ok(StatusCode::ACCEPTED)
}
