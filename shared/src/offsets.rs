//! Connector offsets (KIP-875): what `GET/PATCH /connectors/{name}/offsets` carry.

pub mod readable;

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

/// What Connect said after altering or resetting offsets (it may warn that offsets kept
/// outside Kafka, such as a sink's own table, were not touched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetsChanged {
    pub message: String,
}

/// `GET …/topics`: the topics a connector has used since the last reset (KIP-558).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveTopics {
    pub topics: Vec<String>,
}

impl ConnectorOffsets {
    /// Every reason an alter request would be refused, with the field it belongs to.
    pub fn alter_errors(&self) -> Vec<(String, String)> {
        let mut errors = Vec::new();
        if self.offsets.is_empty() {
            errors.push((
                "offsets".to_owned(),
                "give at least one partition and its offset".to_owned(),
            ));
        }
        for (i, o) in self.offsets.iter().enumerate() {
            if o.partition.is_empty() {
                errors.push((
                    format!("offsets[{i}].partition"),
                    "a partition is a non-empty object".to_owned(),
                ));
            }
            let sink_partition = o.partition.contains_key("kafka_topic");
            if sink_partition {
                let ok_topic = o
                    .partition
                    .get("kafka_topic")
                    .is_some_and(|v| v.as_str().is_some_and(|t| !t.is_empty()));
                let ok_partition = o
                    .partition
                    .get("kafka_partition")
                    .is_some_and(|v| v.as_u64().is_some());
                if !ok_topic || !ok_partition {
                    errors.push((
                        format!("offsets[{i}].partition"),
                        "a sink partition is {\"kafka_topic\": name, \"kafka_partition\": number ≥ 0}".to_owned(),
                    ));
                }
                if let Some(offset) = &o.offset
                    && offset.get("kafka_offset").and_then(Value::as_u64).is_none()
                {
                    errors.push((
                        format!("offsets[{i}].offset"),
                        "a sink offset is {\"kafka_offset\": number ≥ 0} (or null to reset)"
                            .to_owned(),
                    ));
                }
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> ConnectorOffsets {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn source_offsets_are_free_form_but_not_empty() {
        let ok = parse(r#"{"offsets":[{"partition":{"server":"acme"},"offset":{"lsn":123}}]}"#);
        assert!(ok.alter_errors().is_empty());
        let empty = parse(r#"{"offsets":[]}"#);
        assert_eq!(empty.alter_errors()[0].0, "offsets");
        let no_partition = parse(r#"{"offsets":[{"partition":{},"offset":null}]}"#);
        assert_eq!(no_partition.alter_errors()[0].0, "offsets[0].partition");
    }

    #[test]
    fn sink_offsets_need_topic_partition_and_offset_numbers() {
        let ok = parse(
            r#"{"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":0},"offset":{"kafka_offset":5}},
                           {"partition":{"kafka_topic":"t","kafka_partition":1},"offset":null}]}"#,
        );
        assert!(ok.alter_errors().is_empty());
        let bad = parse(
            r#"{"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":-1},"offset":{"kafka_offset":"5"}}]}"#,
        );
        let fields: Vec<_> = bad.alter_errors().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["offsets[0].partition", "offsets[0].offset"]);
    }
}
