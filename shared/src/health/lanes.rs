//! A timeline drawn as lanes: one per instance (the connector, then each task), each a row of
//! segments coloured by state, from the transitions the scheduler recorded. Pure, so the UI
//! only draws rectangles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::api::TimelineEntry;
use super::transition::Instance;
use crate::ConnectorState;

/// One stretch of one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub from_ms: i64,
    pub to_ms: i64,
    /// `None`: not known (before the first look in range, or gone).
    pub state: Option<ConnectorState>,
}

/// One instance's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub instance: Instance,
    pub segments: Vec<Segment>,
}

/// Lanes over `[from_ms, to_ms]`: the connector first, then tasks by number. A lane's state
/// before its first transition in range is that transition's `from` (it was already in it).
pub fn lanes(entries: &[TimelineEntry], from_ms: i64, to_ms: i64) -> Vec<Lane> {
    let mut by_instance: BTreeMap<(Option<u32>, String), Vec<Segment>> = BTreeMap::new();
    for e in entries {
        let TimelineEntry::State(t) = e else { continue };
        let at = t.at_ms.clamp(from_ms, to_ms);
        let key = (t.instance.task, t.instance.connector.clone());
        let segments = by_instance.entry(key).or_default();
        match segments.last_mut() {
            Some(last) => last.to_ms = at,
            None => segments.push(Segment {
                from_ms,
                to_ms: at,
                state: t.from.clone(),
            }),
        }
        segments.push(Segment {
            from_ms: at,
            to_ms,
            state: t.to.clone(),
        });
    }
    by_instance
        .into_iter()
        .map(|((task, connector), segments)| Lane {
            instance: Instance { connector, task },
            segments: segments
                .into_iter()
                .filter(|s| s.to_ms > s.from_ms)
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::Transition;

    fn t(task: Option<u32>, from: Option<&str>, to: Option<&str>, at: i64) -> TimelineEntry {
        TimelineEntry::State(Transition {
            instance: Instance {
                connector: "c".into(),
                task,
            },
            from: from.map(ConnectorState::parse),
            to: to.map(ConnectorState::parse),
            worker: None,
            trace: None,
            at_ms: at,
        })
    }

    #[test]
    fn a_failure_and_recovery_are_three_segments_and_the_connector_lane_comes_first() {
        let entries = [
            t(Some(0), Some("RUNNING"), Some("FAILED"), 100),
            t(None, None, Some("RUNNING"), 50),
            t(Some(0), Some("FAILED"), Some("RUNNING"), 300),
        ];
        let mut sorted = entries.to_vec();
        sorted.sort_by_key(TimelineEntry::at_ms);
        let l = lanes(&sorted, 0, 1000);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].instance.task, None);
        let states: Vec<(i64, i64, Option<&str>)> = l[1]
            .segments
            .iter()
            .map(|s| {
                (
                    s.from_ms,
                    s.to_ms,
                    s.state.as_ref().map(ConnectorState::as_str),
                )
            })
            .collect();
        assert_eq!(
            states,
            [
                (0, 100, Some("RUNNING")),
                (100, 300, Some("FAILED")),
                (300, 1000, Some("RUNNING"))
            ]
        );
        assert_eq!(l[0].segments[0].state, None, "unknown before it appeared");
    }
}
