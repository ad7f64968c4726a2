//! Health: a connector's timeline and auto-restart.

use sluice_shared::ApiError;
use sluice_shared::health::{AutoRestart, AutoRestartChange, Timeline};

use super::connectors::connector_path;
use super::http::{Method, call, call_with, get, query};

/// `GET …/connectors/{name}/timeline?from_ms=…`
pub async fn timeline(cluster: &str, name: &str, from_ms: i64) -> Result<Timeline, ApiError> {
    let q = query(&[("from_ms", from_ms.to_string())]);
    get(&connector_path(cluster, name, &format!("/timeline?{q}"))).await
}

/// `GET …/connectors/{name}/auto-restart`
pub async fn auto_restart(cluster: &str, name: &str) -> Result<AutoRestart, ApiError> {
    get(&connector_path(cluster, name, "/auto-restart")).await
}

/// `PUT …/connectors/{name}/auto-restart`
pub async fn change_auto_restart(
    cluster: &str,
    name: &str,
    change: &AutoRestartChange,
) -> Result<AutoRestart, ApiError> {
    call_with(
        Method::Put,
        &connector_path(cluster, name, "/auto-restart"),
        change,
    )
    .await
}

/// `POST …/connectors/{name}/auto-restart/acknowledge`
pub async fn acknowledge_failure(cluster: &str, name: &str) -> Result<AutoRestart, ApiError> {
    call(
        Method::Post,
        &connector_path(cluster, name, "/auto-restart/acknowledge"),
    )
    .await
}
