//! Connector templates for the creation wizard: config generators for Debezium sources and the
//! Debezium JDBC sink that know which properties and snapshot modes the installed Debezium
//! version has (reference §2), connector names made from tenant and database, and one validator
//! that reports every problem at once with its field.

mod answers;
mod generate;
mod kind;
mod naming;
mod plan;
mod snapshot;
mod validation;

pub use answers::{
    Answers, DEFAULT_HEARTBEAT_MS, DEFAULT_PUBLICATION, ErrorHandling, Events, SOURCE_HAS_NO_DLQ,
};
pub use generate::generate;
pub use kind::{Kind, Version};
pub use naming::{connector_name, next_server_id, slot_name, slug, topic_names};
pub use plan::{PlanLine, describe as describe_plan};
pub use snapshot::{SnapshotMode, snapshot_intro, snapshot_modes};
pub use validation::{connection_errors, parse_config_json, validate};

#[cfg(test)]
mod tests;
