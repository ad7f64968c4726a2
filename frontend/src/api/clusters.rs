//! Clusters and what the wizard asks of one: plugins, defaults, preflight, catalog, creation.

use std::collections::BTreeMap;

use sluice_shared::catalog::Catalog;
use sluice_shared::preflight::{PreflightReport, PreflightRequest, WizardDefaults};
use sluice_shared::{
    ApiError, ClusterConnectors, ClusterSummary, ConfigInfos, ConfigKeyInfo, CreateConnector,
    PluginInfo, RedactedConfig,
};

use super::http::{Method, call_with, encode, get};

/// `/api/v1/clusters/{id}` plus `rest`.
pub(super) fn cluster_path(cluster: &str, rest: &str) -> String {
    format!("/api/v1/clusters/{}{rest}", encode(cluster))
}

/// `GET /api/v1/clusters`
pub async fn clusters() -> Result<Vec<ClusterSummary>, ApiError> {
    get("/api/v1/clusters").await
}

/// `GET /api/v1/clusters/{id}/plugins/{class}/config`: the plugin's config definitions.
pub async fn plugin_config(cluster: &str, class: &str) -> Result<Vec<ConfigKeyInfo>, ApiError> {
    get(&cluster_path(
        cluster,
        &format!("/plugins/{}/config", encode(class)),
    ))
    .await
}

/// `GET /api/v1/clusters/{id}/plugins`: installed plugins with versions.
pub async fn plugins(cluster: &str) -> Result<Vec<PluginInfo>, ApiError> {
    get(&cluster_path(cluster, "/plugins")).await
}

/// `GET /api/v1/clusters/{id}/connectors`: the names in use, for name generation.
pub async fn cluster_connectors(cluster: &str) -> Result<ClusterConnectors, ApiError> {
    get(&cluster_path(cluster, "/connectors")).await
}

/// `GET /api/v1/clusters/{id}/wizard`: free server id, Kafka for the schema history.
pub async fn wizard_defaults(cluster: &str) -> Result<WizardDefaults, ApiError> {
    get(&cluster_path(cluster, "/wizard")).await
}

/// `POST /api/v1/clusters/{id}/preflight`: the checks against the real database.
pub async fn preflight(cluster: &str, req: &PreflightRequest) -> Result<PreflightReport, ApiError> {
    call_with(Method::Post, &cluster_path(cluster, "/preflight"), req).await
}

/// `POST /api/v1/clusters/{id}/catalog`: tables and columns the user can see.
pub async fn catalog(cluster: &str, req: &PreflightRequest) -> Result<Catalog, ApiError> {
    call_with(Method::Post, &cluster_path(cluster, "/catalog"), req).await
}

/// `POST /api/v1/clusters/{id}/validate`: Connect's verdict on a config before creating it.
pub async fn validate_new(
    cluster: &str,
    config: &BTreeMap<String, String>,
) -> Result<ConfigInfos, ApiError> {
    call_with(Method::Post, &cluster_path(cluster, "/validate"), config).await
}

/// `POST /api/v1/clusters/{id}/connectors`
pub async fn create_connector(
    cluster: &str,
    req: &CreateConnector,
) -> Result<RedactedConfig, ApiError> {
    call_with(Method::Post, &cluster_path(cluster, "/connectors"), req).await
}
