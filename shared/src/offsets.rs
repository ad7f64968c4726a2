//! Connector offsets (KIP-875): what `GET/PATCH /connectors/{name}/offsets` carry.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One partition and its committed offset. Both are connector-specific maps: Debezium
/// PostgreSQL uses `{"server": prefix}` → `{"lsn": …}`, sinks `{"kafka_topic", "kafka_partition"}`
/// → `{"kafka_offset": …}`. A `None` offset in an alter request resets that partition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartitionOffset {
    pub partition: Map<String, Value>,
    pub offset: Option<Map<String, Value>>,
}

/// `{"offsets": [...]}`, both as read and as an alter request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectorOffsets {
    pub offsets: Vec<PartitionOffset>,
}
