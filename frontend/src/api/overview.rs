//! One cluster at a glance: its overview (version, workers, balance, plugins) and topology.

use sluice_shared::ApiError;
use sluice_shared::overview::{ClusterOverview, ClusterTopology};

use super::clusters::cluster_path;
use super::http::get;

/// `GET /api/v1/clusters/{id}/overview`
pub async fn cluster_overview(cluster: &str) -> Result<ClusterOverview, ApiError> {
    get(&cluster_path(cluster, "/overview")).await
}

/// `GET /api/v1/clusters/{id}/topology`
pub async fn cluster_topology(cluster: &str) -> Result<ClusterTopology, ApiError> {
    get(&cluster_path(cluster, "/topology")).await
}
