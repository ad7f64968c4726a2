//! Which connector config keys name Kafka topics, and how.
//!
//! The table covers Connect's own keys, the sinks' subscriptions, the plain sources shipped
//! with Kafka and every Debezium connector's topics. A key that mentions topics and is not in
//! the table is [`TopicKey::Unknown`]: for a tenant it is refused rather than trusted, and the
//! integration test generated from the installed plugins' definitions fails until it is
//! classified here.

/// What the value of a topic-related key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicKey {
    /// One topic name (a DLQ, a schema history topic, a plain source's target).
    Name,
    /// A prefix every topic the connector writes starts with (Debezium's `topic.prefix`).
    Prefix,
    /// A comma-separated list of topic names (a sink's `topics`).
    List,
    /// A Java regex of topics to subscribe to (a sink's `topics.regex`).
    Pattern,
    /// Debezium's `topic.heartbeat.prefix`: the heartbeat topic is
    /// `<heartbeat prefix><delimiter><topic.prefix>`.
    HeartbeatPrefix,
    /// Mentions topics but names none: a delimiter, a count, a class checked on its own, the
    /// settings of topics the connector creates.
    NotAName,
    /// Mentions topics and is not known to the console.
    Unknown,
}

/// Keys whose value is a topic name, a prefix, a list or a pattern.
const NAMING: &[(&str, TopicKey)] = &[
    ("topics", TopicKey::List),
    ("topics.regex", TopicKey::Pattern),
    ("errors.deadletterqueue.topic.name", TopicKey::Name),
    // KIP-618: an exactly-once source may keep its offsets in its own topic.
    ("offsets.storage.topic", TopicKey::Name),
    // FileStreamSource and most plain sources outside Debezium.
    ("topic", TopicKey::Name),
    ("kafka.topic", TopicKey::Name),
    // Debezium.
    ("topic.prefix", TopicKey::Prefix),
    ("topic.heartbeat.prefix", TopicKey::HeartbeatPrefix),
    // The older spelling Debezium's connectors still declare.
    ("heartbeat.topics.prefix", TopicKey::HeartbeatPrefix),
    ("schema.history.internal.kafka.topic", TopicKey::Name),
    ("signal.kafka.topic", TopicKey::Name),
    ("notification.sink.topic.name", TopicKey::Name),
    // Debezium 1.x spellings: an old plugin still honours them.
    ("database.server.name", TopicKey::Prefix),
    ("mongodb.name", TopicKey::Prefix),
    ("database.history.kafka.topic", TopicKey::Name),
];

/// Keys that mention topics without naming one, each for a reason.
const NOT_A_NAME: &[&str] = &[
    // A separator, a cache size, a suffix after `topic.prefix` (the transaction topic).
    "topic.delimiter",
    "topic.cache.size",
    "topic.transaction",
    // A class: checked with the transforms (`routing.rs`).
    "topic.naming.strategy",
    // Replication factor of a topic named elsewhere.
    "errors.deadletterqueue.topic.replication.factor",
    "schema.history.internal.kafka.topic.replication.factor",
    // Debezium's check that the history topic exists; the name is `…kafka.topic`.
    "schema.history.internal.kafka.query.timeout.ms",
    // KIP-618 transaction boundaries and KIP-158 settings for topics the connector creates
    // (`topic.creation.<group>.include` matches topic names, it does not choose any).
    "topic.creation.enable",
    "topic.creation.groups",
];

/// Key prefixes whose keys mention topics without naming one.
const NOT_A_NAME_PREFIXES: &[&str] = &["topic.creation."];

/// How `key` names topics, or `None` when it does not mention topics at all. Keys of
/// transforms and predicates are not classified here: `routing.rs` reads them by class.
pub fn classify(key: &str) -> Option<TopicKey> {
    if let Some((_, kind)) = NAMING.iter().find(|(k, _)| *k == key) {
        return Some(*kind);
    }
    if !key.to_ascii_lowercase().contains("topic") {
        return None;
    }
    if NOT_A_NAME.contains(&key) || NOT_A_NAME_PREFIXES.iter().any(|p| key.starts_with(p)) {
        return Some(TopicKey::NotAName);
    }
    if key.starts_with("transforms.") || key.starts_with("predicates.") {
        return None;
    }
    Some(TopicKey::Unknown)
}

/// The names in a comma-separated topic list, trimmed, empty entries dropped (as Connect
/// parses a LIST).
pub fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_that_names_a_topic_is_known() {
        assert_eq!(classify("topics"), Some(TopicKey::List));
        assert_eq!(classify("topics.regex"), Some(TopicKey::Pattern));
        assert_eq!(
            classify("errors.deadletterqueue.topic.name"),
            Some(TopicKey::Name)
        );
        assert_eq!(classify("topic.prefix"), Some(TopicKey::Prefix));
        assert_eq!(classify("kafka.topic"), Some(TopicKey::Name));
    }

    #[test]
    fn unclassified_topic_keys_are_unknown_not_trusted() {
        assert_eq!(classify("target.topic"), Some(TopicKey::Unknown));
        assert_eq!(classify("my.Topic.override"), Some(TopicKey::Unknown));
        assert_eq!(
            classify("topic.creation.default.partitions"),
            Some(TopicKey::NotAName)
        );
        assert_eq!(classify("database.hostname"), None);
        assert_eq!(classify("transforms.route.topic.format"), None);
    }

    #[test]
    fn lists_split_like_connect() {
        assert_eq!(list(" a, b ,,c ").collect::<Vec<_>>(), ["a", "b", "c"]);
    }
}
