//! The topics around a CDC pipeline checked against seed 004's topic configuration table:
//! each finding says what is wrong, why it matters, and the exact command that fixes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a topic is to the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicRole {
    /// A historized Debezium connector's `schema.history.internal.kafka.topic`.
    SchemaHistory,
    /// A sink's `errors.deadletterqueue.topic.name`.
    DeadLetter,
    /// Change events of one table.
    Data,
    Heartbeat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Data will be lost or the connector will not recover.
    Error,
    /// Works, but against the recommended layout.
    Warning,
}

/// A topic as described by Kafka: partitions, replication and its effective configs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicFacts {
    pub name: String,
    pub role: TopicRole,
    pub partitions: u32,
    pub replication_factor: u32,
    /// Effective values (`cleanup.policy`, `retention.ms`, `min.insync.replicas`, …).
    pub configs: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub topic: String,
    pub severity: Severity,
    /// The config (or `partitions`) at fault.
    pub setting: String,
    pub current: String,
    pub expected: String,
    pub reason: String,
    /// The command an operator runs, `<bootstrap>` to be filled in.
    pub fix: String,
}

/// A topic the audit looked at, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditedTopic {
    pub name: String,
    pub role: TopicRole,
    /// The connector that names or writes it.
    pub connector: String,
    /// `None` when Kafka has no such topic (yet).
    pub partitions: Option<u32>,
    pub replication_factor: Option<u32>,
}

/// The audit of one cluster's pipeline topics, as far as the caller may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicAuditReport {
    pub kafka: crate::records::KafkaState,
    pub topics: Vec<AuditedTopic>,
    /// Errors first, then by topic.
    pub findings: Vec<Finding>,
}

const DAY_MS: i64 = 86_400_000;

/// Every finding for `t`, errors first.
pub fn audit(t: &TopicFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let config = |k: &str| t.configs.get(k).map(String::as_str);
    let cleanup = config("cleanup.policy").unwrap_or("delete");
    let retention: Option<i64> = config("retention.ms").and_then(|v| v.parse().ok());
    let min_isr: u32 = config("min.insync.replicas")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut find = |severity, setting: &str, current: String, expected: &str, reason: &str| {
        let fix = if setting == "partitions" {
            format!(
                "kafka-topics.sh --bootstrap-server <bootstrap> --delete --topic {0} && \
                 kafka-topics.sh --bootstrap-server <bootstrap> --create --topic {0} \
                 --partitions 1 --config cleanup.policy=delete --config retention.ms=-1 \
                 (then restart the connector with snapshot.mode=recovery)",
                t.name
            )
        } else {
            format!(
                "kafka-configs.sh --bootstrap-server <bootstrap> --alter --entity-type topics \
                 --entity-name {} --add-config {setting}={expected}",
                t.name
            )
        };
        out.push(Finding {
            topic: t.name.clone(),
            severity,
            setting: setting.to_owned(),
            current,
            expected: expected.to_owned(),
            reason: reason.to_owned(),
            fix,
        });
    };
    match t.role {
        TopicRole::SchemaHistory => {
            if cleanup.contains("compact") {
                find(
                    Severity::Error,
                    "cleanup.policy",
                    cleanup.to_owned(),
                    "delete",
                    "compaction drops older DDL events with the same key: the connector can no longer rebuild the table schemas it needs to read the binlog",
                );
            }
            if retention.is_some_and(|r| r >= 0) {
                find(
                    Severity::Error,
                    "retention.ms",
                    retention.unwrap_or(0).to_string(),
                    "-1",
                    "the whole DDL history is needed on every restart; a finite retention deletes it and the connector fails with \"The db history topic is missing\"",
                );
            }
            if t.partitions != 1 {
                find(
                    Severity::Error,
                    "partitions",
                    t.partitions.to_string(),
                    "1",
                    "DDL events must be read back in the order they were written, which Kafka keeps only within one partition",
                );
            }
        }
        TopicRole::DeadLetter => {
            if cleanup.contains("compact") {
                find(
                    Severity::Warning,
                    "cleanup.policy",
                    cleanup.to_owned(),
                    "delete",
                    "dead-letter records keep their original keys: compaction keeps only the newest failure per key",
                );
            }
            match retention {
                Some(r) if (0..DAY_MS).contains(&r) => find(
                    Severity::Warning,
                    "retention.ms",
                    r.to_string(),
                    "2592000000",
                    "failed records are deleted within a day, before anyone may have looked at them",
                ),
                Some(-1) => find(
                    Severity::Warning,
                    "retention.ms",
                    "-1".into(),
                    "2592000000",
                    "a dead-letter queue that is never trimmed grows for ever; 30 days leaves time to redrive",
                ),
                _ => {}
            }
        }
        TopicRole::Data => {
            if !cleanup.contains("compact") && retention.is_some_and(|r| r >= 0) {
                find(
                    Severity::Warning,
                    "cleanup.policy",
                    cleanup.to_owned(),
                    "compact",
                    "with deletion by age a new consumer cannot rebuild the table from the topic; compaction keeps the newest row per key",
                );
            }
            if config("delete.retention.ms")
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|r| r < DAY_MS)
            {
                find(
                    Severity::Warning,
                    "delete.retention.ms",
                    config("delete.retention.ms").unwrap_or_default().to_owned(),
                    "172800000",
                    "tombstones vanish before slow consumers see them, so they never learn of the delete",
                );
            }
        }
        TopicRole::Heartbeat => {}
    }
    if t.replication_factor >= 3 && min_isr < 2 && t.role != TopicRole::Heartbeat {
        find(
            Severity::Warning,
            "min.insync.replicas",
            min_isr.to_string(),
            "2",
            "with one in-sync replica required, a write acknowledged by a broker that then fails is lost",
        );
    }
    out.sort_by_key(|f| f.severity);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(role: TopicRole, partitions: u32, rf: u32, configs: &[(&str, &str)]) -> TopicFacts {
        TopicFacts {
            name: "acme.schema-history".into(),
            role,
            partitions,
            replication_factor: rf,
            configs: configs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn a_compacted_schema_history_topic_is_an_error_with_its_fix() {
        let f = audit(&topic(
            TopicRole::SchemaHistory,
            1,
            1,
            &[("cleanup.policy", "compact"), ("retention.ms", "-1")],
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].severity, f[0].setting.as_str()),
            (Severity::Error, "cleanup.policy")
        );
        assert!(
            f[0].fix
                .contains("--entity-name acme.schema-history --add-config cleanup.policy=delete")
        );
    }

    #[test]
    fn the_recommended_layout_passes_and_each_departure_is_found() {
        let good = topic(
            TopicRole::SchemaHistory,
            1,
            3,
            &[
                ("cleanup.policy", "delete"),
                ("retention.ms", "-1"),
                ("min.insync.replicas", "2"),
            ],
        );
        assert!(audit(&good).is_empty());
        let bad = topic(
            TopicRole::SchemaHistory,
            3,
            3,
            &[("retention.ms", "604800000")],
        );
        let settings: Vec<_> = audit(&bad).into_iter().map(|f| f.setting).collect();
        assert_eq!(
            settings,
            ["retention.ms", "partitions", "min.insync.replicas"]
        );
        let dlq = topic(TopicRole::DeadLetter, 1, 1, &[("retention.ms", "3600000")]);
        assert_eq!(audit(&dlq)[0].severity, Severity::Warning);
        let data = topic(
            TopicRole::Data,
            1,
            1,
            &[("cleanup.policy", "delete"), ("retention.ms", "604800000")],
        );
        assert_eq!(audit(&data)[0].expected, "compact");
        let compacted = topic(
            TopicRole::Data,
            1,
            1,
            &[("cleanup.policy", "compact"), ("retention.ms", "-1")],
        );
        assert!(audit(&compacted).is_empty());
    }
}
