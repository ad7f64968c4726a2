//! `POST /api/v1/bulk`: one action on a selection of connectors, each authorized, applied and
//! audited on its own, with one result per connector.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use futures::StreamExt;
use sluice_shared::bulk::{BulkAction, BulkOutcome, BulkRequest, BulkResponse, MAX_BULK};

use crate::api::json::JsonBody;
use crate::api::lifecycle::{Operation, operate};
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::AppError;

/// Connect handles each request on the leader's herder thread; a few at a time keeps a big
/// selection quick without queueing hundreds of requests there.
const PARALLEL: usize = 8;

pub fn router() -> Router<AppState> {
    Router::new().route("/bulk", post(bulk))
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
            let outcome = operate(state, caller, &target.cluster_id, &target.name, op).await;
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
