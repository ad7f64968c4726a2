//! Dead-letter records as Kafka Connect writes them (reference §3): the original consumed
//! bytes, plus `__connect.errors.*` context headers (UTF-8 text, numbers as decimal strings)
//! when `errors.deadletterqueue.context.headers.enable=true`. Decoded here into fields, and
//! grouped by what went wrong, so the inspector shows "37 × DataException: Converting byte[]
//! to Kafka Connect data failed" before any single record.

mod api;
mod depth;
mod discover;
mod group;
mod paging;
mod redrive;

use serde::{Deserialize, Serialize};

pub use api::*;
pub use depth::{Growth, Sample, depth, growth};
pub use discover::{DlqDefinition, DlqStatus, dlq_of};
pub use group::{ErrorGroup, group_by_error};
pub use paging::{Cursor, Read, next_page};
pub use redrive::{OffsetRange, offset_ranges, overlap, redrive_target};

/// The prefix of every context header Connect's `DeadLetterQueueReporter` adds.
pub const HEADER_PREFIX: &str = "__connect.errors.";

/// Where in the pipeline the record failed (`Stage` in Connect's runtime).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Stage {
    KeyConverter,
    ValueConverter,
    HeaderConverter,
    Transformation,
    TaskPut,
    TaskPoll,
    KafkaProduce,
    KafkaConsume,
    /// A stage a newer Connect names.
    #[serde(untagged)]
    Other(String),
}

impl Stage {
    fn parse(s: &str) -> Stage {
        match s {
            "KEY_CONVERTER" => Stage::KeyConverter,
            "VALUE_CONVERTER" => Stage::ValueConverter,
            "HEADER_CONVERTER" => Stage::HeaderConverter,
            "TRANSFORMATION" => Stage::Transformation,
            "TASK_PUT" => Stage::TaskPut,
            "TASK_POLL" => Stage::TaskPoll,
            "KAFKA_PRODUCE" => Stage::KafkaProduce,
            "KAFKA_CONSUME" => Stage::KafkaConsume,
            other => Stage::Other(other.to_owned()),
        }
    }
}

/// Why and where a record failed, from its context headers. Every field is optional: Connect
/// writes the exception headers only when there was an exception, the stack trace only when it
/// could be serialised, and nothing at all without `context.headers.enable`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorContext {
    /// The topic, partition and offset the record was consumed from: where a redrive writes.
    pub topic: Option<String>,
    pub partition: Option<i32>,
    pub offset: Option<i64>,
    pub connector: Option<String>,
    pub task: Option<i32>,
    pub stage: Option<Stage>,
    /// The class (converter, transform or connector) that was running.
    pub class_name: Option<String>,
    pub exception_class: Option<String>,
    pub exception_message: Option<String>,
    pub stacktrace: Option<String>,
}

impl ErrorContext {
    /// The context in `headers` (name, raw value), or `None` when there is none: Connect was
    /// not asked to add it. Values that are not UTF-8 or not numbers where numbers belong are
    /// left out rather than guessed.
    pub fn from_headers<'h>(
        headers: impl IntoIterator<Item = (&'h str, Option<&'h [u8]>)>,
    ) -> Option<Self> {
        let mut c = ErrorContext::default();
        let mut found = false;
        for (name, value) in headers {
            let Some(field) = name.strip_prefix(HEADER_PREFIX) else {
                continue;
            };
            let Some(text) = value.and_then(|v| std::str::from_utf8(v).ok()) else {
                continue;
            };
            found = true;
            let text = text.to_owned();
            match field {
                "topic" => c.topic = Some(text),
                "partition" => c.partition = text.trim().parse().ok(),
                "offset" => c.offset = text.trim().parse().ok(),
                "connector.name" => c.connector = Some(text),
                "task.id" => c.task = text.trim().parse().ok(),
                "stage" => c.stage = Some(Stage::parse(text.trim())),
                "class.name" => c.class_name = Some(text),
                "exception.class.name" => c.exception_class = Some(text),
                "exception.message" => c.exception_message = Some(text),
                "exception.stacktrace" => c.stacktrace = Some(text),
                _ => {}
            }
        }
        found.then_some(c)
    }

    /// The exception's class without its package (`DataException`), for headings.
    pub fn exception_short(&self) -> Option<&str> {
        let class = self.exception_class.as_deref()?;
        Some(class.rsplit('.').next().unwrap_or(class))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headers as Kafka 4.1's `DeadLetterQueueReporter` writes them for a JsonConverter
    /// failure (values as text).
    pub(super) fn converter_failure(offset: i64, message: &str) -> Vec<(String, Vec<u8>)> {
        [
            ("__connect.errors.topic", "acme.orders"),
            ("__connect.errors.partition", "0"),
            ("__connect.errors.offset", &offset.to_string()),
            ("__connect.errors.connector.name", "acme-orders-sink"),
            ("__connect.errors.task.id", "0"),
            ("__connect.errors.stage", "VALUE_CONVERTER"),
            (
                "__connect.errors.class.name",
                "org.apache.kafka.connect.json.JsonConverter",
            ),
            (
                "__connect.errors.exception.class.name",
                "org.apache.kafka.connect.errors.DataException",
            ),
            ("__connect.errors.exception.message", message),
            (
                "__connect.errors.exception.stacktrace",
                "org.apache.kafka.connect.errors.DataException: …\n\tat org.apache…",
            ),
            ("traceparent", "00-abc-def-01"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.as_bytes().to_vec()))
        .collect()
    }

    fn decode(headers: &[(String, Vec<u8>)]) -> Option<ErrorContext> {
        ErrorContext::from_headers(
            headers
                .iter()
                .map(|(k, v)| (k.as_str(), Some(v.as_slice()))),
        )
    }

    #[test]
    fn context_headers_become_fields() {
        let c = decode(&converter_failure(
            42,
            "Converting byte[] to Kafka Connect data failed",
        ))
        .expect("context");
        assert_eq!(c.topic.as_deref(), Some("acme.orders"));
        assert_eq!(
            (c.partition, c.offset, c.task),
            (Some(0), Some(42), Some(0))
        );
        assert_eq!(c.stage, Some(Stage::ValueConverter));
        assert_eq!(c.exception_short(), Some("DataException"));
        assert!(
            c.stacktrace
                .as_deref()
                .unwrap_or_default()
                .contains("\tat ")
        );
    }

    #[test]
    fn records_without_context_and_odd_values_are_not_guessed() {
        let plain = vec![("traceparent".to_owned(), b"x".to_vec())];
        assert_eq!(decode(&plain), None, "no context headers: no context");
        let odd = vec![
            ("__connect.errors.offset".to_owned(), b"forty".to_vec()),
            ("__connect.errors.stage".to_owned(), b"NEW_STAGE".to_vec()),
            ("__connect.errors.topic".to_owned(), vec![0xff, 0xfe]),
        ];
        let c = decode(&odd).expect("some context");
        assert_eq!(c.offset, None);
        assert_eq!(c.topic, None, "not UTF-8");
        assert_eq!(c.stage, Some(Stage::Other("NEW_STAGE".into())));
        let null = ErrorContext::from_headers([("__connect.errors.topic", None)]);
        assert_eq!(null, None);
    }
}
