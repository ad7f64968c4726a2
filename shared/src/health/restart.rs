//! Auto-restart with escalation. A failing connector (itself or a task FAILED) is restarted
//! with `includeTasks=true&onlyFailed=true` on a backoff schedule (Strimzi's n² + n minutes by
//! default: at once, then 2, 6, 12, 20, 30); a connector that stays healthy for the monitor
//! window after a restart starts over; one still failing when its attempts are spent becomes a
//! **persistent failure** and is left alone until someone acknowledges it.

use serde::{Deserialize, Serialize};

use crate::{ConnectorState, ConnectorStatus};

/// The policy in force for one connector: the console's default, overridden per tenant, then
/// per connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RestartPolicy {
    pub enabled: bool,
    /// Wait before each attempt: the first counts from when the failure was seen, each later
    /// one from the attempt before. The last value repeats.
    pub backoff_secs: Vec<u64>,
    /// Attempts before the connector is declared a persistent failure.
    pub max_attempts: u32,
    /// How long a restarted connector must stay healthy for its attempts to start over.
    pub monitor_secs: u64,
}

/// Off unless an admin or tenant turns it on (as in Strimzi): a restart loop nobody asked for
/// can hide a real fault.
impl Default for RestartPolicy {
    fn default() -> Self {
        Self {
            enabled: false,
            backoff_secs: vec![0, 120, 360, 720, 1200, 1800],
            max_attempts: 6,
            monitor_secs: 600,
        }
    }
}

/// What a tenant or a connector changes of the policy above it; unset fields inherit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_secs: Option<Vec<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_secs: Option<u64>,
}

/// A day: no wait or window longer than this makes sense for a restart.
const MAX_SECS: u64 = 86_400;

impl PolicyOverride {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What is wrong with it, per field.
    pub fn errors(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(b) = &self.backoff_secs {
            if b.is_empty() || b.len() > 20 {
                out.push(("backoff_secs", "1 to 20 waits, in seconds".to_owned()));
            } else if b.iter().any(|s| *s > MAX_SECS) {
                out.push(("backoff_secs", format!("each wait at most {MAX_SECS} s")));
            }
        }
        if let Some(n) = self.max_attempts
            && !(1..=100).contains(&n)
        {
            out.push(("max_attempts", "1 to 100 attempts".to_owned()));
        }
        if let Some(s) = self.monitor_secs
            && !(10..=MAX_SECS).contains(&s)
        {
            out.push(("monitor_secs", format!("10 to {MAX_SECS} seconds")));
        }
        out
    }
}

impl RestartPolicy {
    /// This policy with `o`'s fields in place of its own.
    pub fn with(&self, o: &PolicyOverride) -> Self {
        Self {
            enabled: o.enabled.unwrap_or(self.enabled),
            backoff_secs: o
                .backoff_secs
                .clone()
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| self.backoff_secs.clone()),
            max_attempts: o.max_attempts.unwrap_or(self.max_attempts),
            monitor_secs: o.monitor_secs.unwrap_or(self.monitor_secs),
        }
    }

    /// The wait before attempt `n + 1` (after `n` attempts).
    pub fn wait_ms(&self, n: u32) -> i64 {
        let i = usize::try_from(n)
            .unwrap_or(usize::MAX)
            .min(self.backoff_secs.len().saturating_sub(1));
        let secs = self.backoff_secs.get(i).copied().unwrap_or(0);
        i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }

    fn monitor_ms(&self) -> i64 {
        i64::try_from(self.monitor_secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }
}

/// What the scheduler remembers of one connector between cycles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartTrack {
    /// Automatic restarts since it was last healthy through a monitor window.
    pub attempts: u32,
    pub last_attempt_ms: Option<i64>,
    /// When the current failure was first seen; `None` while healthy.
    pub failing_since_ms: Option<i64>,
    /// The last cycle that saw it failing.
    pub last_failed_ms: Option<i64>,
    /// Attempts spent and still failing: no more automatic restarts until acknowledged.
    pub persistent_since_ms: Option<i64>,
    /// Someone paused automatic restarts of this connector.
    pub paused: bool,
}

impl RestartTrack {
    /// The track after a cycle saw the connector failing or not.
    pub fn observed(&self, failing: bool, now_ms: i64) -> Self {
        let mut t = self.clone();
        if failing {
            t.failing_since_ms = t.failing_since_ms.or(Some(now_ms));
            t.last_failed_ms = Some(now_ms);
        } else {
            t.failing_since_ms = None;
        }
        t
    }

    /// After an acknowledgement: a fresh start (a connector still failing is tried at once).
    pub fn acknowledged(&self) -> Self {
        Self {
            paused: self.paused,
            ..Self::default()
        }
    }
}

/// What to do about one connector in this cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    Nothing,
    /// Failing, and the next attempt is due then.
    Wait {
        due_ms: i64,
    },
    /// Restart now; this is attempt number `attempt` (from 1).
    Restart {
        attempt: u32,
    },
    /// Still failing with every attempt spent.
    Escalate,
    /// Healthy through the monitor window after its last attempt: attempts start over.
    Reset,
}

/// The decision for a connector whose track already includes this cycle's look
/// (`RestartTrack::observed`).
pub fn decide(policy: &RestartPolicy, track: &RestartTrack, now_ms: i64) -> Decision {
    if track.persistent_since_ms.is_some() {
        return Decision::Nothing;
    }
    let failing = track.failing_since_ms.is_some();
    if !failing {
        let quiet_since = track.last_attempt_ms.max(track.last_failed_ms);
        return match quiet_since {
            Some(t) if track.attempts > 0 && now_ms - t >= policy.monitor_ms() => Decision::Reset,
            _ => Decision::Nothing,
        };
    }
    if !policy.enabled || track.paused {
        return Decision::Nothing;
    }
    let from = match (track.attempts, track.last_attempt_ms) {
        (0, _) | (_, None) => track.failing_since_ms.unwrap_or(now_ms),
        (_, Some(last)) => last,
    };
    let due_ms = from.saturating_add(policy.wait_ms(track.attempts));
    if now_ms < due_ms {
        Decision::Wait { due_ms }
    } else if track.attempts >= policy.max_attempts {
        Decision::Escalate
    } else {
        Decision::Restart {
            attempt: track.attempts + 1,
        }
    }
}

/// Whether a restart would help: the connector or a task FAILED while it is meant to run (a
/// paused or stopped connector is left as its user put it).
pub fn is_failing(status: &ConnectorStatus) -> bool {
    let meant_to_run = !matches!(
        status.connector.state,
        ConnectorState::Paused | ConnectorState::Stopped
    );
    meant_to_run
        && (status.connector.state == ConnectorState::Failed
            || status
                .tasks
                .iter()
                .any(|t| t.state == ConnectorState::Failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(backoff: &[u64], max: u32, monitor: u64) -> RestartPolicy {
        RestartPolicy {
            enabled: true,
            backoff_secs: backoff.to_vec(),
            max_attempts: max,
            monitor_secs: monitor,
        }
    }

    /// Runs the loop a scheduler runs: observe, decide, apply.
    fn cycle(
        p: &RestartPolicy,
        t: &RestartTrack,
        failing: bool,
        now: i64,
    ) -> (Decision, RestartTrack) {
        let mut t = t.observed(failing, now);
        let d = decide(p, &t, now);
        match d {
            Decision::Restart { attempt } => {
                t.attempts = attempt;
                t.last_attempt_ms = Some(now);
            }
            Decision::Escalate => t.persistent_since_ms = Some(now),
            Decision::Reset => t.attempts = 0,
            Decision::Nothing | Decision::Wait { .. } => {}
        }
        (d, t)
    }

    #[test]
    fn the_default_is_off_with_strimzis_schedule() {
        let p = RestartPolicy::default();
        assert!(!p.enabled);
        let waits: Vec<i64> = (0..8).map(|n| p.wait_ms(n) / 60_000).collect();
        assert_eq!(waits, [0, 2, 6, 12, 20, 30, 30, 30]);
        let (d, _) = cycle(&p, &RestartTrack::default(), true, 0);
        assert_eq!(d, Decision::Nothing, "nothing happens while it is off");
    }

    #[test]
    fn a_persisting_failure_is_restarted_on_the_schedule_then_escalated_once() {
        let p = on(&[0, 10, 20], 3, 60);
        let t = RestartTrack::default();
        let (d, t) = cycle(&p, &t, true, 1_000);
        assert_eq!(d, Decision::Restart { attempt: 1 }, "at once");
        let (d, t) = cycle(&p, &t, true, 5_000);
        assert_eq!(d, Decision::Wait { due_ms: 11_000 });
        let (d, t) = cycle(&p, &t, true, 11_000);
        assert_eq!(d, Decision::Restart { attempt: 2 });
        let (d, t) = cycle(&p, &t, true, 31_000);
        assert_eq!(d, Decision::Restart { attempt: 3 });
        let (d, t) = cycle(&p, &t, true, 40_000);
        assert_eq!(
            d,
            Decision::Wait { due_ms: 51_000 },
            "the last wait repeats"
        );
        let (d, t) = cycle(&p, &t, true, 51_000);
        assert_eq!(d, Decision::Escalate);
        let (d, t) = cycle(&p, &t, true, 200_000);
        assert_eq!(d, Decision::Nothing, "left alone until acknowledged");
        let t = t.acknowledged();
        let (d, _) = cycle(&p, &t, true, 201_000);
        assert_eq!(
            d,
            Decision::Restart { attempt: 1 },
            "tried at once after the ack"
        );
    }

    #[test]
    fn healthy_through_the_monitor_window_starts_over_but_a_relapse_keeps_counting() {
        let p = on(&[0, 10], 5, 60);
        let (_, t) = cycle(&p, &RestartTrack::default(), true, 0);
        let (d, t) = cycle(&p, &t, false, 30_000);
        assert_eq!(d, Decision::Nothing, "inside the window");
        let (d, t) = cycle(&p, &t, true, 40_000);
        assert_eq!(
            d,
            Decision::Restart { attempt: 2 },
            "relapse: the count goes on"
        );
        let (d, t) = cycle(&p, &t, false, 60_000);
        assert_eq!(d, Decision::Nothing);
        let (d, t) = cycle(&p, &t, false, 100_000);
        assert_eq!(d, Decision::Reset);
        assert_eq!(t.attempts, 0);
        let (d, _) = cycle(&p, &t, true, 110_000);
        assert_eq!(
            d,
            Decision::Restart { attempt: 1 },
            "a new failure starts at once"
        );
    }

    #[test]
    fn a_paused_track_is_not_restarted() {
        let p = on(&[0], 3, 60);
        let t = RestartTrack {
            paused: true,
            ..RestartTrack::default()
        };
        assert_eq!(cycle(&p, &t, true, 0).0, Decision::Nothing);
    }

    #[test]
    fn overrides_layer_and_bad_values_are_named() {
        let tenant = PolicyOverride {
            enabled: Some(true),
            max_attempts: Some(2),
            ..PolicyOverride::default()
        };
        let connector = PolicyOverride {
            backoff_secs: Some(vec![5]),
            ..PolicyOverride::default()
        };
        let p = RestartPolicy::default().with(&tenant).with(&connector);
        assert_eq!(
            (p.enabled, p.max_attempts, p.backoff_secs.clone()),
            (true, 2, vec![5])
        );
        assert_eq!(p.monitor_secs, 600);
        let bad = PolicyOverride {
            backoff_secs: Some(vec![]),
            max_attempts: Some(0),
            monitor_secs: Some(1),
            ..PolicyOverride::default()
        };
        let fields: Vec<&str> = bad.errors().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["backoff_secs", "max_attempts", "monitor_secs"]);
    }
}
