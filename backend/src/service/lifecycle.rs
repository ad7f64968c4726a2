//! State changes of one connector: pause, resume, stop, restart (connector only, with tasks,
//! or only failed instances in one upstream call, KIP-745) and restart one task. The same for
//! a handler, a bulk selection and the scheduler.

use sluice_shared::RestartResult;

use super::target::Target;
use crate::auth::Caller;
use crate::connect::RestartOutcome;
use crate::error::AppError;
use crate::state::AppState;

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
            Operation::Pause | Operation::Resume | Operation::Stop => None,
        }
    }
}

/// Applies and audits one operation on a connector the caller was authorized for
/// (`OperateConnector`). Restarts answer what Connect said: done, or accepted with the status.
pub async fn operate(
    state: &AppState,
    caller: &Caller,
    target: &Target,
    op: Operation,
) -> Result<Option<RestartResult>, AppError> {
    if op != Operation::Stop {
        super::quarantine::refuse_start(state, caller, target).await?;
    }
    let client = &target.cluster.client;
    let name = &target.name;
    let mut entry = target.audit(caller, op.audit_action());
    entry.detail = op.detail().map(|d| d.to_string());
    let write = async {
        match op {
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
        }
    };
    let outcome = target.attempt(state, &entry, write).await?;
    target.finish(state, entry, outcome).await
}

/// The scheduler's restart of a failing connector (`includeTasks=true&onlyFailed=true`),
/// audited as attempt `attempt` of `max`. Never used for a connector in quarantine: the
/// scheduler acts as an admin, whom the quarantine does not stop.
pub async fn auto_restart(
    state: &AppState,
    caller: &Caller,
    target: &Target,
    attempt: u32,
    max: u32,
) -> Result<(), AppError> {
    // Stamped when the restart is asked for: Connect may take a while to answer.
    let mut entry = target.audit(caller, "auto_restart");
    entry.detail = Some(
        serde_json::json!({
            "attempt": attempt,
            "max_attempts": max,
            "include_tasks": true,
            "only_failed": true
        })
        .to_string(),
    );
    let client = &target.cluster.client;
    let write = async {
        client
            .restart_connector(&target.name, true, true)
            .await
            .map(drop)
    };
    let outcome = target.attempt(state, &entry, write).await?;
    target.finish(state, entry, outcome).await
}
