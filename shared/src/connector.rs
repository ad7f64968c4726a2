//! Connector and task status as Kafka Connect reports them, and the summary the UI lists.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::stack_trace::summary_line;

/// The lifecycle state of a connector or task (`AbstractStatus.State` in Connect).
///
/// Parsing never fails: a state a newer Connect invents arrives as `Unknown` instead of
/// breaking every list that contains it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConnectorState {
    Unassigned,
    Running,
    Paused,
    Stopped,
    Failed,
    Restarting,
    Unknown(String),
}

impl ConnectorState {
    /// Connect's wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unassigned => "UNASSIGNED",
            Self::Running => "RUNNING",
            Self::Paused => "PAUSED",
            Self::Stopped => "STOPPED",
            Self::Failed => "FAILED",
            Self::Restarting => "RESTARTING",
            Self::Unknown(s) => s,
        }
    }

    /// Case-insensitive, total: anything unrecognised is kept verbatim as `Unknown`.
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_uppercase().as_str() {
            "UNASSIGNED" => Self::Unassigned,
            "RUNNING" => Self::Running,
            "PAUSED" => Self::Paused,
            "STOPPED" => Self::Stopped,
            "FAILED" => Self::Failed,
            "RESTARTING" => Self::Restarting,
            _ => Self::Unknown(s.to_owned()),
        }
    }
}

impl fmt::Display for ConnectorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ConnectorState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ConnectorState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

/// Whether a connector produces into Kafka or consumes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConnectorType {
    Source,
    Sink,
    /// Connect could not load the plugin (or reports a type this build does not know).
    #[default]
    #[serde(other)]
    Unknown,
}

/// Status of the connector instance itself (the `connector` object in Connect's status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceStatus {
    pub state: ConnectorState,
    pub worker_id: String,
    /// Java stack trace, present only when the instance FAILED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
    /// Running plugin version (Kafka 4.1+, KIP-891).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// Status of one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskStatus {
    pub id: u32,
    pub state: ConnectorState,
    pub worker_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `GET /connectors/{name}/status` (Connect's `ConnectorStateInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorStatus {
    pub name: String,
    pub connector: InstanceStatus,
    #[serde(default)]
    pub tasks: Vec<TaskStatus>,
    #[serde(rename = "type", default)]
    pub connector_type: ConnectorType,
}

impl ConnectorStatus {
    /// A connector Connect has stored but no worker has taken yet (its status answers 404 for
    /// a moment after it is created): UNASSIGNED, with no tasks.
    pub fn starting(name: &str, connector_type: ConnectorType) -> Self {
        Self {
            name: name.to_owned(),
            connector: InstanceStatus {
                state: ConnectorState::Unassigned,
                worker_id: String::new(),
                trace: None,
                version: None,
            },
            tasks: Vec::new(),
            connector_type,
        }
    }
}

/// Identifies a task: connector name plus task number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskId {
    pub connector: String,
    pub task: u32,
}

/// `GET /connectors/{name}` (Connect's `ConnectorInfo`). `config` holds raw values, secrets
/// included, so it must be redacted before it leaves the backend.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorInfo {
    pub name: String,
    pub config: BTreeMap<String, String>,
    #[serde(default)]
    pub tasks: Vec<TaskId>,
    #[serde(rename = "type", default)]
    pub connector_type: ConnectorType,
}

impl fmt::Debug for ConnectorInfo {
    // Config values may be passwords: Debug shows keys only, so a stray `{:?}` cannot log one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectorInfo")
            .field("name", &self.name)
            .field("config_keys", &self.config.keys().collect::<Vec<_>>())
            .field("tasks", &self.tasks)
            .field("connector_type", &self.connector_type)
            .finish()
    }
}

/// What a connector's list row needs of Connect's `info`: its type and class. Read straight
/// from an `expand=info` answer, it skips every other config value: at 1,000 connectors those
/// were most of the list's parsing, and the list path then never holds a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct InfoHead {
    #[serde(rename = "type", default)]
    pub connector_type: ConnectorType,
    #[serde(default)]
    pub config: ClassOnly,
}

/// The one config value `InfoHead` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ClassOnly {
    #[serde(rename = "connector.class", default)]
    pub class: Option<String>,
}

impl From<&ConnectorInfo> for InfoHead {
    fn from(info: &ConnectorInfo) -> Self {
        Self {
            connector_type: info.connector_type,
            config: ClassOnly {
                class: info.config.get("connector.class").cloned(),
            },
        }
    }
}

/// One row of a cluster's connector list: what the UI needs, and no config values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorSummary {
    pub name: String,
    pub connector_type: ConnectorType,
    pub state: ConnectorState,
    pub worker_id: String,
    /// `connector.class` from the config (not a secret).
    pub connector_class: Option<String>,
    pub plugin_version: Option<String>,
    pub tasks: Vec<TaskStatus>,
    /// The connector's own trace when it FAILED, as one line: its innermost cause.
    pub error: Option<String>,
}

impl ConnectorSummary {
    /// Builds the list row from Connect's status and (optional) info for one connector.
    pub fn from_status(status: ConnectorStatus, info: Option<InfoHead>) -> Self {
        let (info_type, connector_class) = match info {
            Some(i) => (i.connector_type, i.config.class),
            None => (ConnectorType::Unknown, None),
        };
        let connector_type = match status.connector_type {
            ConnectorType::Unknown => info_type,
            t => t,
        };
        Self {
            error: status.connector.trace.as_deref().map(summary_line),
            name: status.name,
            connector_type,
            state: status.connector.state,
            worker_id: status.connector.worker_id,
            connector_class,
            plugin_version: status.connector.version,
            tasks: status.tasks,
        }
    }

    pub fn tasks_running(&self) -> usize {
        self.count_tasks(&ConnectorState::Running)
    }

    pub fn tasks_failed(&self) -> usize {
        self.count_tasks(&ConnectorState::Failed)
    }

    fn count_tasks(&self, state: &ConnectorState) -> usize {
        self.tasks.iter().filter(|t| &t.state == state).count()
    }

    /// A running connector with a failed task: Connect calls this RUNNING, operators call it broken.
    pub fn is_degraded(&self) -> bool {
        self.state == ConnectorState::Running && self.tasks_failed() > 0
    }

    /// The class name without its package, for narrow columns.
    pub fn short_class(&self) -> Option<&str> {
        self.connector_class
            .as_deref()
            .map(|c| c.rsplit('.').next().unwrap_or(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Recorded from the dev stack (Kafka 4.1.1, Debezium 3.4.0): status entries carry `version`.
    const STATUS: &str = r#"{"name":"probe-pg","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083","version":"3.4.0.Final"},"tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083","version":"3.4.0.Final"}],"type":"source"}"#;

    #[test]
    fn parses_recorded_status_with_plugin_version() {
        let s: ConnectorStatus = serde_json::from_str(STATUS).unwrap();
        assert_eq!(s.connector.state, ConnectorState::Running);
        assert_eq!(s.connector_type, ConnectorType::Source);
        assert_eq!(s.tasks[0].version.as_deref(), Some("3.4.0.Final"));
    }

    #[test]
    fn unknown_states_and_types_do_not_break_parsing() {
        let s: ConnectorStatus = serde_json::from_str(
            r#"{"name":"x","connector":{"state":"HIBERNATING","worker_id":"w"},"tasks":[],"type":"transformer"}"#,
        )
        .unwrap();
        assert_eq!(
            s.connector.state,
            ConnectorState::Unknown("HIBERNATING".into())
        );
        assert_eq!(s.connector.state.to_string(), "HIBERNATING");
        assert_eq!(s.connector_type, ConnectorType::Unknown);
    }

    #[test]
    fn every_known_state_round_trips() {
        for name in [
            "UNASSIGNED",
            "RUNNING",
            "PAUSED",
            "STOPPED",
            "FAILED",
            "RESTARTING",
        ] {
            let state = ConnectorState::parse(name);
            assert!(!matches!(state, ConnectorState::Unknown(_)), "{name}");
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{name}\"")
            );
        }
    }

    #[test]
    fn summary_counts_tasks_and_flags_degraded_connectors() {
        let status: ConnectorStatus = serde_json::from_str(
            r#"{"name":"s","connector":{"state":"RUNNING","worker_id":"w:1"},
                "tasks":[{"id":0,"state":"RUNNING","worker_id":"w:1"},
                         {"id":1,"state":"FAILED","worker_id":"w:1","trace":"org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.y(Z.java:1)"}],
                "type":"sink"}"#,
        )
        .unwrap();
        let summary = ConnectorSummary::from_status(status, None);
        assert_eq!((summary.tasks_running(), summary.tasks_failed()), (1, 1));
        assert!(summary.is_degraded());
        assert_eq!(summary.error, None, "the connector itself did not fail");
    }

    #[test]
    fn summary_takes_class_from_info_and_the_traces_innermost_cause() {
        let status: ConnectorStatus = serde_json::from_str(
            r#"{"name":"f","connector":{"state":"FAILED","worker_id":"w:1","trace":"org.apache.kafka.connect.errors.ConnectException: failed\n\tat a.b(C.java:2)\nCaused by: java.lang.IllegalStateException: no slot\n\t... 3 more"},"tasks":[],"type":"source"}"#,
        )
        .unwrap();
        let info = ConnectorInfo {
            name: "f".into(),
            config: [(
                "connector.class".to_owned(),
                "io.debezium.connector.postgresql.PostgresConnector".to_owned(),
            )]
            .into(),
            tasks: vec![],
            connector_type: ConnectorType::Source,
        };
        let summary = ConnectorSummary::from_status(status, Some(InfoHead::from(&info)));
        assert_eq!(summary.short_class(), Some("PostgresConnector"));
        assert_eq!(
            summary.error.as_deref(),
            Some("java.lang.IllegalStateException: no slot")
        );
        assert!(!summary.is_degraded());
    }

    #[test]
    fn info_head_reads_the_type_and_class_of_a_recorded_info_and_nothing_else() {
        // One `info` of an `expand=info` answer recorded from the stack (Debezium PostgreSQL).
        let head: InfoHead = serde_json::from_str(
            r#"{"name":"demo","config":{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","database.password":"dbz-secret-pw","tasks.max":"1","name":"demo"},"tasks":[{"connector":"demo","task":0}],"type":"source"}"#,
        )
        .unwrap();
        assert_eq!(head.connector_type, ConnectorType::Source);
        assert_eq!(
            head.config.class.as_deref(),
            Some("io.debezium.connector.postgresql.PostgresConnector")
        );
        assert!(!format!("{head:?}").contains("dbz-secret-pw"));
        // A plugin Connect cannot load: no type, and a config without a class still reads.
        let bare: InfoHead = serde_json::from_str(r#"{"name":"x","config":{}}"#).unwrap();
        assert_eq!(bare, InfoHead::default());
    }

    #[test]
    fn connector_info_debug_never_shows_config_values() {
        let info = ConnectorInfo {
            name: "c".into(),
            config: [("database.password".to_owned(), "hunter2".to_owned())].into(),
            tasks: vec![],
            connector_type: ConnectorType::Source,
        };
        let shown = format!("{info:?}");
        assert!(shown.contains("database.password"));
        assert!(!shown.contains("hunter2"));
    }
}

/// `POST …/connectors/{name}/restart`: what Connect did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartResult {
    /// The connector (and, with `include_tasks`, its tasks) was restarted.
    pub restarted: bool,
    /// With `include_tasks` or `only_failed`: the status Connect answered, where the
    /// instances being restarted show RESTARTING.
    pub status: Option<ConnectorStatus>,
}

/// `GET …/connectors/{name}/config`: the config with every secret replaced by
/// [`crate::redact::REDACTED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedConfig {
    pub config: BTreeMap<String, String>,
    /// The keys whose values were hidden, so the UI can mark them.
    pub redacted_keys: Vec<String>,
}

/// `POST /api/v1/clusters/{id}/connectors`: Connect's create body, plus the owning tenant.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateConnector {
    pub name: String,
    pub config: BTreeMap<String, String>,
    /// `RUNNING` (default), `PAUSED` or `STOPPED` (Kafka 3.7+).
    #[serde(default)]
    pub initial_state: Option<String>,
    /// Owner; operators may omit it (their own tenant). Admins may leave it unowned.
    #[serde(default)]
    pub tenant: Option<String>,
}

impl fmt::Debug for CreateConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateConnector")
            .field("name", &self.name)
            .field("config_keys", &self.config.keys().collect::<Vec<_>>())
            .field("tenant", &self.tenant)
            .finish()
    }
}

/// `GET /api/v1/clusters/{id}/connectors/{name}`: the detail page's header and tasks, with
/// whole traces. Served from the shared fleet listing when it has the connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorDetail {
    pub cluster_id: String,
    pub name: String,
    pub tenant: Option<String>,
    pub connector_type: ConnectorType,
    pub connector_class: Option<String>,
    pub status: ConnectorStatus,
    /// Milliseconds since the Unix epoch when Connect reported this status.
    pub fetched_at_ms: u64,
    /// Set when Connect has not answered a newer listing: since when (ms since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since_ms: Option<u64>,
    /// Set when the console stopped it for touching topics outside its tenant's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarantine: Option<crate::fleet::Quarantine>,
}

/// A Debezium PostgreSQL connector's replication slot, as its own credentials see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotInfo {
    pub slot_name: String,
    pub database: String,
    pub host: String,
    pub exists: bool,
    /// A connected client (the connector's task) holds it.
    pub active: bool,
    /// WAL the server keeps for the slot, in bytes.
    pub retained_wal_bytes: Option<i64>,
}

/// `DELETE …/connectors/{name}[?drop_slot=true]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteResult {
    pub deleted: bool,
    /// Set when the slot was to be dropped: `None` error means it is gone.
    pub slot: Option<SlotDrop>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDrop {
    pub slot_name: String,
    pub dropped: bool,
    pub error: Option<String>,
}

/// The class of Debezium's PostgreSQL source, whose slot outlives the connector.
pub const POSTGRES_CONNECTOR: &str = "io.debezium.connector.postgresql.PostgresConnector";
