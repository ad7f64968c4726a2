//! Types and pure logic that the Sluice backend and its WebAssembly UI both use.
//!
//! Nothing here does I/O, so every rule can be unit-tested natively and compiled for
//! `wasm32-unknown-unknown` unchanged.

pub mod admin;
pub mod api_key;
pub mod audit_view;
pub mod bulk;
pub mod catalog;
pub mod change_event;
pub mod cluster;
pub mod config_form;
pub mod config_json;
pub mod connection_failure;
pub mod connector;
pub mod dlq;
pub mod error;
pub mod fleet;
pub mod fleet_link;
pub mod health;
pub mod history;
pub mod inline_code;
pub mod json_tokens;
pub mod known;
pub mod legacy;
pub mod loggers;
pub mod masking;
pub mod name;
pub mod offsets;
pub mod overview;
pub mod plugin;
pub mod policy;
pub mod preflight;
pub mod records;
pub mod redact;
pub mod session;
pub mod stack_trace;
pub mod templates;
pub mod tenancy;
pub mod topic_audit;
pub mod transfer;

pub use cluster::{ClusterConnectors, ClusterSummary};
pub use connector::{
    ConnectorDetail, ConnectorInfo, ConnectorState, ConnectorStatus, ConnectorSummary,
    ConnectorType, CreateConnector, DeleteResult, InfoHead, InstanceStatus, RedactedConfig,
    RestartResult, SlotDrop, SlotInfo, TaskId, TaskStatus,
};
pub use error::{ApiError, ErrorCode};
pub use known::Known;
pub use name::{ClusterId, ConnectorName, NameError};
pub use offsets::{ActiveTopics, ConnectorOffsets, OffsetsChanged, PartitionOffset};
pub use plugin::{ConfigInfo, ConfigInfos, ConfigKeyInfo, ConfigValueInfo, PluginInfo};

#[cfg(test)]
mod test_support;
