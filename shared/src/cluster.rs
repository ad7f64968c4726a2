//! What the UI shows about each configured Kafka Connect cluster.

use serde::{Deserialize, Serialize};

use crate::connector::ConnectorSummary;
use crate::error::ApiError;

/// One configured cluster and whether its Connect REST API answers right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSummary {
    pub id: String,
    pub display_name: String,
    pub reachable: bool,
    /// Kafka version of the worker that answered (`GET /`).
    pub connect_version: Option<String>,
    pub kafka_cluster_id: Option<String>,
    /// Why the cluster is unreachable, when it is.
    pub error: Option<ApiError>,
    /// Set while Connect has not answered for longer than the console waits (since when, ms
    /// since the epoch): the rest is what it last said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since_ms: Option<u64>,
}

/// `GET /api/v1/clusters/{id}/connectors`: every connector of one cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterConnectors {
    pub cluster_id: String,
    pub connectors: Vec<ConnectorSummary>,
    /// Milliseconds since the Unix epoch when Connect answered.
    pub fetched_at_ms: u64,
}
