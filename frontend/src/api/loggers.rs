//! Connect's worker log levels through the console (KIP-495).

use sluice_shared::ApiError;
use sluice_shared::loggers::{LoggerChanged, LoggerInfo, SetLoggerLevel};

use super::clusters::cluster_path;
use super::http::{Method, call_with, encode, get};

/// `GET /api/v1/clusters/{id}/loggers`: every logger of the answering worker, root first.
pub async fn loggers(cluster: &str) -> Result<Vec<LoggerInfo>, ApiError> {
    get(&cluster_path(cluster, "/loggers")).await
}

/// `PUT /api/v1/clusters/{id}/loggers/{logger}`: one level, cluster or worker scope (audited).
pub async fn set_logger_level(
    cluster: &str,
    logger: &str,
    change: &SetLoggerLevel,
) -> Result<LoggerChanged, ApiError> {
    let path = cluster_path(cluster, &format!("/loggers/{}", encode(logger)));
    call_with(Method::Put, &path, change).await
}
