//! Bulk actions on a selection of connectors: what the confirmation lists before anything is
//! sent, and the per-connector answer afterwards.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::fleet::{FleetEntry, Health};

/// What can be applied to many connectors at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Pause,
    Resume,
    Stop,
    /// Restart the connector and tasks that FAILED, in one call each (KIP-745 `onlyFailed`).
    RestartFailed,
}

impl BulkAction {
    pub const ALL: [BulkAction; 4] = [
        BulkAction::Pause,
        BulkAction::Resume,
        BulkAction::Stop,
        BulkAction::RestartFailed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BulkAction::Pause => "Pause",
            BulkAction::Resume => "Resume",
            BulkAction::Stop => "Stop",
            BulkAction::RestartFailed => "Restart failed",
        }
    }

    /// What happens to one connector, judged from the state the user sees.
    pub fn effect(self, e: &FleetEntry) -> Effect {
        use Health as H;
        let health = e.health();
        let change = |to: &str| Effect::Change(format!("{} → {to}", health.as_str()));
        match (self, health) {
            (BulkAction::Pause, H::Paused) => Effect::Skip("already paused".into()),
            (BulkAction::Pause, H::Stopped) => {
                Effect::Skip("stopped: pausing would start its tasks; resume it instead".into())
            }
            (BulkAction::Pause, _) => change("paused"),
            (BulkAction::Resume, H::Paused | H::Stopped) => change("running"),
            (BulkAction::Resume, _) => {
                Effect::Skip(format!("{}, not paused or stopped", health.as_str()))
            }
            (BulkAction::Stop, H::Stopped) => Effect::Skip("already stopped".into()),
            (BulkAction::Stop, _) => change("stopped (tasks shut down)"),
            (BulkAction::RestartFailed, _) => {
                let c = &e.connector;
                let tasks = c.tasks_failed();
                let connector = health == H::Failed;
                match (connector, tasks) {
                    (false, 0) => Effect::Skip("nothing has failed".into()),
                    (true, 0) => Effect::Change("restart the connector".into()),
                    (false, n) => Effect::Change(format!("restart {n} failed task{}", plural(n))),
                    (true, n) => Effect::Change(format!(
                        "restart the connector and {n} failed task{}",
                        plural(n)
                    )),
                }
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The effect of a bulk action on one connector, shown before confirming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Change(String),
    Skip(String),
}

/// A connector named across clusters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConnectorRef {
    pub cluster_id: String,
    pub name: String,
}

/// `POST /api/v1/bulk`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    pub action: BulkAction,
    pub connectors: Vec<ConnectorRef>,
}

/// The most connectors one bulk request may name.
pub const MAX_BULK: usize = 2000;

/// What happened to one connector of a bulk request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub cluster_id: String,
    pub name: String,
    /// `None` when it worked.
    pub error: Option<ApiError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResponse {
    pub results: Vec<BulkOutcome>,
}

impl BulkResponse {
    pub fn failures(&self) -> usize {
        self.results.iter().filter(|r| r.error.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::ConnectorState;

    fn entry(state: ConnectorState, tasks: &[ConnectorState]) -> FleetEntry {
        crate::fleet::tests::entry("c", "n", state, tasks)
    }

    use ConnectorState::{Failed, Paused, Running, Stopped};

    #[test]
    fn confirmation_says_what_changes_and_what_is_skipped() {
        let running = entry(Running, &[Running]);
        let paused = entry(Paused, &[Paused]);
        let stopped = entry(Stopped, &[]);
        assert_eq!(
            BulkAction::Pause.effect(&running),
            Effect::Change("running → paused".into())
        );
        assert!(matches!(BulkAction::Pause.effect(&paused), Effect::Skip(_)));
        assert!(matches!(
            BulkAction::Pause.effect(&stopped),
            Effect::Skip(_)
        ));
        assert_eq!(
            BulkAction::Resume.effect(&stopped),
            Effect::Change("stopped → running".into())
        );
        assert!(matches!(
            BulkAction::Resume.effect(&running),
            Effect::Skip(_)
        ));
        assert!(matches!(BulkAction::Stop.effect(&stopped), Effect::Skip(_)));
    }

    #[test]
    fn restart_failed_counts_failed_instances() {
        assert_eq!(
            BulkAction::RestartFailed.effect(&entry(Running, &[Running, Failed, Failed])),
            Effect::Change("restart 2 failed tasks".into())
        );
        assert_eq!(
            BulkAction::RestartFailed.effect(&entry(Failed, &[Failed])),
            Effect::Change("restart the connector and 1 failed task".into())
        );
        assert_eq!(
            BulkAction::RestartFailed.effect(&entry(Running, &[Running])),
            Effect::Skip("nothing has failed".into())
        );
    }
}
