//! The topology: workers → connectors → tasks → topics, grouped per worker for drawing.
//!
//! Topics come from each connector's config (sinks' `topics` / `topics.regex`, Debezium's
//! `topic.prefix`, a plain source's `topic`), which the fleet listing already holds: asking
//! Connect for the active topics (KIP-558) costs one call per connector, too many for 1,000
//! connectors, so the UI asks for them only for the connector a user opens.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::balance::StateCounts;
use crate::connector::{ConnectorState, ConnectorType};
use crate::fleet::Health;
use crate::tenancy::topic_keys;

/// The topics a connector's config names. Transforms may still route records elsewhere;
/// the active topics (KIP-558) say where they went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfiguredTopics {
    /// Exact names: a sink's `topics`, a plain source's `topic` or `kafka.topic`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// A sink's `topics.regex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The prefix of every topic a Debezium source writes (`topic.prefix`, or the 1.x keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

impl ConfiguredTopics {
    /// Reads the data topics from a connector config; DLQ, schema-history and heartbeat
    /// topics are the connector's plumbing, not where its data goes, and are left out.
    pub fn from_config(config: &BTreeMap<String, String>) -> Self {
        let value = |k: &str| config.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut names: Vec<String> = value("topics")
            .map(|v| topic_keys::list(v).map(str::to_owned).collect())
            .unwrap_or_default();
        names.extend(
            ["topic", "kafka.topic"]
                .into_iter()
                .filter_map(value)
                .map(str::to_owned),
        );
        Self {
            names,
            pattern: value("topics.regex").map(str::to_owned),
            prefix: ["topic.prefix", "database.server.name", "mongodb.name"]
                .into_iter()
                .find_map(value)
                .map(str::to_owned),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.pattern.is_none() && self.prefix.is_none()
    }

    /// One short line: `orders, payments`, `acme.inventory.*`, `/acme\..*/`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self.names.clone();
        parts.extend(self.prefix.iter().map(|p| format!("{p}.*")));
        parts.extend(self.pattern.iter().map(|p| format!("/{p}/")));
        parts.join(", ")
    }

    fn mentions(&self, needle: &str) -> bool {
        self.names
            .iter()
            .chain(&self.pattern)
            .chain(&self.prefix)
            .any(|t| t.to_lowercase().contains(needle))
    }
}

/// One task: its number, state and the worker running it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopologyTask {
    pub id: u32,
    pub state: ConnectorState,
    /// Empty when no worker runs it (unassigned).
    pub worker_id: String,
}

/// One connector of the topology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopologyConnector {
    pub name: String,
    pub connector_type: ConnectorType,
    pub state: ConnectorState,
    /// The fleet's state (RUNNING with a failed task is degraded).
    pub health: Health,
    /// The worker running the connector instance itself.
    pub worker_id: String,
    pub tasks: Vec<TopologyTask>,
    #[serde(default)]
    pub topics: ConfiguredTopics,
}

impl TopologyConnector {
    /// Case-insensitive match on the name, a worker, the state or a topic; `needle` is
    /// already lower case.
    fn matches(&self, needle: &str) -> bool {
        needle.is_empty()
            || self.name.to_lowercase().contains(needle)
            || self.health.as_str().contains(needle)
            || self.worker_id.to_lowercase().contains(needle)
            || self.topics.mentions(needle)
    }
}

/// A connector as seen from one worker: whether the worker runs the connector instance, and
/// the tasks it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerPart {
    pub connector: TopologyConnector,
    pub runs_connector: bool,
    pub tasks: Vec<TopologyTask>,
}

/// One worker's column of the topology. `worker_id` is empty for instances no worker runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerGroup {
    pub worker_id: String,
    pub parts: Vec<WorkerPart>,
    pub connectors: StateCounts,
    pub tasks: StateCounts,
}

/// Groups the connectors matching `filter` by the workers that run them (by id, instances
/// without a worker last); a connector whose tasks run on several workers appears under each,
/// with only that worker's tasks. Parts are sorted by connector name.
pub fn group_by_worker(connectors: &[TopologyConnector], filter: &str) -> Vec<WorkerGroup> {
    let needle = filter.trim().to_lowercase();
    let mut groups: BTreeMap<(bool, String), WorkerGroup> = BTreeMap::new();
    for c in connectors.iter().filter(|c| c.matches(&needle)) {
        let mut workers: Vec<&str> = std::iter::once(c.worker_id.as_str())
            .chain(c.tasks.iter().map(|t| t.worker_id.as_str()))
            .collect();
        workers.sort_unstable();
        workers.dedup();
        for w in workers {
            let tasks: Vec<TopologyTask> = c
                .tasks
                .iter()
                .filter(|t| t.worker_id == w)
                .cloned()
                .collect();
            let runs_connector = c.worker_id == w;
            let group = groups
                .entry((w.is_empty(), w.to_owned()))
                .or_insert_with(|| WorkerGroup {
                    worker_id: w.to_owned(),
                    parts: Vec::new(),
                    connectors: StateCounts::default(),
                    tasks: StateCounts::default(),
                });
            if runs_connector {
                group.connectors.add(&c.state);
            }
            for t in &tasks {
                group.tasks.add(&t.state);
            }
            group.parts.push(WorkerPart {
                connector: c.clone(),
                runs_connector,
                tasks,
            });
        }
    }
    let mut groups: Vec<WorkerGroup> = groups.into_values().collect();
    for g in &mut groups {
        g.parts
            .sort_by(|a, b| a.connector.name.cmp(&b.connector.name));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: u32, state: ConnectorState, worker: &str) -> TopologyTask {
        TopologyTask {
            id,
            state,
            worker_id: worker.into(),
        }
    }

    fn connector(name: &str, worker: &str, tasks: Vec<TopologyTask>) -> TopologyConnector {
        TopologyConnector {
            name: name.into(),
            connector_type: ConnectorType::Sink,
            state: ConnectorState::Running,
            health: Health::Running,
            worker_id: worker.into(),
            tasks,
            topics: ConfiguredTopics::default(),
        }
    }

    use crate::test_support::config;

    #[test]
    fn topics_come_from_sink_lists_patterns_and_source_prefixes() {
        let sink = ConfiguredTopics::from_config(&config(&[
            ("topics", " orders, payments ,"),
            ("errors.deadletterqueue.topic.name", "dlq"),
        ]));
        assert_eq!(sink.names, vec!["orders", "payments"]);
        assert_eq!(sink.summary(), "orders, payments");
        let regex = ConfiguredTopics::from_config(&config(&[("topics.regex", "acme\\..*")]));
        assert_eq!(regex.summary(), "/acme\\..*/");
        let source = ConfiguredTopics::from_config(&config(&[
            ("topic.prefix", "acme.inventory"),
            ("schema.history.internal.kafka.topic", "acme.history"),
        ]));
        assert_eq!(source.prefix.as_deref(), Some("acme.inventory"));
        assert!(source.names.is_empty(), "plumbing topics are left out");
        assert_eq!(source.summary(), "acme.inventory.*");
        let file = ConfiguredTopics::from_config(&config(&[("topic", "lines")]));
        assert_eq!(file.names, vec!["lines"]);
        assert!(ConfiguredTopics::from_config(&config(&[("topics", " ")])).is_empty());
    }

    #[test]
    fn tasks_sit_under_the_worker_that_runs_them() {
        let cs = [
            connector(
                "b",
                "w1",
                vec![
                    task(0, ConnectorState::Running, "w1"),
                    task(1, ConnectorState::Failed, "w2"),
                ],
            ),
            connector("a", "w2", vec![task(0, ConnectorState::Running, "w2")]),
        ];
        let groups = group_by_worker(&cs, "");
        assert_eq!(groups.len(), 2);
        let (w1, w2) = (&groups[0], &groups[1]);
        assert_eq!(w1.worker_id, "w1");
        assert_eq!(w1.parts.len(), 1);
        assert!(w1.parts[0].runs_connector);
        assert_eq!(
            w1.parts[0].tasks,
            vec![task(0, ConnectorState::Running, "w1")]
        );
        // `b` shows on w2 too, with only its task there, after `a` (by name).
        let names: Vec<&str> = w2.parts.iter().map(|p| p.connector.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
        assert!(!w2.parts[1].runs_connector);
        assert_eq!(w2.parts[1].tasks[0].id, 1);
        assert_eq!((w2.tasks.running, w2.tasks.failed), (1, 1));
        assert_eq!(w2.connectors.total(), 1);
    }

    #[test]
    fn instances_without_a_worker_come_last() {
        let cs = [
            connector("a", "", vec![task(0, ConnectorState::Unassigned, "")]),
            connector("b", "w9", vec![]),
        ];
        let groups = group_by_worker(&cs, "");
        let ids: Vec<&str> = groups.iter().map(|g| g.worker_id.as_str()).collect();
        assert_eq!(ids, vec!["w9", ""]);
        assert_eq!(groups[1].tasks.pending, 1);
    }

    #[test]
    fn the_filter_matches_names_states_workers_and_topics() {
        let mut failed = connector("Orders-Sink", "w1", vec![]);
        failed.health = Health::Failed;
        let mut topical = connector("other", "w2", vec![]);
        topical.topics.prefix = Some("acme.inventory".into());
        let cs = [failed, topical];
        let names = |f: &str| -> Vec<String> {
            group_by_worker(&cs, f)
                .into_iter()
                .flat_map(|g| g.parts.into_iter().map(|p| p.connector.name))
                .collect()
        };
        assert_eq!(names("orders"), vec!["Orders-Sink"]);
        assert_eq!(names(" FAILED "), vec!["Orders-Sink"]);
        assert_eq!(names("inventory"), vec!["other"]);
        assert_eq!(names("w2"), vec!["other"]);
        assert!(names("nothing").is_empty());
        assert_eq!(names("").len(), 2);
    }
}
