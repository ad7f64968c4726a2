//! How connectors and tasks are spread across a cluster's workers.
//!
//! Connect's status names the worker of every connector instance and task; the workers are
//! the ids seen there (a worker that runs nothing does not appear: Connect's REST API has no
//! list of group members). Connect's cooperative assignor keeps each worker within one task
//! of the others, so a wider spread means a worker left, joined late or is overloaded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::connector::{ConnectorState, ConnectorSummary};

/// Instances (connectors or tasks) by state, grouped as the UI colours them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub running: u32,
    pub failed: u32,
    pub paused: u32,
    pub stopped: u32,
    /// Unassigned or restarting: waiting for a worker to pick it up.
    pub pending: u32,
    pub unknown: u32,
}

impl StateCounts {
    pub fn add(&mut self, state: &ConnectorState) {
        let slot = match state {
            ConnectorState::Running => &mut self.running,
            ConnectorState::Failed => &mut self.failed,
            ConnectorState::Paused => &mut self.paused,
            ConnectorState::Stopped => &mut self.stopped,
            ConnectorState::Unassigned | ConnectorState::Restarting => &mut self.pending,
            ConnectorState::Unknown(_) => &mut self.unknown,
        };
        *slot += 1;
    }

    pub fn total(&self) -> u32 {
        self.running + self.failed + self.paused + self.stopped + self.pending + self.unknown
    }

    /// `(css suffix, count)` in the order bars stack them, zeros left out.
    pub fn parts(&self) -> Vec<(&'static str, u32)> {
        [
            ("running", self.running),
            ("failed", self.failed),
            ("pending", self.pending),
            ("paused", self.paused),
            ("stopped", self.stopped),
            ("unknown", self.unknown),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect()
    }
}

/// One worker and what runs on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerLoad {
    /// Connect's `worker_id`: the worker's advertised `host:port`.
    pub worker_id: String,
    pub connectors: StateCounts,
    pub tasks: StateCounts,
}

/// Totals and how even the spread of tasks is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    pub workers: u32,
    pub connectors: u32,
    pub tasks: u32,
    /// Tasks no worker runs (Connect reports them without a worker id).
    pub unplaced_tasks: u32,
    pub min_tasks: u32,
    pub max_tasks: u32,
    pub mean_tasks: f64,
    /// Busiest worker's tasks over the mean: 1.0 is perfectly even (also with no tasks).
    pub ratio: f64,
    /// More than one task between the busiest and the idlest worker and the busiest over 10%
    /// above the mean: more than the assignor's own rounding, and enough to matter.
    pub unbalanced: bool,
}

/// The workers seen in `connectors` (busiest first) and the balance of tasks across them.
pub fn balance<'a>(
    connectors: impl IntoIterator<Item = &'a ConnectorSummary>,
) -> (Vec<WorkerLoad>, Balance) {
    let mut by_worker: BTreeMap<String, WorkerLoad> = BTreeMap::new();
    let (mut connectors_total, mut tasks_total, mut unplaced) = (0, 0, 0);
    for c in connectors {
        connectors_total += 1;
        if !c.worker_id.is_empty() {
            on(&mut by_worker, &c.worker_id).connectors.add(&c.state);
        }
        for t in &c.tasks {
            tasks_total += 1;
            if t.worker_id.is_empty() {
                unplaced += 1;
            } else {
                on(&mut by_worker, &t.worker_id).tasks.add(&t.state);
            }
        }
    }
    let mut workers: Vec<WorkerLoad> = by_worker.into_values().collect();
    workers.sort_by(|a, b| {
        b.tasks
            .total()
            .cmp(&a.tasks.total())
            .then_with(|| a.worker_id.cmp(&b.worker_id))
    });
    let placed: Vec<u32> = workers.iter().map(|w| w.tasks.total()).collect();
    let max_tasks = placed.iter().copied().max().unwrap_or(0);
    let min_tasks = placed.iter().copied().min().unwrap_or(0);
    let sum: u32 = placed.iter().sum();
    let mean_tasks = if placed.is_empty() {
        0.0
    } else {
        f64::from(sum) / placed.len() as f64
    };
    let ratio = if sum == 0 {
        1.0
    } else {
        f64::from(max_tasks) / mean_tasks
    };
    let balance = Balance {
        workers: u32::try_from(workers.len()).unwrap_or(u32::MAX),
        connectors: connectors_total,
        tasks: tasks_total,
        unplaced_tasks: unplaced,
        min_tasks,
        max_tasks,
        mean_tasks,
        ratio,
        unbalanced: max_tasks - min_tasks > 1 && ratio > 1.1,
    };
    (workers, balance)
}

/// The load of `worker`, created empty when first seen.
fn on<'m>(by_worker: &'m mut BTreeMap<String, WorkerLoad>, worker: &str) -> &'m mut WorkerLoad {
    by_worker
        .entry(worker.to_owned())
        .or_insert_with(|| WorkerLoad {
            worker_id: worker.to_owned(),
            connectors: StateCounts::default(),
            tasks: StateCounts::default(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::{ConnectorType, TaskStatus};

    fn task(id: u32, state: ConnectorState, worker: &str) -> TaskStatus {
        TaskStatus {
            id,
            state,
            worker_id: worker.into(),
            trace: None,
            version: None,
        }
    }

    fn connector(name: &str, worker: &str, tasks: Vec<TaskStatus>) -> ConnectorSummary {
        ConnectorSummary {
            name: name.into(),
            connector_type: ConnectorType::Sink,
            state: ConnectorState::Running,
            worker_id: worker.into(),
            connector_class: None,
            plugin_version: None,
            tasks,
            error: None,
        }
    }

    #[test]
    fn tasks_are_counted_on_the_worker_that_runs_them_by_state() {
        let cs = [
            connector(
                "a",
                "w1:8083",
                vec![
                    task(0, ConnectorState::Running, "w1:8083"),
                    task(1, ConnectorState::Failed, "w2:8083"),
                ],
            ),
            connector(
                "b",
                "w2:8083",
                vec![task(0, ConnectorState::Paused, "w2:8083")],
            ),
        ];
        let (workers, b) = balance(&cs);
        assert_eq!(workers.len(), 2);
        // Busiest first.
        assert_eq!(workers[0].worker_id, "w2:8083");
        assert_eq!(workers[0].tasks.failed, 1);
        assert_eq!(workers[0].tasks.paused, 1);
        assert_eq!(workers[0].connectors.running, 1);
        assert_eq!(workers[1].tasks.running, 1);
        assert_eq!(workers[1].connectors.total(), 1);
        assert_eq!((b.workers, b.connectors, b.tasks), (2, 2, 3));
        assert!(!b.unbalanced, "two against one is the assignor's rounding");
    }

    #[test]
    fn a_wide_spread_is_unbalanced_and_rounding_is_not() {
        let many = |worker: &str, n: u32| {
            connector(
                worker,
                worker,
                (0..n)
                    .map(|i| task(i, ConnectorState::Running, worker))
                    .collect(),
            )
        };
        let (_, b) = balance(&[many("w1", 6), many("w2", 1), many("w3", 2)]);
        assert!(b.unbalanced);
        assert_eq!((b.max_tasks, b.min_tasks), (6, 1));
        assert!((b.mean_tasks - 3.0).abs() < 1e-9);
        assert!((b.ratio - 2.0).abs() < 1e-9);
        // 101 against 99 differs by two tasks, but by 1% of the mean: not worth a warning.
        let (_, b) = balance(&[many("w1", 101), many("w2", 99)]);
        assert!(!b.unbalanced);
    }

    #[test]
    fn tasks_without_a_worker_are_counted_but_placed_nowhere() {
        let cs = [connector(
            "a",
            "",
            vec![task(0, ConnectorState::Unassigned, "")],
        )];
        let (workers, b) = balance(&cs);
        assert!(workers.is_empty());
        assert_eq!((b.tasks, b.unplaced_tasks, b.workers), (1, 1, 0));
        assert!((b.ratio - 1.0).abs() < 1e-9 && !b.unbalanced);
    }

    #[test]
    fn no_connectors_is_an_empty_even_cluster() {
        let (workers, b) = balance(&[]);
        assert!(workers.is_empty());
        assert_eq!((b.connectors, b.tasks, b.max_tasks), (0, 0, 0));
        assert!(!b.unbalanced);
    }

    #[test]
    fn parts_leave_out_zeros_in_bar_order() {
        let mut s = StateCounts::default();
        s.add(&ConnectorState::Failed);
        s.add(&ConnectorState::Running);
        s.add(&ConnectorState::Restarting);
        assert_eq!(
            s.parts(),
            vec![("running", 1), ("failed", 1), ("pending", 1)]
        );
        assert_eq!(s.total(), 3);
    }
}
