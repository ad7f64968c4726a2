//! A read of Connect as the console last got it: the answer with when it was asked, and,
//! when Connect has not answered since, since when (the page shows it marked, at once).

use serde::{Deserialize, Serialize};

/// `value`'s fields, then `fetched_at_ms` and, while Connect does not answer,
/// `pending_since_ms`: a client that only knows `value`'s shape still reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known<T> {
    #[serde(flatten)]
    pub value: T,
    /// When the call that brought this answer started, ms since the Unix epoch.
    pub fetched_at_ms: u64,
    /// Set when a newer call has not been answered: since when (ms since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since_ms: Option<u64>,
}

impl<T> Known<T> {
    /// Since when Connect has not answered, and what time the shown answer is from.
    pub fn stale(&self) -> Option<(u64, u64)> {
        self.pending_since_ms.map(|s| (s, self.fetched_at_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActiveTopics, ConnectorOffsets};

    #[test]
    fn the_answer_keeps_its_own_shape_with_the_marks_beside_it() {
        let known = Known {
            value: ActiveTopics {
                topics: vec!["orders".into()],
            },
            fetched_at_ms: 5,
            pending_since_ms: Some(9),
        };
        let json = serde_json::to_value(&known).expect("encode");
        assert_eq!(
            json,
            serde_json::json!({"topics": ["orders"], "fetched_at_ms": 5, "pending_since_ms": 9})
        );
        // A client that knows only the answer's type reads it as before.
        let plain: ActiveTopics = serde_json::from_value(json.clone()).expect("plain");
        assert_eq!(plain.topics, ["orders"]);
        let back: Known<ActiveTopics> = serde_json::from_value(json).expect("decode");
        assert_eq!(back.stale(), Some((9, 5)));
    }

    #[test]
    fn a_fresh_answer_says_nothing_of_waiting() {
        let known = Known {
            value: ConnectorOffsets::default(),
            fetched_at_ms: 5,
            pending_since_ms: None,
        };
        let json = serde_json::to_string(&known).expect("encode");
        assert_eq!(json, r#"{"offsets":[],"fetched_at_ms":5}"#);
        let back: Known<ConnectorOffsets> = serde_json::from_str(&json).expect("decode");
        assert_eq!(back.stale(), None);
    }
}
