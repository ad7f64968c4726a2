//! The replication slot a Debezium PostgreSQL connector would leave behind when deleted.

use axum::Json;
use sluice_shared::SlotInfo;

use super::authorized::{Authorized, Delete};
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::delete;

pub fn routes() -> Routes {
    Routes::default().get("/clusters/{cluster}/connectors/{name}/slot", get_slot)
}

/// Asked with the connector's own credentials; only callers who may delete it see it.
async fn get_slot(a: Authorized<Delete>) -> Result<Json<SlotInfo>, AppError> {
    Ok(Json(delete::slot(&a.target).await?))
}
