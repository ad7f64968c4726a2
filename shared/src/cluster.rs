//! What the UI shows about each configured Kafka Connect cluster.

use serde::{Deserialize, Serialize};

use crate::connector::{ConnectorState, ConnectorSummary};
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
}

/// `GET /api/v1/clusters/{id}/connectors`: every connector of one cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterConnectors {
    pub cluster_id: String,
    pub connectors: Vec<ConnectorSummary>,
    /// Milliseconds since the Unix epoch when Connect answered.
    pub fetched_at_ms: u64,
}

/// How many connectors are in each state, with degraded (running, a task failed) counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub running: usize,
    pub degraded: usize,
    pub paused: usize,
    pub stopped: usize,
    pub failed: usize,
    pub unassigned: usize,
    pub restarting: usize,
    pub unknown: usize,
}

impl StateCounts {
    pub fn of(connectors: &[ConnectorSummary]) -> Self {
        let mut c = Self::default();
        for s in connectors {
            let slot = match &s.state {
                ConnectorState::Running if s.is_degraded() => &mut c.degraded,
                ConnectorState::Running => &mut c.running,
                ConnectorState::Paused => &mut c.paused,
                ConnectorState::Stopped => &mut c.stopped,
                ConnectorState::Failed => &mut c.failed,
                ConnectorState::Unassigned => &mut c.unassigned,
                ConnectorState::Restarting => &mut c.restarting,
                ConnectorState::Unknown(_) => &mut c.unknown,
            };
            *slot += 1;
        }
        c
    }

    /// Connectors that need someone's attention.
    pub fn unhealthy(&self) -> usize {
        self.failed + self.degraded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::{ConnectorType, TaskStatus};

    fn summary(state: ConnectorState, task_states: &[ConnectorState]) -> ConnectorSummary {
        ConnectorSummary {
            name: "c".into(),
            connector_type: ConnectorType::Source,
            state,
            worker_id: "w".into(),
            connector_class: None,
            plugin_version: None,
            tasks: task_states
                .iter()
                .enumerate()
                .map(|(i, s)| TaskStatus {
                    id: i as u32,
                    state: s.clone(),
                    worker_id: "w".into(),
                    trace: None,
                    version: None,
                })
                .collect(),
            error: None,
        }
    }

    #[test]
    fn counts_degraded_apart_from_running() {
        use ConnectorState::*;
        let list = [
            summary(Running, &[Running]),
            summary(Running, &[Running, Failed]),
            summary(Paused, &[Paused]),
            summary(Stopped, &[]),
            summary(Failed, &[Failed]),
            summary(Unknown("NEW".into()), &[]),
        ];
        let counts = StateCounts::of(&list);
        assert_eq!(counts.running, 1);
        assert_eq!(counts.degraded, 1);
        assert_eq!(
            (counts.paused, counts.stopped, counts.failed, counts.unknown),
            (1, 1, 1, 1)
        );
        assert_eq!(counts.unhealthy(), 2);
    }
}
