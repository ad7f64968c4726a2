//! Which tenant owns a connector. Admins only.

use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::admin::SetOwner;
use sluice_shared::policy::Action;

use crate::api::extract::JsonBody;
use crate::api::path::ConnectorPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::owner;
use crate::service::target::authorize;
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
    caller: Caller,
    p: ConnectorPath,
    JsonBody(req): JsonBody<SetOwner>,
) -> Result<StatusCode, AppError> {
    let t = authorize(
        &state,
        &caller,
        &p.cluster,
        &p.name,
        Action::AssignOwnership,
    )
    .await?;
    owner::set_owner(&state, &caller, &t, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}
