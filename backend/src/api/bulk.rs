//! `POST /api/v1/bulk`: one action on a selection of connectors, each authorized, applied and
//! audited on its own, with one result per connector.

use axum::Json;
use axum::extract::State;
use futures::StreamExt;
use sluice_shared::bulk::{BulkAction, BulkOutcome, BulkRequest, BulkResponse, MAX_BULK};
use sluice_shared::policy::Action;

use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::lifecycle::{Operation, operate};
use crate::service::target::authorize_raw;
use crate::state::AppState;

/// Connect handles each request on the leader's herder thread; a few at a time keeps a big
/// selection quick without queueing hundreds of requests there.
const PARALLEL: usize = 8;

pub fn routes() -> Routes {
    Routes::default().post("/bulk", bulk)
}

async fn bulk(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<BulkRequest>,
) -> Result<Json<BulkResponse>, AppError> {
    if req.connectors.is_empty() || req.connectors.len() > MAX_BULK {
        return Err(AppError::Invalid {
            field: "connectors",
            message: format!("name between 1 and {MAX_BULK} connectors"),
        });
    }
    let op = match req.action {
        BulkAction::Pause => Operation::Pause,
        BulkAction::Resume => Operation::Resume,
        BulkAction::Stop => Operation::Stop,
        BulkAction::RestartFailed => Operation::Restart {
            include_tasks: true,
            only_failed: true,
        },
    };
    let (state, caller) = (&state, &caller);
    let results = futures::stream::iter(req.connectors)
        .map(|target| async move {
            let outcome = async {
                let t = authorize_raw(
                    state,
                    caller,
                    &target.cluster_id,
                    &target.name,
                    Action::OperateConnector,
                )
                .await?;
                operate(state, caller, &t, op).await
            }
            .await;
            let error = outcome.err().map(|e| {
                let (status, body) = e.status_and_body();
                if status.is_server_error() {
                    tracing::error!(connector = %target.name, error = %e, "bulk item failed");
                }
                body
            });
            BulkOutcome {
                cluster_id: target.cluster_id,
                name: target.name,
                error,
            }
        })
        .buffered(PARALLEL)
        .collect()
        .await;
    Ok(Json(BulkResponse { results }))
}
