//! The fleet: every connector a user may see, across clusters, as pushed to browsers.
//!
//! The backend fetches each cluster once per interval and sends each viewer only what changed
//! since its last event ([`FleetUpdate`]); the UI folds updates into a [`Fleet`] and filters and
//! sorts it with [`FleetQuery`]. All of it is pure, so it is tested here natively.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::connector::{ConnectorState, ConnectorSummary, ConnectorType};
use crate::error::ApiError;

/// One connector of the fleet: its summary (task traces cut to their innermost cause), the cluster
/// it runs on and the tenant that owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetEntry {
    pub cluster_id: String,
    pub tenant: Option<String>,
    /// Set when the console stopped the connector for touching another namespace's topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarantine: Option<Quarantine>,
    #[serde(flatten)]
    pub connector: ConnectorSummary,
}

/// A connector the console stopped because its active topics left its tenant's namespace.
/// Its tenant cannot start it again until an admin releases it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantine {
    /// The topics found outside the namespace.
    pub topics: Vec<String>,
    pub found_at_ms: i64,
}

impl Quarantine {
    /// The one line the fleet and refused requests show.
    pub fn reason(&self) -> String {
        format!("stopped by Sluice: {}", self.finding())
    }

    /// What was found, for a notice that already says who stopped the connector.
    pub fn finding(&self) -> String {
        format!(
            "it touched {} outside its tenant's namespace; an admin must release it",
            self.topics
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl FleetEntry {
    /// Builds an entry, keeping only each task trace's summary line (its innermost cause): the
    /// fleet view shows that line, and full traces for hundreds of failed tasks would swamp
    /// every event.
    pub fn new(cluster_id: &str, tenant: Option<String>, mut connector: ConnectorSummary) -> Self {
        for task in &mut connector.tasks {
            if let Some(trace) = &task.trace {
                task.trace = Some(crate::stack_trace::summary_line(trace));
            }
        }
        Self {
            cluster_id: cluster_id.to_owned(),
            tenant,
            quarantine: None,
            connector,
        }
    }

    /// The state shown and filtered on: Connect's state, with RUNNING split into running and
    /// degraded (a task failed, or no task at all although the connector runs).
    pub fn health(&self) -> Health {
        let c = &self.connector;
        match &c.state {
            ConnectorState::Running if c.is_degraded() || c.tasks.is_empty() => Health::Degraded,
            ConnectorState::Running => Health::Running,
            ConnectorState::Paused => Health::Paused,
            ConnectorState::Stopped => Health::Stopped,
            ConnectorState::Failed => Health::Failed,
            ConnectorState::Unassigned => Health::Unassigned,
            ConnectorState::Restarting => Health::Restarting,
            ConnectorState::Unknown(_) => Health::Unknown,
        }
    }

    /// Why the connector needs attention, in one line: its own error, a failed task's trace
    /// summary, or a running connector with no tasks.
    pub fn problem(&self) -> Option<String> {
        let c = &self.connector;
        self.quarantine
            .as_ref()
            .map(Quarantine::reason)
            .or_else(|| c.error.clone())
            .or_else(|| {
                c.tasks
                    .iter()
                    .filter(|t| t.state == ConnectorState::Failed)
                    .find_map(|t| t.trace.clone().map(|l| format!("task {}: {l}", t.id)))
            })
            .or_else(|| {
                (c.state == ConnectorState::Running && c.tasks.is_empty())
                    .then(|| "running without any task: check the connector's log".to_owned())
            })
    }
}

/// The states the fleet view counts and filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Running,
    Degraded,
    Paused,
    Stopped,
    Failed,
    Unassigned,
    Restarting,
    Unknown,
}

impl Health {
    pub const ALL: [Health; 8] = [
        Health::Running,
        Health::Degraded,
        Health::Failed,
        Health::Paused,
        Health::Stopped,
        Health::Unassigned,
        Health::Restarting,
        Health::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Health::Running => "running",
            Health::Degraded => "degraded",
            Health::Paused => "paused",
            Health::Stopped => "stopped",
            Health::Failed => "failed",
            Health::Unassigned => "unassigned",
            Health::Restarting => "restarting",
            Health::Unknown => "unknown",
        }
    }

    /// Sort rank: what needs attention first.
    fn urgency(self) -> u8 {
        match self {
            Health::Failed => 0,
            Health::Degraded => 1,
            Health::Unassigned => 2,
            Health::Restarting => 3,
            Health::Unknown => 4,
            Health::Paused => 5,
            Health::Stopped => 6,
            Health::Running => 7,
        }
    }
}

/// One event of the fleet stream, for one cluster: a full replacement (first event, or after
/// the cluster came back) or the entries that changed and the names that disappeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetUpdate {
    pub cluster_id: String,
    /// Milliseconds since the Unix epoch when Connect answered (or failed to).
    pub fetched_at_ms: u64,
    /// Set when the cluster could not be listed; the entries then are the last ones known.
    pub error: Option<ApiError>,
    /// Set while Connect has not answered a refresh for longer than the console waits (since
    /// when, ms since the epoch): the entries are the last listing, `fetched_at_ms` old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since_ms: Option<u64>,
    pub full: bool,
    pub upserts: Vec<FleetEntry>,
    pub removed: Vec<String>,
}

impl FleetUpdate {
    /// What a viewer who last saw `before` needs to see `after`. `None` before means the
    /// viewer has nothing yet (a full update).
    pub fn between(
        cluster_id: &str,
        fetched_at_ms: u64,
        before: Option<&BTreeMap<String, FleetEntry>>,
        after: &BTreeMap<String, FleetEntry>,
    ) -> Self {
        Self::between_visible(cluster_id, fetched_at_ms, before, after, |_| true)
    }

    /// [`FleetUpdate::between`] for a viewer who sees only the entries `visible` accepts, of
    /// two whole listings: no viewer needs a copy of its share of each.
    pub fn between_visible(
        cluster_id: &str,
        fetched_at_ms: u64,
        before: Option<&BTreeMap<String, FleetEntry>>,
        after: &BTreeMap<String, FleetEntry>,
        visible: impl Fn(&FleetEntry) -> bool,
    ) -> Self {
        fn seen<'m>(
            map: &'m BTreeMap<String, FleetEntry>,
            name: &str,
            visible: &impl Fn(&FleetEntry) -> bool,
        ) -> Option<&'m FleetEntry> {
            map.get(name).filter(|e| visible(e))
        }
        let (full, upserts, removed) = match before {
            None => (
                true,
                after.values().filter(|e| visible(e)).cloned().collect(),
                Vec::new(),
            ),
            Some(before) => (
                false,
                after
                    .iter()
                    .filter(|(name, e)| visible(e) && seen(before, name, &visible) != Some(e))
                    .map(|(_, e)| e.clone())
                    .collect(),
                before
                    .iter()
                    .filter(|(name, e)| visible(e) && seen(after, name, &visible).is_none())
                    .map(|(name, _)| name.clone())
                    .collect(),
            ),
        };
        Self {
            cluster_id: cluster_id.to_owned(),
            fetched_at_ms,
            error: None,
            pending_since_ms: None,
            full,
            upserts,
            removed,
        }
    }

    /// A cluster that could not be listed: the viewer keeps what it has, marked stale.
    pub fn failed(cluster_id: &str, fetched_at_ms: u64, error: ApiError) -> Self {
        Self {
            cluster_id: cluster_id.to_owned(),
            fetched_at_ms,
            error: Some(error),
            pending_since_ms: None,
            full: false,
            upserts: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// Whether sending this would tell the viewer anything.
    pub fn is_empty(&self) -> bool {
        !self.full && self.error.is_none() && self.upserts.is_empty() && self.removed.is_empty()
    }
}

/// One cluster as the UI holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterFleet {
    pub cluster_id: String,
    pub fetched_at_ms: u64,
    pub error: Option<ApiError>,
    /// Since when Connect has kept a refresh waiting (see [`FleetUpdate::pending_since_ms`]).
    pub pending_since_ms: Option<u64>,
    pub connectors: BTreeMap<String, FleetEntry>,
}

/// Every cluster's connectors as the UI holds them, built from the stream's updates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fleet {
    pub clusters: BTreeMap<String, ClusterFleet>,
}

impl Fleet {
    pub fn apply(&mut self, update: FleetUpdate) {
        let cluster = self
            .clusters
            .entry(update.cluster_id.clone())
            .or_insert_with(|| ClusterFleet {
                cluster_id: update.cluster_id.clone(),
                ..ClusterFleet::default()
            });
        cluster.fetched_at_ms = update.fetched_at_ms;
        cluster.error = update.error;
        cluster.pending_since_ms = update.pending_since_ms;
        if update.full {
            cluster.connectors.clear();
        }
        for name in update.removed {
            cluster.connectors.remove(&name);
        }
        for e in update.upserts {
            cluster.connectors.insert(e.connector.name.clone(), e);
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = &FleetEntry> {
        self.clusters.values().flat_map(|c| c.connectors.values())
    }

    pub fn len(&self) -> usize {
        self.clusters.values().map(|c| c.connectors.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, cluster: &str, name: &str) -> Option<&FleetEntry> {
        self.clusters.get(cluster)?.connectors.get(name)
    }
}

/// `GET /api/v1/fleet`: the same data as the stream, in one answer (scripts, first paint).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetSnapshot {
    pub clusters: Vec<FleetClusterSnapshot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetClusterSnapshot {
    pub cluster_id: String,
    pub fetched_at_ms: u64,
    pub error: Option<ApiError>,
    /// See [`FleetUpdate::pending_since_ms`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since_ms: Option<u64>,
    pub connectors: Vec<FleetEntry>,
}

/// Columns the fleet table sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Health,
    Kind,
    Plugin,
    Tenant,
    Cluster,
    Tasks,
}

/// The fleet view's search, filters and sort. Empty filters match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetQuery {
    /// Case-insensitive substring of the name (or plugin class).
    pub text: String,
    pub health: Vec<Health>,
    pub kind: Option<ConnectorType>,
    pub plugin: Option<String>,
    pub tenant: Option<String>,
    pub cluster: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
}

/// The tenant filter's value for connectors nobody owns.
pub const UNOWNED: &str = "(unowned)";

impl FleetQuery {
    pub fn matches(&self, e: &FleetEntry) -> bool {
        let c = &e.connector;
        let text = self.text.trim().to_lowercase();
        (text.is_empty()
            || c.name.to_lowercase().contains(&text)
            || c.connector_class
                .as_deref()
                .is_some_and(|k| k.to_lowercase().contains(&text)))
            && (self.health.is_empty() || self.health.contains(&e.health()))
            && self.kind.is_none_or(|k| k == c.connector_type)
            && self
                .plugin
                .as_deref()
                .is_none_or(|p| c.connector_class.as_deref() == Some(p))
            && self
                .tenant
                .as_deref()
                .is_none_or(|t| e.tenant.as_deref().unwrap_or(UNOWNED) == t)
            && self.cluster.as_deref().is_none_or(|k| e.cluster_id == k)
    }

    /// The matching entries, sorted; ties broken by cluster and name so the order is stable
    /// between refreshes.
    pub fn apply<'a>(&self, entries: impl Iterator<Item = &'a FleetEntry>) -> Vec<&'a FleetEntry> {
        let mut rows: Vec<&FleetEntry> = entries.filter(|e| self.matches(e)).collect();
        rows.sort_by(|a, b| {
            let primary = match self.sort {
                SortKey::Name => Ordering::Equal,
                SortKey::Health => a.health().urgency().cmp(&b.health().urgency()),
                SortKey::Kind => kind_rank(a).cmp(&kind_rank(b)),
                SortKey::Plugin => a.connector.short_class().cmp(&b.connector.short_class()),
                SortKey::Tenant => a.tenant.cmp(&b.tenant),
                SortKey::Cluster => a.cluster_id.cmp(&b.cluster_id),
                SortKey::Tasks => b
                    .connector
                    .tasks_failed()
                    .cmp(&a.connector.tasks_failed())
                    .then(a.connector.tasks.len().cmp(&b.connector.tasks.len())),
            };
            let primary = if self.descending {
                primary.reverse()
            } else {
                primary
            };
            let by_name = a.connector.name.cmp(&b.connector.name);
            primary
                .then(if self.sort == SortKey::Name && self.descending {
                    by_name.reverse()
                } else {
                    by_name
                })
                .then(a.cluster_id.cmp(&b.cluster_id))
        });
        rows
    }
}

fn kind_rank(e: &FleetEntry) -> u8 {
    match e.connector.connector_type {
        ConnectorType::Source => 0,
        ConnectorType::Sink => 1,
        ConnectorType::Unknown => 2,
    }
}

/// Counts per [`Health`] over any set of entries (the whole fleet, or what a filter left).
pub fn health_counts<'a>(entries: impl Iterator<Item = &'a FleetEntry>) -> BTreeMap<Health, usize> {
    let mut counts = BTreeMap::new();
    for e in entries {
        *counts.entry(e.health()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::connector::TaskStatus;

    /// A sink entry with one task per given state; failed tasks carry a two-line trace.
    pub(crate) fn entry(
        cluster: &str,
        name: &str,
        state: ConnectorState,
        tasks: &[ConnectorState],
    ) -> FleetEntry {
        FleetEntry::new(
            cluster,
            None,
            ConnectorSummary {
                name: name.into(),
                connector_type: ConnectorType::Sink,
                state,
                worker_id: "127.0.0.1:8083".into(),
                connector_class: Some("org.apache.kafka.connect.file.FileStreamSinkConnector".into()),
                plugin_version: None,
                tasks: tasks
                    .iter()
                    .enumerate()
                    .map(|(i, s)| TaskStatus {
                        id: i as u32,
                        state: s.clone(),
                        worker_id: "127.0.0.1:8083".into(),
                        trace: (*s == ConnectorState::Failed).then(|| {
                            "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.y(Z.java:1)".into()
                        }),
                        version: None,
                    })
                    .collect(),
                error: None,
            },
        )
    }

    fn map(entries: &[FleetEntry]) -> BTreeMap<String, FleetEntry> {
        entries
            .iter()
            .map(|e| (e.connector.name.clone(), e.clone()))
            .collect()
    }

    use ConnectorState::{Failed, Paused, Running, Stopped};

    #[test]
    fn traces_are_cut_to_their_summary_line_and_explain_the_problem() {
        let e = entry("c", "a", Running, &[Running, Failed]);
        assert_eq!(e.health(), Health::Degraded);
        assert_eq!(
            e.problem().as_deref(),
            Some("task 1: org.apache.kafka.connect.errors.ConnectException: boom")
        );
        assert!(
            !e.connector.tasks[1]
                .trace
                .as_deref()
                .unwrap()
                .contains("Z.java")
        );
    }

    #[test]
    fn a_task_trace_is_cut_to_its_innermost_cause() {
        let mut summary = entry("c", "pg", Running, &[]).connector;
        summary.tasks.push(TaskStatus {
            id: 0,
            state: Failed,
            worker_id: "127.0.0.1:8083".into(),
            trace: Some(
                "org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer. This connector will be stopped.\n\tat a.b(C.java:1)\nCaused by: io.debezium.DebeziumException: Publication autocreation is disabled\n\t... 3 more".into(),
            ),
            version: None,
        });
        let e = FleetEntry::new("c", None, summary);
        assert_eq!(
            e.problem().as_deref(),
            Some("task 0: io.debezium.DebeziumException: Publication autocreation is disabled")
        );
    }

    #[test]
    fn a_running_connector_without_tasks_is_degraded() {
        let e = entry("c", "jdbc", Running, &[]);
        assert_eq!(e.health(), Health::Degraded);
        assert!(e.problem().unwrap().contains("without any task"));
        assert_eq!(entry("c", "s", Stopped, &[]).health(), Health::Stopped);
    }

    #[test]
    fn updates_carry_only_changes_and_rebuild_the_same_fleet() {
        let v1 = map(&[
            entry("c", "a", Running, &[Running]),
            entry("c", "b", Running, &[Running]),
            entry("c", "gone", Running, &[Running]),
        ]);
        let v2 = map(&[
            entry("c", "a", Running, &[Running]),
            entry("c", "b", Paused, &[Paused]),
            entry("c", "new", Running, &[Running]),
        ]);
        let first = FleetUpdate::between("c", 1, None, &v1);
        assert!(first.full && first.upserts.len() == 3);
        let next = FleetUpdate::between("c", 2, Some(&v1), &v2);
        assert!(!next.full);
        let mut changed: Vec<_> = next
            .upserts
            .iter()
            .map(|e| e.connector.name.as_str())
            .collect();
        changed.sort_unstable();
        assert_eq!(changed, ["b", "new"]);
        assert_eq!(next.removed, ["gone"]);
        assert!(FleetUpdate::between("c", 3, Some(&v2), &v2).is_empty());
        // A viewer of part of the fleet gets the diff of its parts, from the whole listings,
        // including an entry given to another tenant (gone from its view).
        let mut v3 = v2.clone();
        v3.get_mut("a").expect("a").tenant = Some("globex".into());
        let mine = |e: &FleetEntry| e.connector.name != "b" && e.tenant.is_none();
        let only = |m: &BTreeMap<String, FleetEntry>| -> BTreeMap<String, FleetEntry> {
            m.iter()
                .filter(|(_, e)| mine(e))
                .map(|(n, e)| (n.clone(), e.clone()))
                .collect()
        };
        for (before, after) in [
            (None, &v1),
            (Some(&v1), &v2),
            (Some(&v2), &v1),
            (Some(&v2), &v3),
            (Some(&v3), &v2),
        ] {
            assert_eq!(
                FleetUpdate::between_visible("c", 4, before, after, mine),
                FleetUpdate::between("c", 4, before.map(only).as_ref(), &only(after))
            );
        }

        let mut fleet = Fleet::default();
        fleet.apply(first);
        fleet.apply(next);
        assert_eq!(fleet.clusters["c"].connectors, v2);
        assert_eq!(fleet.clusters["c"].fetched_at_ms, 2);
    }

    #[test]
    fn a_failed_listing_keeps_the_last_entries_and_says_why() {
        let v1 = map(&[entry("c", "a", Running, &[Running])]);
        let mut fleet = Fleet::default();
        fleet.apply(FleetUpdate::between("c", 1, None, &v1));
        let err = ApiError::new(crate::ErrorCode::ClusterUnreachable, "down");
        fleet.apply(FleetUpdate::failed("c", 5, err.clone()));
        assert_eq!(fleet.len(), 1);
        assert_eq!(fleet.clusters["c"].error, Some(err));
        fleet.apply(FleetUpdate::between("c", 9, None, &BTreeMap::new()));
        assert!(fleet.is_empty() && fleet.clusters["c"].error.is_none());
    }

    #[test]
    fn query_filters_by_text_health_tenant_and_cluster() {
        let mut owned = entry("east", "acme-orders", Paused, &[Paused]);
        owned.tenant = Some("acme".into());
        let all = [
            owned,
            entry("east", "billing-sink", Running, &[Running, Failed]),
            entry("west", "Acme-Legacy", Failed, &[]),
        ];
        let names = |q: &FleetQuery| -> Vec<String> {
            q.apply(all.iter())
                .iter()
                .map(|e| e.connector.name.clone())
                .collect()
        };
        let q = FleetQuery {
            text: " ACME".into(),
            ..FleetQuery::default()
        };
        assert_eq!(names(&q), ["Acme-Legacy", "acme-orders"]);
        let q = FleetQuery {
            health: vec![Health::Degraded, Health::Failed],
            ..FleetQuery::default()
        };
        assert_eq!(names(&q), ["Acme-Legacy", "billing-sink"]);
        let q = FleetQuery {
            tenant: Some(UNOWNED.into()),
            cluster: Some("east".into()),
            ..FleetQuery::default()
        };
        assert_eq!(names(&q), ["billing-sink"]);
        let q = FleetQuery {
            text: "filestream".into(),
            kind: Some(ConnectorType::Source),
            ..FleetQuery::default()
        };
        assert!(names(&q).is_empty());
    }

    #[test]
    fn sorting_by_health_puts_what_needs_attention_first_and_is_stable() {
        let all = [
            entry("c", "z-ok", Running, &[Running]),
            entry("c", "b-failed", Failed, &[]),
            entry("c", "a-ok", Running, &[Running]),
            entry("c", "y-degraded", Running, &[Failed]),
        ];
        let q = FleetQuery {
            sort: SortKey::Health,
            ..FleetQuery::default()
        };
        let names: Vec<_> = q
            .apply(all.iter())
            .iter()
            .map(|e| e.connector.name.as_str())
            .collect();
        assert_eq!(names, ["b-failed", "y-degraded", "a-ok", "z-ok"]);
        let q = FleetQuery {
            descending: true,
            ..FleetQuery::default()
        };
        let names: Vec<_> = q
            .apply(all.iter())
            .iter()
            .map(|e| e.connector.name.as_str())
            .collect();
        assert_eq!(names, ["z-ok", "y-degraded", "b-failed", "a-ok"]);
        let counts = health_counts(all.iter());
        assert_eq!(counts[&Health::Running], 2);
        assert_eq!(counts[&Health::Failed], 1);
    }
}
