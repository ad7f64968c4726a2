//! Pause, resume, stop, restart and restart one task (see `service::lifecycle`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sluice_shared::RestartResult;

use super::authorized::{Authorized, Operate};
use crate::api::extract::Query;
use crate::api::path::TaskNumber;
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::lifecycle::{Operation, operate};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .put("/clusters/{cluster}/connectors/{name}/pause", pause)
        .put("/clusters/{cluster}/connectors/{name}/resume", resume)
        .put("/clusters/{cluster}/connectors/{name}/stop", stop)
        .post(
            "/clusters/{cluster}/connectors/{name}/restart",
            restart_connector,
        )
        .post(
            "/clusters/{cluster}/connectors/{name}/tasks/{task}/restart",
            restart_task,
        )
}

type Operated = Authorized<Operate>;

async fn pause(s: State<AppState>, a: Operated) -> Result<StatusCode, AppError> {
    accepted(s, a, Operation::Pause).await
}

async fn resume(s: State<AppState>, a: Operated) -> Result<StatusCode, AppError> {
    accepted(s, a, Operation::Resume).await
}

async fn stop(s: State<AppState>, a: Operated) -> Result<StatusCode, AppError> {
    accepted(s, a, Operation::Stop).await
}

/// Connect answers 202 for these: the change happens asynchronously on the workers.
async fn accepted(
    State(state): State<AppState>,
    a: Operated,
    op: Operation,
) -> Result<StatusCode, AppError> {
    operate(&state, &a.caller, &a.target, op).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize)]
struct RestartQuery {
    #[serde(default)]
    include_tasks: bool,
    #[serde(default)]
    only_failed: bool,
}

/// Restarts the connector, with its tasks or only the failed instances (KIP-745).
async fn restart_connector(
    State(state): State<AppState>,
    a: Operated,
    Query(q): Query<RestartQuery>,
) -> Result<Json<Option<RestartResult>>, AppError> {
    let op = Operation::Restart {
        include_tasks: q.include_tasks,
        only_failed: q.only_failed,
    };
    Ok(Json(operate(&state, &a.caller, &a.target, op).await?))
}

async fn restart_task(
    State(state): State<AppState>,
    a: Operated,
    TaskNumber(task): TaskNumber,
) -> Result<StatusCode, AppError> {
    let op = Operation::RestartTask(task);
    operate(&state, &a.caller, &a.target, op).await?;
    Ok(StatusCode::NO_CONTENT)
}
