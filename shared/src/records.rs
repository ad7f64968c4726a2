//! Kafka records as the console's API carries them to the UI: where each came from, its key
//! and value decoded for reading (see [`crate::change_event::decode`]), its headers, and for a
//! dead-letter record the error context Connect wrote. Also how Kafka itself is doing, so a page
//! can say "Kafka is unreachable" instead of hanging.

use serde::{Deserialize, Serialize};

use crate::change_event::{Decoded, Shown, decode};
use crate::dlq::{ErrorContext, HEADER_PREFIX};
use crate::masking::Mask;

/// The largest key or value shown whole in a list; "show all" asks for one record without it.
pub const SHOWN_BYTES: usize = 16 * 1024;
/// The largest payload the console sends at all (a "show all" beyond it is cut here).
pub const MAX_SHOWN_BYTES: usize = 4 * 1024 * 1024;

/// One record header. `value` is text when it is UTF-8, else hex (`hex: true`); `None` for a
/// null header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hex: bool,
}

impl Header {
    pub fn new(name: &str, value: Option<&[u8]>) -> Self {
        let (value, hex) = match value.map(std::str::from_utf8) {
            None => (None, false),
            Some(Ok(text)) => (Some(text.to_owned()), false),
            Some(Err(_)) => (
                value.map(|v| v.iter().map(|b| format!("{b:02x}")).collect()),
                true,
            ),
        };
        Self {
            name: name.to_owned(),
            value,
            hex,
        }
    }
}

/// A record as read from Kafka, before it is decoded for showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub timestamp_ms: Option<i64>,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

impl RawRecord {
    /// The `__connect.errors.*` context, if Connect wrote one.
    pub fn error_context(&self) -> Option<ErrorContext> {
        ErrorContext::from_headers(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_deref())))
    }

    /// Decoded for showing: payloads cut at `limit`, masked fields hidden, error headers
    /// read into [`Record::error`] and left out of [`Record::headers`].
    pub fn show(&self, limit: usize, mask: &Mask) -> Record {
        let masked = |bytes: Option<&[u8]>| {
            let mut d = decode(bytes, limit);
            if let Shown::Json(v) = &mut d.shown {
                mask.apply(v);
            }
            d
        };
        Record {
            topic: self.topic.clone(),
            partition: self.partition,
            offset: self.offset,
            timestamp_ms: self.timestamp_ms,
            key: masked(self.key.as_deref()),
            value: masked(self.value.as_deref()),
            headers: self
                .headers
                .iter()
                .filter(|(n, _)| !n.starts_with(HEADER_PREFIX))
                .map(|(n, v)| Header::new(n, v.as_deref()))
                .collect(),
            error: self.error_context(),
        }
    }
}

/// A record as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub timestamp_ms: Option<i64>,
    pub key: Decoded,
    pub value: Decoded,
    /// Every header but Connect's error context.
    pub headers: Vec<Header>,
    /// Connect's `__connect.errors.*` headers, decoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorContext>,
}

impl Record {
    /// Whether `needle` (already lower-case) occurs in the key, value, a header or the error
    /// message as shown: the inspector's text filter. It searches what the caller may see, so
    /// a masked field's value cannot be found by guessing it.
    pub fn contains_text(&self, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        let has = |d: &Decoded| match &d.shown {
            Shown::Null => false,
            Shown::Json(v) => v.to_string().to_lowercase().contains(needle),
            Shown::Text(t) | Shown::Hex(t) => t.to_lowercase().contains(needle),
        };
        let has_text = |t: &str| t.to_lowercase().contains(needle);
        has(&self.key)
            || has(&self.value)
            || self
                .headers
                .iter()
                .any(|h| has_text(&h.name) || h.value.as_deref().is_some_and(has_text))
            || self.error.as_ref().is_some_and(|e| {
                [&e.exception_class, &e.exception_message, &e.topic]
                    .into_iter()
                    .flatten()
                    .any(|t| has_text(t))
            })
    }
}

/// Whether the console can reach a cluster's Kafka.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KafkaState {
    Reachable,
    /// The cluster has no `kafka` settings: DLQs are listed from configs, without depth.
    NotConfigured,
    /// Kafka did not answer within the timeout, or refused the console.
    Unreachable {
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dead_letter() -> RawRecord {
        RawRecord {
            topic: "acme.dlq".into(),
            partition: 0,
            offset: 7,
            timestamp_ms: Some(1),
            key: Some(b"42".to_vec()),
            value: Some(br#"{"id":42,"email":"a@b.c"}"#.to_vec()),
            headers: vec![
                ("trace-id".into(), Some(b"abc".to_vec())),
                ("bin".into(), Some(vec![0xff, 0x00])),
                (
                    "__connect.errors.topic".into(),
                    Some(b"acme.orders".to_vec()),
                ),
                (
                    "__connect.errors.exception.message".into(),
                    Some(b"Unknown token".to_vec()),
                ),
            ],
        }
    }

    #[test]
    fn a_shown_record_has_its_error_context_decoded_and_out_of_the_headers() {
        let shown = dead_letter().show(SHOWN_BYTES, &Mask::default());
        let error = shown.error.expect("context headers present");
        assert_eq!(error.topic.as_deref(), Some("acme.orders"));
        assert_eq!(error.exception_message.as_deref(), Some("Unknown token"));
        assert_eq!(
            shown.headers,
            [
                Header {
                    name: "trace-id".into(),
                    value: Some("abc".into()),
                    hex: false
                },
                Header {
                    name: "bin".into(),
                    value: Some("ff00".into()),
                    hex: true
                }
            ]
        );
    }

    #[test]
    fn masked_fields_never_leave_the_server_in_a_shown_record() {
        let shown = dead_letter().show(SHOWN_BYTES, &Mask::new(["*email*"]));
        let Shown::Json(v) = shown.value.shown else {
            panic!("JSON value")
        };
        assert_eq!(v["email"], crate::masking::MASKED);
        assert_eq!(v["id"], 42);
    }

    #[test]
    fn the_text_filter_searches_what_the_caller_sees() {
        let r = dead_letter().show(SHOWN_BYTES, &Mask::default());
        assert!(r.contains_text("unknown token"));
        assert!(r.contains_text("a@b.c"));
        assert!(r.contains_text("trace-id"));
        assert!(!r.contains_text("globex"));
        assert!(r.contains_text(""));
        let masked = dead_letter().show(SHOWN_BYTES, &Mask::new(["email"]));
        assert!(
            !masked.contains_text("a@b.c"),
            "a masked value cannot be found by searching for it"
        );
    }
}
