//! Connector health over time: the state transitions the scheduler records, the counts it
//! samples for the fleet graph, and the auto-restart policy with its escalation (seed 004's
//! detect → restart → monitor → escalate). Pure: the backend feeds it what Connect said and
//! the clock, and carries out what it decides.

mod alerts;
mod api;
mod lanes;
mod restart;
mod samples;
mod transition;

pub use alerts::{
    AlertKey, AlertKind, AlertRules, AlertState, Change, Observation, Severity, Silence,
    generic_body, observe_connectors, reconcile, retry_delay_secs, slack_body,
};
pub use api::*;
pub use lanes::{Lane, Segment, lanes};
pub use restart::{Decision, PolicyOverride, RestartPolicy, RestartTrack, decide, is_failing};
pub use samples::{StateCounts, bucket_width};
pub use transition::{Instance, Known, Transition, transitions};
