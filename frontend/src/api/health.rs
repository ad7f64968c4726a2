//! Health: a connector's timeline and auto-restart.

use sluice_shared::ApiError;
use sluice_shared::health::{
    AutoRestart, AutoRestartChange, ConnectorLag, FailureHeatmap, FleetHistory, Timeline,
};

use super::connectors::connector_path;
use super::http::{Method, call, call_with, encode, get, query};

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

/// `GET /api/v1/clusters/{id}/history`: states over time from `from_ms`.
pub async fn history(cluster: &str, from_ms: i64) -> Result<FleetHistory, ApiError> {
    let q = query(&[
        ("from_ms", from_ms.to_string()),
        ("points", "300".to_owned()),
    ]);
    get(&format!("/api/v1/clusters/{}/history?{q}", encode(cluster))).await
}

/// `GET /api/v1/clusters/{id}/failures`: the failure heatmap from `from_ms`.
pub async fn failures(cluster: &str, from_ms: i64) -> Result<FailureHeatmap, ApiError> {
    let q = query(&[("from_ms", from_ms.to_string())]);
    get(&format!(
        "/api/v1/clusters/{}/failures?{q}",
        encode(cluster)
    ))
    .await
}

/// `GET …/connectors/{name}/lag`
pub async fn lag(cluster: &str, name: &str) -> Result<ConnectorLag, ApiError> {
    get(&connector_path(cluster, name, "/lag")).await
}
