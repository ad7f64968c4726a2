//! Pause, resume, stop, restart and restart one task (see `service::lifecycle`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sluice_shared::RestartResult;
use sluice_shared::policy::Action;

use crate::api::extract::Query;
use crate::api::path::{ConnectorPath, TaskPath};
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::lifecycle::{Operation, operate};
use crate::service::target::authorize;
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

async fn pause(s: State<AppState>, c: Caller, p: ConnectorPath) -> Result<StatusCode, AppError> {
    accepted(s, c, p, Operation::Pause).await
}

async fn resume(s: State<AppState>, c: Caller, p: ConnectorPath) -> Result<StatusCode, AppError> {
    accepted(s, c, p, Operation::Resume).await
}

async fn stop(s: State<AppState>, c: Caller, p: ConnectorPath) -> Result<StatusCode, AppError> {
    accepted(s, c, p, Operation::Stop).await
}

/// Connect answers 202 for these: the change happens asynchronously on the workers.
async fn accepted(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
    op: Operation,
) -> Result<StatusCode, AppError> {
    let t = authorize(
        &state,
        &caller,
        &p.cluster,
        &p.name,
        Action::OperateConnector,
    )
    .await?;
    operate(&state, &caller, &t, op).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize)]
struct RestartQuery {
    #[serde(default)]
    include_tasks: bool,
    #[serde(default)]
    only_failed: bool,
}

async fn restart_connector(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
    Query(q): Query<RestartQuery>,
) -> Result<Json<Option<RestartResult>>, AppError> {
    let t = authorize(
        &state,
        &caller,
        &p.cluster,
        &p.name,
        Action::OperateConnector,
    )
    .await?;
    let op = Operation::Restart {
        include_tasks: q.include_tasks,
        only_failed: q.only_failed,
    };
    Ok(Json(operate(&state, &caller, &t, op).await?))
}

async fn restart_task(
    State(state): State<AppState>,
    caller: Caller,
    p: TaskPath,
) -> Result<StatusCode, AppError> {
    let t = authorize(
        &state,
        &caller,
        &p.cluster,
        &p.name,
        Action::OperateConnector,
    )
    .await?;
    operate(&state, &caller, &t, Operation::RestartTask(p.task)).await?;
    Ok(StatusCode::NO_CONTENT)
}
