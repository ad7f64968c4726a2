//! Pause, resume, stop, restart (connector only, with tasks, or only failed instances in one
//! upstream call, KIP-745) and restart one task. Bulk actions go through [`operate`] too, so a
//! connector is authorized, changed and audited the same way alone or in a selection.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::Deserialize;
use sluice_shared::RestartResult;
use sluice_shared::policy::Action;

use crate::api::access;
use crate::app::AppState;
use crate::auth::Caller;
use crate::connect::RestartOutcome;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/clusters/{cluster}/connectors/{name}/pause", put(pause))
        .route("/clusters/{cluster}/connectors/{name}/resume", put(resume))
        .route("/clusters/{cluster}/connectors/{name}/stop", put(stop))
        .route(
            "/clusters/{cluster}/connectors/{name}/restart",
            post(restart_connector),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/tasks/{task}/restart",
            post(restart_task),
        )
}

/// A state change of one connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Pause,
    Resume,
    Stop,
    Restart {
        include_tasks: bool,
        only_failed: bool,
    },
    RestartTask(u32),
}

impl Operation {
    fn audit_action(self) -> &'static str {
        match self {
            Operation::Pause => "pause",
            Operation::Resume => "resume",
            Operation::Stop => "stop",
            Operation::Restart { .. } => "restart",
            Operation::RestartTask(_) => "restart_task",
        }
    }

    fn detail(self) -> Option<serde_json::Value> {
        match self {
            Operation::Restart {
                include_tasks,
                only_failed,
            } => Some(
                serde_json::json!({"include_tasks": include_tasks, "only_failed": only_failed}),
            ),
            Operation::RestartTask(task) => Some(serde_json::json!({ "task": task })),
            _ => None,
        }
    }
}

/// Authorizes, applies and audits one operation, then has the fleet feed refresh at once.
/// Restarts with tasks answer the status Connect returned.
pub async fn operate(
    state: &AppState,
    caller: &Caller,
    cluster: &str,
    name: &str,
    op: Operation,
) -> Result<Option<RestartResult>, AppError> {
    let target = access::connector(state, caller, cluster, name, Action::OperateConnector).await?;
    let client = &target.cluster.client;
    let name = &target.name;
    let outcome = match op {
        Operation::Pause => client.pause_connector(name).await.map(|()| None),
        Operation::Resume => client.resume_connector(name).await.map(|()| None),
        Operation::Stop => client.stop_connector(name).await.map(|()| None),
        Operation::RestartTask(task) => client.restart_task(name, task).await.map(|()| None),
        Operation::Restart {
            include_tasks,
            only_failed,
        } => client
            .restart_connector(name, include_tasks, only_failed)
            .await
            .map(|o| {
                Some(match o {
                    RestartOutcome::Restarted => RestartResult {
                        restarted: true,
                        status: None,
                    },
                    RestartOutcome::Accepted(status) => RestartResult {
                        restarted: true,
                        status: Some(status),
                    },
                })
            }),
    };
    let mut entry = target.audit(caller, op.audit_action());
    entry.detail = op.detail().map(|d| d.to_string());
    entry.record_outcome(&outcome);
    state.store.append_audit(&entry).await?;
    state.fleet.invalidate(target.cluster.id.as_str());
    outcome.map_err(target.connect_error())
}

type ConnectorPath = Path<(String, String)>;

async fn pause(s: State<AppState>, c: Caller, p: ConnectorPath) -> Result<StatusCode, AppError> {
    simple(s, c, p, Operation::Pause).await
}

async fn resume(s: State<AppState>, c: Caller, p: ConnectorPath) -> Result<StatusCode, AppError> {
    simple(s, c, p, Operation::Resume).await
}

async fn stop(s: State<AppState>, c: Caller, p: ConnectorPath) -> Result<StatusCode, AppError> {
    simple(s, c, p, Operation::Stop).await
}

/// Connect answers 202 for these: the change happens asynchronously on the workers.
async fn simple(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): ConnectorPath,
    op: Operation,
) -> Result<StatusCode, AppError> {
    operate(&state, &caller, &cluster, &name, op).await?;
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
    Path((cluster, name)): Path<(String, String)>,
    Query(q): Query<RestartQuery>,
) -> Result<Response, AppError> {
    let op = Operation::Restart {
        include_tasks: q.include_tasks,
        only_failed: q.only_failed,
    };
    let result = operate(&state, &caller, &cluster, &name, op).await?;
    Ok(Json(result).into_response())
}

async fn restart_task(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name, task)): Path<(String, String, String)>,
) -> Result<StatusCode, AppError> {
    let task = task.parse::<u32>().map_err(|_| AppError::Invalid {
        field: "task",
        message: format!("`{task}` is not a task number"),
    })?;
    operate(
        &state,
        &caller,
        &cluster,
        &name,
        Operation::RestartTask(task),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
