//! What changed between two looks at a cluster: a connector or task appeared, changed state,
//! moved to another worker, or disappeared. The scheduler keeps the last look in the console
//! database, so a restarted (or another) replica continues where the last cycle stopped
//! instead of reporting every connector as new.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ConnectorState, ConnectorStatus};

/// The connector instance (`task: None`) or one of its tasks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Instance {
    pub connector: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<u32>,
}

/// What the last look saw of one instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    pub state: ConnectorState,
    pub worker: String,
    /// Since when it has been in this state (first seen so, at the scheduler's resolution).
    pub since_ms: i64,
}

/// One change of one instance. `from: None` means it appeared; `to: None` that it is gone
/// (the connector was deleted, or the task count shrank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub instance: Instance,
    pub from: Option<ConnectorState>,
    pub to: Option<ConnectorState>,
    pub worker: Option<String>,
    /// The stack trace Connect gave for a FAILED state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
    pub at_ms: i64,
}

/// The transitions from `before` to the statuses seen at `at_ms`, and the new look. A move
/// to another worker in the same state is a transition too (a rebalance shows on the
/// timeline). Instances never seen before (the very first look) are recorded as appearing.
pub fn transitions<'a>(
    before: &BTreeMap<Instance, Known>,
    now: impl IntoIterator<Item = &'a ConnectorStatus>,
    at_ms: i64,
) -> (Vec<Transition>, BTreeMap<Instance, Known>) {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    let observed = now.into_iter().flat_map(|s| {
        let connector = std::iter::once((
            Instance {
                connector: s.name.clone(),
                task: None,
            },
            &s.connector.state,
            &s.connector.worker_id,
            &s.connector.trace,
        ));
        let tasks = s.tasks.iter().map(|t| {
            (
                Instance {
                    connector: s.name.clone(),
                    task: Some(t.id),
                },
                &t.state,
                &t.worker_id,
                &t.trace,
            )
        });
        connector.chain(tasks)
    });
    for (instance, state, worker, trace) in observed {
        let known = match before.get(&instance) {
            Some(k) if k.state == *state && k.worker == *worker => k.clone(),
            previous => {
                out.push(Transition {
                    instance: instance.clone(),
                    from: previous.map(|k| k.state.clone()),
                    to: Some(state.clone()),
                    worker: Some(worker.clone()),
                    trace: trace.clone(),
                    at_ms,
                });
                Known {
                    state: state.clone(),
                    worker: worker.clone(),
                    since_ms: match previous {
                        // Moved, same state: it has been in that state all along.
                        Some(k) if k.state == *state => k.since_ms,
                        _ => at_ms,
                    },
                }
            }
        };
        seen.insert(instance, known);
    }
    for (instance, k) in before {
        if !seen.contains_key(instance) {
            out.push(Transition {
                instance: instance.clone(),
                from: Some(k.state.clone()),
                to: None,
                worker: None,
                trace: None,
                at_ms,
            });
        }
    }
    (out, seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConnectorType, InstanceStatus, TaskStatus};

    fn status(name: &str, state: &str, tasks: &[(&str, &str)]) -> ConnectorStatus {
        ConnectorStatus {
            name: name.into(),
            connector: InstanceStatus {
                state: ConnectorState::parse(state),
                worker_id: "w1:8083".into(),
                trace: None,
                version: None,
            },
            tasks: tasks
                .iter()
                .enumerate()
                .map(|(i, (s, w))| TaskStatus {
                    id: u32::try_from(i).unwrap(),
                    state: ConnectorState::parse(s),
                    worker_id: (*w).into(),
                    trace: (*s == "FAILED").then(|| "java.lang.RuntimeException: boom".into()),
                    version: None,
                })
                .collect(),
            connector_type: ConnectorType::Sink,
        }
    }

    fn task(c: &str, t: u32) -> Instance {
        Instance {
            connector: c.into(),
            task: Some(t),
        }
    }

    #[test]
    fn a_first_look_records_every_instance_as_appearing() {
        let (changes, look) = transitions(
            &BTreeMap::new(),
            &[status("a", "RUNNING", &[("RUNNING", "w1")])],
            10,
        );
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|t| t.from.is_none() && t.at_ms == 10));
        assert_eq!(look.len(), 2);
    }

    #[test]
    fn a_failed_task_is_one_transition_with_its_trace_and_since_time() {
        let (_, look) = transitions(
            &BTreeMap::new(),
            &[status(
                "a",
                "RUNNING",
                &[("RUNNING", "w1"), ("RUNNING", "w1")],
            )],
            10,
        );
        let (changes, look) = transitions(
            &look,
            &[status(
                "a",
                "RUNNING",
                &[("RUNNING", "w1"), ("FAILED", "w1")],
            )],
            20,
        );
        assert_eq!(changes.len(), 1, "{changes:?}");
        let t = &changes[0];
        assert_eq!(t.instance, task("a", 1));
        assert_eq!(
            (t.from.clone(), t.to.clone()),
            (Some(ConnectorState::Running), Some(ConnectorState::Failed))
        );
        assert!(t.trace.as_deref().unwrap().contains("boom"));
        assert_eq!(look[&task("a", 1)].since_ms, 20);
        assert_eq!(look[&task("a", 0)].since_ms, 10, "unchanged keeps its time");
        let (again, _) = transitions(
            &look,
            &[status(
                "a",
                "RUNNING",
                &[("RUNNING", "w1"), ("FAILED", "w1")],
            )],
            30,
        );
        assert!(again.is_empty(), "the same look twice is no change");
    }

    #[test]
    fn a_move_to_another_worker_keeps_the_state_time_and_a_deletion_is_a_departure() {
        let (_, look) = transitions(
            &BTreeMap::new(),
            &[status("a", "RUNNING", &[("RUNNING", "w1")])],
            10,
        );
        let (moved, look) = transitions(&look, &[status("a", "RUNNING", &[("RUNNING", "w2")])], 20);
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].worker.as_deref(), Some("w2"));
        assert_eq!(look[&task("a", 0)].since_ms, 10);
        let (gone, look) = transitions(&look, &[], 30);
        assert_eq!(gone.len(), 2);
        assert!(gone.iter().all(|t| t.to.is_none()));
        assert!(look.is_empty());
    }
}
