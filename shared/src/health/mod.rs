//! Connector health over time: the state transitions the scheduler records, the counts it
//! samples for the fleet graph, and the auto-restart policy with its escalation (seed 004's
//! detect → restart → monitor → escalate). Pure: the backend feeds it what Connect said and
//! the clock, and carries out what it decides.

mod alert_views;
mod alerts;
mod api;
mod debezium;
mod heatmap;
mod lag;
mod lanes;
mod restart;
mod samples;
mod transition;

pub use alert_views::*;
pub use alerts::{
    AlertKey, AlertKind, AlertRules, AlertState, Change, Observation, Severity, Silence,
    audit_text, dlq_receiving, generic_body, lag_high, observe_connectors, reconcile,
    retry_delay_secs, slack_body, unreachable,
};
pub use api::*;
pub use debezium::{
    ATTRIBUTES as DEBEZIUM_ATTRIBUTES, Bean, DebeziumMetrics, MetricsFormat, PromSample,
    SnapshotProgress, StreamingMetrics, beans_from_jolokia, beans_from_prometheus,
    connector_metrics, debezium_plugin, span_words,
};
pub use heatmap::{FailureHeatmap, HeatRow, heat_rows};
pub use lag::{
    BinlogPosition, ConnectorLag, LagFigure, LagMeasure, binlog_behind, binlog_offset,
    pg_offset_time,
};
pub use lanes::{Lane, Segment, lanes};
pub use restart::{Decision, PolicyOverride, RestartPolicy, RestartTrack, decide, is_failing};
pub use samples::{StateCounts, bucket_width};
pub use transition::{Instance, Known, Transition, transitions};
