//! Which tenant owns a connector. Admins only.

use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::admin::SetOwner;

use super::authorized::{AssignOwnership, Authorized};
use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::owner;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().put(
        "/clusters/{cluster}/connectors/{name}/owner",
        set_connector_owner,
    )
}

/// Gives a connector to a tenant (or makes it unowned); the connector must exist.
async fn set_connector_owner(
    State(state): State<AppState>,
    a: Authorized<AssignOwnership>,
    JsonBody(req): JsonBody<SetOwner>,
) -> Result<StatusCode, AppError> {
    owner::set_owner(&state, &a.caller, &a.target, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}
