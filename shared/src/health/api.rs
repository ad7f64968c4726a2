//! What the health routes answer: a connector's timeline, the fleet's states over time, a
//! connector's auto-restart state, and who runs the scheduler.

use serde::{Deserialize, Serialize};

use super::alerts::{AlertKind, Severity};
use super::restart::{PolicyOverride, RestartPolicy, RestartTrack};
use super::samples::StateCounts;
use super::transition::Transition;

/// One moment on a connector's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineEntry {
    /// The connector or a task changed state (or worker).
    State(Transition),
    /// Something was done to it: by a person, a key or the scheduler (restarts, config
    /// changes, auto-restart escalations and acknowledgements), from the audit log.
    Action {
        at_ms: i64,
        actor: String,
        action: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
        result: String,
    },
    /// An alert about it fired or resolved.
    Alert {
        at_ms: i64,
        alert: AlertKind,
        severity: Severity,
        /// `fired` or `resolved`.
        change: String,
        summary: String,
    },
}

impl TimelineEntry {
    pub fn at_ms(&self) -> i64 {
        match self {
            Self::State(t) => t.at_ms,
            Self::Action { at_ms, .. } | Self::Alert { at_ms, .. } => *at_ms,
        }
    }
}

/// `GET …/connectors/{name}/timeline`: oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub from_ms: i64,
    pub to_ms: i64,
    pub entries: Vec<TimelineEntry>,
    /// More entries than were returned fell in the range (the oldest were left off).
    #[serde(default)]
    pub truncated: bool,
}

/// One point of the fleet graph: averages over the bucket starting at `at_ms`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatePoint {
    pub at_ms: i64,
    pub connectors: StateCounts,
    pub tasks: StateCounts,
}

/// `GET /api/v1/health/history`: one cluster's states over a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FleetHistory {
    pub cluster_id: String,
    pub from_ms: i64,
    pub to_ms: i64,
    pub bucket_ms: i64,
    pub points: Vec<StatePoint>,
}

/// Where the policy in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicySource {
    Console,
    Tenant,
    Connector,
}

/// What auto-restart is doing about a connector, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoRestartStatus {
    /// The policy is off for it.
    Off,
    /// Someone paused it for this connector.
    Paused,
    /// Healthy (or recovering inside a monitor window).
    Watching,
    /// Failing; the next attempt is at `next_attempt_ms`.
    Waiting,
    PersistentFailure,
}

/// `GET …/connectors/{name}/auto-restart`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoRestart {
    pub status: AutoRestartStatus,
    pub policy: RestartPolicy,
    pub source: PolicySource,
    /// This connector's own override, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_override: Option<PolicyOverride>,
    pub track: RestartTrack,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_ms: Option<i64>,
}

/// `PUT …/auto-restart`: the connector's override (an empty one removes it) and the pause.
/// Unknown fields are refused: with every field optional, a misspelt one would change nothing
/// and still answer 200.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoRestartChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyOverride>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
}

/// `GET /api/v1/health/scheduler`: which replica runs the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulerStatus {
    /// This replica's id.
    pub replica: String,
    /// The lease holder, if the lease is live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    pub lease_expires_ms: Option<i64>,
    pub interval_ms: u64,
    /// Per cluster, the last cycle this replica ran.
    pub last_cycles: Vec<LastCycle>,
}

/// One cluster's last cycle: when it started and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastCycle {
    pub cluster_id: String,
    pub at_ms: i64,
    pub took_ms: u64,
}
