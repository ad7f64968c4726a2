//! A connector the topic guard stopped: an admin releases it.

use axum::extract::State;
use axum::http::StatusCode;

use super::authorized::{AssignOwnership, Authorized};
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::quarantine;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().delete("/clusters/{cluster}/connectors/{name}/quarantine", release)
}

/// Resets the active topics and lifts the quarantine; the connector stays STOPPED.
async fn release(
    State(state): State<AppState>,
    a: Authorized<AssignOwnership>,
) -> Result<StatusCode, AppError> {
    quarantine::release(&state, &a.caller, &a.target).await?;
    Ok(StatusCode::NO_CONTENT)
}
