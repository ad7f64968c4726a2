//! Which connectors have a dead-letter queue, read from their configs (reference §3): only a
//! sink's `errors.deadletterqueue.topic.name` creates one. A source's DLQ settings are accepted
//! by Connect and ignored, which is worth saying rather than listing an empty queue.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A connector's DLQ as its config defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DlqDefinition {
    pub topic: String,
    /// `errors.deadletterqueue.context.headers.enable`: without it records carry no
    /// `__connect.errors.*` headers, so nothing says why they failed or where they came from.
    pub context_headers: bool,
    /// `errors.tolerance=all`: without it the first failure stops the task instead of reaching
    /// the queue.
    pub tolerates_errors: bool,
}

/// What a connector's error settings mean for DLQ inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DlqStatus {
    Defined(DlqDefinition),
    /// A source with DLQ settings: Connect ignores them; failures are dropped (tolerance
    /// `all`) or stop the task.
    IgnoredOnSource {
        topic: String,
    },
    None,
}

/// Reads `config` of a connector that is a sink or not (as its plugin says).
pub fn dlq_of(config: &BTreeMap<String, String>, is_sink: bool) -> DlqStatus {
    let Some(topic) = config
        .get("errors.deadletterqueue.topic.name")
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    else {
        return DlqStatus::None;
    };
    if !is_sink {
        return DlqStatus::IgnoredOnSource {
            topic: topic.to_owned(),
        };
    }
    let flag = |key: &str| {
        config
            .get(key)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    };
    DlqStatus::Defined(DlqDefinition {
        topic: topic.to_owned(),
        context_headers: flag("errors.deadletterqueue.context.headers.enable"),
        tolerates_errors: config
            .get("errors.tolerance")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("all")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::config as cfg;

    #[test]
    fn only_a_sinks_dlq_is_a_queue_and_its_settings_are_read() {
        let sink = cfg(&[
            ("errors.deadletterqueue.topic.name", " acme.dlq "),
            ("errors.deadletterqueue.context.headers.enable", "TRUE"),
            ("errors.tolerance", "all"),
        ]);
        assert_eq!(
            dlq_of(&sink, true),
            DlqStatus::Defined(DlqDefinition {
                topic: "acme.dlq".into(),
                context_headers: true,
                tolerates_errors: true,
            })
        );
        assert_eq!(
            dlq_of(&sink, false),
            DlqStatus::IgnoredOnSource {
                topic: "acme.dlq".into()
            }
        );
        let bare = cfg(&[("errors.deadletterqueue.topic.name", "acme.dlq")]);
        assert!(matches!(
            dlq_of(&bare, true),
            DlqStatus::Defined(DlqDefinition {
                context_headers: false,
                tolerates_errors: false,
                ..
            })
        ));
        assert_eq!(
            dlq_of(&cfg(&[("errors.deadletterqueue.topic.name", "")]), true),
            DlqStatus::None
        );
        assert_eq!(dlq_of(&cfg(&[]), true), DlqStatus::None);
    }
}
