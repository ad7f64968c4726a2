//! A cluster at a glance: the Connect version, the workers and how tasks are spread across
//! them (the balance), the installed plugins, and the topology (workers → connectors → tasks →
//! topics) the cluster page draws.
//!
//! The backend builds both answers from the fleet feed's cached listing, already filtered to
//! what the caller may read; the aggregation here is pure so it is tested natively.

mod balance;
mod topology;

pub use balance::{Balance, StateCounts, WorkerLoad, balance};
pub use topology::{
    ConfiguredTopics, TopologyConnector, TopologyTask, WorkerGroup, WorkerPart, group_by_worker,
};

use serde::{Deserialize, Serialize};

use crate::plugin::PluginInfo;

/// `GET /api/v1/clusters/{cluster}/overview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterOverview {
    pub cluster_id: String,
    pub display_name: String,
    /// Kafka version of the worker that answered `GET /`.
    pub version: String,
    pub commit: String,
    pub kafka_cluster_id: String,
    /// When the fleet listing the workers come from was fetched (ms since the Unix epoch).
    pub fetched_at_ms: u64,
    /// Workers running at least one connector or task the caller may read, busiest first.
    pub workers: Vec<WorkerLoad>,
    pub balance: Balance,
    /// Every installed plugin: connectors, converters, transforms, predicates.
    pub plugins: Vec<PluginInfo>,
}

/// `GET /api/v1/clusters/{cluster}/topology`: every connector the caller may read, with its
/// tasks (each on its worker) and the topics its config names. The UI groups it per worker
/// ([`group_by_worker`]); a flat list keeps the answer small for 1,000 connectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterTopology {
    pub cluster_id: String,
    pub fetched_at_ms: u64,
    pub connectors: Vec<TopologyConnector>,
}
