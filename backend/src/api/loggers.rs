//! `/api/v1/clusters/{cluster}/loggers`: Connect's worker log levels (KIP-495), read and
//! changed by support staff and admins (see `service::loggers`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use sluice_shared::loggers::{LoggerChanged, LoggerInfo, SetLoggerLevel};
use sluice_shared::policy::Action;

use crate::api::extract::{JsonBody, Path};
use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::loggers::Workers;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/loggers", list_loggers)
        .put("/clusters/{cluster}/loggers/{logger}", set_logger_level)
}

#[derive(Deserialize)]
struct LoggerPath {
    logger: String,
}

/// Every logger of the answering worker with its level and `last_modified`.
async fn list_loggers(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
) -> Result<Json<Vec<LoggerInfo>>, AppError> {
    let workers = Workers::authorize(&state, &caller, &cluster, Action::ReadLogLevels)?;
    Ok(Json(workers.loggers().await?))
}

/// Sets one logger's level (cluster scope unless `"scope": "worker"`). The logger, level and
/// scope are checked here; a bad one is a 400 naming it and never reaches Connect.
async fn set_logger_level(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    Path(LoggerPath { logger }): Path<LoggerPath>,
    JsonBody(body): JsonBody<SetLoggerLevel>,
) -> Result<Json<LoggerChanged>, AppError> {
    let workers = Workers::authorize(&state, &caller, &cluster, Action::ChangeLogLevels)?;
    let change = body.parse(&logger).map_err(AppError::InvalidMany)?;
    Ok(Json(workers.set_level(&state, &caller, &change).await?))
}
