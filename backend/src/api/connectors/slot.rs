//! The replication slot a Debezium PostgreSQL connector would leave behind when deleted.

use axum::Json;
use axum::extract::State;
use sluice_shared::SlotInfo;
use sluice_shared::policy::Action;

use crate::api::path::ConnectorPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::delete;
use crate::service::target::authorize;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().get("/clusters/{cluster}/connectors/{name}/slot", get_slot)
}

/// Asked with the connector's own credentials; only callers who may delete it see it.
async fn get_slot(
    State(state): State<AppState>,
    caller: Caller,
    p: ConnectorPath,
) -> Result<Json<SlotInfo>, AppError> {
    let t = authorize(
        &state,
        &caller,
        &p.cluster,
        &p.name,
        Action::DeleteConnector,
    )
    .await?;
    Ok(Json(delete::slot(&t).await?))
}
