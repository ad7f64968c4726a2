//! What the DLQ endpoints answer and accept.

use serde::{Deserialize, Serialize};

use super::{ErrorGroup, Growth, OffsetRange};
use crate::records::{KafkaState, Record};

/// One sink connector's dead-letter queue in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DlqSummary {
    pub connector: String,
    pub topic: String,
    pub tenant: Option<String>,
    /// Connect writes `__connect.errors.*` headers (without them nothing says why a record failed).
    pub context_headers: bool,
    /// `errors.tolerance=all` (without it the first failure stops the task instead).
    pub tolerates_errors: bool,
    /// Whether Kafka has the topic yet (Connect creates it with the first failure).
    pub exists: bool,
    /// Records Kafka holds; `None` when Kafka could not be read.
    pub depth: Option<u64>,
    /// The newest record's timestamp.
    pub newest_ms: Option<i64>,
    pub growth: Growth,
}

/// A source connector with DLQ settings, which Connect ignores: listed so nobody waits for a
/// queue that will never fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredDlq {
    pub connector: String,
    pub topic: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DlqList {
    pub kafka: KafkaState,
    pub dlqs: Vec<DlqSummary>,
    pub ignored: Vec<IgnoredDlq>,
}

/// Which records of a DLQ: every field narrows. Matching is on what the caller may see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DlqFilter {
    /// The exception class, fully qualified or short (`DataException`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
    /// The exception message exactly (one group of the grouping).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The topic the record was consumed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Text anywhere in key, value, headers or error message, case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

fn given(f: &Option<String>) -> Option<&str> {
    f.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl DlqFilter {
    pub fn is_empty(&self) -> bool {
        [&self.exception, &self.message, &self.topic, &self.text]
            .iter()
            .all(|f| given(f).is_none())
    }

    pub fn matches(&self, record: &Record) -> bool {
        let error = record.error.as_ref();
        if let Some(want) = given(&self.exception) {
            let class = error.and_then(|e| e.exception_class.as_deref());
            let short = error.and_then(|e| e.exception_short());
            if class != Some(want) && short != Some(want) {
                return false;
            }
        }
        if let Some(want) = given(&self.message)
            && error.and_then(|e| e.exception_message.as_deref()) != Some(want)
        {
            return false;
        }
        if let Some(want) = given(&self.topic)
            && error.and_then(|e| e.topic.as_deref()) != Some(want)
        {
            return false;
        }
        given(&self.text).is_none_or(|t| record.contains_text(&t.to_lowercase()))
    }
}

/// One page of a DLQ, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DlqPage {
    pub records: Vec<Record>,
    /// Give back as `cursor` for the next (older) page; `None` at the oldest record.
    pub next: Option<String>,
    /// Records read to fill this page (more than its length when a filter skipped some).
    pub scanned: u64,
    /// Whether the read stopped at its budget before filling the page (a filter matching
    /// few records): `next` goes on from there.
    pub budget_spent: bool,
    pub depth: u64,
}

/// The groups of the newest records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DlqGroups {
    pub groups: Vec<ErrorGroup>,
    pub scanned: u64,
    /// Every record the queue holds was read (else only the newest `scanned`).
    pub complete: bool,
}

/// One DLQ record by its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordRef {
    pub partition: i32,
    pub offset: i64,
}

/// Which records a redrive takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Selection {
    Records {
        records: Vec<RecordRef>,
    },
    /// Every record matching the filter among those the queue holds when the redrive starts.
    Filter {
        filter: DlqFilter,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedriveRequest {
    pub selection: Selection,
    /// Where every record goes; by default each goes back to the topic it came from.
    #[serde(default)]
    pub target: Option<String>,
    /// Count and check only.
    #[serde(default)]
    pub dry_run: bool,
    /// Redrive offsets an earlier redrive already sent.
    #[serde(default)]
    pub force: bool,
    /// Records per second (default [`DEFAULT_RATE`]).
    #[serde(default)]
    pub rate_per_second: Option<u32>,
}

pub const DEFAULT_RATE: u32 = 1000;
pub const MAX_RATE: u32 = 100_000;

/// What a dry run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedrivePlan {
    pub count: u64,
    /// Records per target topic.
    pub targets: Vec<(String, u64)>,
    /// Selected records an earlier redrive already sent (refused unless forced).
    pub already_redriven: u64,
    pub ranges: Vec<OffsetRange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Cancelled,
    Failed,
    /// The server stopped while the job ran.
    Interrupted,
}

impl JobState {
    pub fn is_final(self) -> bool {
        self != JobState::Running
    }
}

/// A redrive, running or finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedriveJob {
    pub id: String,
    pub cluster: String,
    pub connector: String,
    pub dlq_topic: String,
    pub target: Option<String>,
    pub state: JobState,
    pub total: u64,
    pub sent: u64,
    pub rate_per_second: u32,
    pub ranges: Vec<OffsetRange>,
    pub created_by: String,
    pub created_ms: i64,
    pub finished_ms: Option<i64>,
    pub error: Option<String>,
}

/// What `POST …/redrive` answers: the plan (dry run) or the started job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RedriveAnswer {
    Plan(RedrivePlan),
    Started(RedriveJob),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::masking::Mask;
    use crate::records::{RawRecord, SHOWN_BYTES};

    fn record(topic: &str, class: &str, message: &str) -> Record {
        RawRecord {
            topic: "dlq".into(),
            partition: 0,
            offset: 0,
            timestamp_ms: None,
            key: None,
            value: Some(b"not json".to_vec()),
            headers: vec![
                (
                    "__connect.errors.topic".into(),
                    Some(topic.as_bytes().to_vec()),
                ),
                (
                    "__connect.errors.exception.class.name".into(),
                    Some(class.as_bytes().to_vec()),
                ),
                (
                    "__connect.errors.exception.message".into(),
                    Some(message.as_bytes().to_vec()),
                ),
            ],
        }
        .show(SHOWN_BYTES, &Mask::default())
    }

    #[test]
    fn filters_narrow_by_exception_group_topic_and_text() {
        let r = record(
            "acme.orders",
            "org.apache.kafka.connect.errors.DataException",
            "Converting byte[] to Kafka Connect data failed",
        );
        let f = |exception: &str, message: &str, topic: &str, text: &str| {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            DlqFilter {
                exception: opt(exception),
                message: opt(message),
                topic: opt(topic),
                text: opt(text),
            }
        };
        assert!(f("", "", "", "").is_empty() && f("", "", "", "").matches(&r));
        assert!(f("DataException", "", "", "").matches(&r));
        assert!(f("org.apache.kafka.connect.errors.DataException", "", "", "").matches(&r));
        assert!(
            !f("Exception", "", "", "").matches(&r),
            "no partial class names"
        );
        assert!(f("", "Converting byte[] to Kafka Connect data failed", "", "").matches(&r));
        assert!(!f("", "Converting", "", "").matches(&r));
        assert!(f("", "", "acme.orders", "NOT JSON").matches(&r));
        assert!(!f("", "", "acme.payments", "").matches(&r));
        assert!(!f("", "", "", "tokens").matches(&r));
    }

    #[test]
    fn a_request_names_its_selection_and_refuses_stray_fields() {
        let req: RedriveRequest = serde_json::from_str(
            r#"{"selection":{"kind":"filter","filter":{"exception":"DataException"}},"dry_run":true}"#,
        )
        .unwrap();
        assert!(req.dry_run && !req.force && req.target.is_none());
        assert!(
            serde_json::from_str::<RedriveRequest>(
                r#"{"selection":{"kind":"records","records":[]},"targt":"x"}"#
            )
            .is_err()
        );
    }
}
