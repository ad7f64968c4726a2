//! Counts per state, sampled every cycle for the fleet graph, and the bucket a long range is
//! averaged into so a week of 10-second samples is still a few hundred points.

use serde::{Deserialize, Serialize};

use crate::{ConnectorState, ConnectorStatus};

/// How many connectors (or tasks) are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct StateCounts {
    pub running: f64,
    pub paused: f64,
    pub stopped: f64,
    pub failed: f64,
    pub unassigned: f64,
    pub restarting: f64,
}

impl StateCounts {
    pub const STATES: [&'static str; 6] = [
        "running",
        "paused",
        "stopped",
        "failed",
        "unassigned",
        "restarting",
    ];

    /// The counts in `STATES` order.
    pub fn values(&self) -> [f64; 6] {
        [
            self.running,
            self.paused,
            self.stopped,
            self.failed,
            self.unassigned,
            self.restarting,
        ]
    }

    pub fn from_values(v: [f64; 6]) -> Self {
        Self {
            running: v[0],
            paused: v[1],
            stopped: v[2],
            failed: v[3],
            unassigned: v[4],
            restarting: v[5],
        }
    }

    fn add(&mut self, state: &ConnectorState) {
        match state {
            ConnectorState::Running => self.running += 1.0,
            ConnectorState::Paused => self.paused += 1.0,
            ConnectorState::Stopped => self.stopped += 1.0,
            ConnectorState::Failed => self.failed += 1.0,
            ConnectorState::Restarting => self.restarting += 1.0,
            // Unknown states are not running either: counted with the unassigned.
            ConnectorState::Unassigned | ConnectorState::Unknown(_) => self.unassigned += 1.0,
        }
    }

    /// Connectors and tasks of a listing, counted.
    pub fn of<'a>(statuses: impl IntoIterator<Item = &'a ConnectorStatus>) -> (Self, Self) {
        let (mut connectors, mut tasks) = (Self::default(), Self::default());
        for s in statuses {
            connectors.add(&s.connector.state);
            for t in &s.tasks {
                tasks.add(&t.state);
            }
        }
        (connectors, tasks)
    }
}

/// Round bucket widths, so points line up on the axis whatever the range.
const STEPS_MS: [i64; 12] = [
    10_000,
    30_000,
    60_000,
    300_000,
    900_000,
    1_800_000,
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    86_400_000,
    7 * 86_400_000,
];

/// The smallest round width that puts `range_ms` into at most `max_points` buckets.
pub fn bucket_width(range_ms: i64, max_points: i64) -> i64 {
    let max_points = max_points.max(1);
    STEPS_MS
        .into_iter()
        .find(|w| range_ms / w < max_points)
        .unwrap_or(STEPS_MS[STEPS_MS.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_fits_in_a_few_hundred_points_and_an_hour_keeps_its_samples() {
        assert_eq!(bucket_width(3_600_000, 400), 10_000);
        let week = 7 * 86_400_000;
        let w = bucket_width(week, 400);
        assert_eq!(w, 1_800_000);
        assert!(week / w <= 400);
    }
}
