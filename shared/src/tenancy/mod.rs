//! Tenant namespaces: a tenant's connectors are named with its prefix, and every topic they
//! read or write lies under its topic prefix (seed 004, "multi-tenant isolation").
//!
//! The console checks a config before Connect sees it: every key that names a topic
//! ([`topic_keys`]), a sink's subscription pattern ([`pattern`]) and every class that decides
//! where records go ([`routing`]). No config check is complete (a plugin may take topics from
//! anywhere), so the backend also compares each connector's active topics with
//! [`Namespace::holds_topic`] after the fact.

pub mod pattern;
pub mod routing;
pub mod topic_keys;

use std::collections::BTreeMap;

use crate::error::{ApiError, ErrorCode};
use topic_keys::TopicKey;

/// Debezium's default `topic.heartbeat.prefix`: the heartbeat topic of `acme.orders` is
/// `__debezium-heartbeat.acme.orders`, which belongs to the tenant owning `acme.`.
pub const HEARTBEAT_PREFIX: &str = "__debezium-heartbeat";

/// What a tenant's connectors may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// Every connector name starts with this (`acme-`).
    pub connector_prefix: String,
    /// Every topic starts with this (`acme.`).
    pub topic_prefix: String,
    /// Transform, predicate and naming-strategy classes an admin allowed beyond the ones the
    /// console can reason about.
    pub allowed_classes: Vec<String>,
}

/// Whether a connector reads topics (sink) or writes them (source), as its plugin says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Source,
    Sink,
    /// The plugin is not installed (or not listed): checked as both.
    Unknown,
}

impl Namespace {
    /// Whether `topic` lies inside the namespace (its heartbeat topics included).
    pub fn holds_topic(&self, topic: &str) -> bool {
        let inside = |t: &str| t.starts_with(&self.topic_prefix);
        inside(topic)
            || topic
                .strip_prefix(HEARTBEAT_PREFIX)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(inside)
    }

    /// The topics among `topics` outside the namespace.
    pub fn foreign_topics<'t>(&self, topics: impl IntoIterator<Item = &'t str>) -> Vec<&'t str> {
        topics
            .into_iter()
            .filter(|t| !self.holds_topic(t))
            .collect()
    }

    /// A connector name outside the namespace, at field `name`.
    pub fn name_error(&self, name: &str) -> Option<ApiError> {
        let prefix = &self.connector_prefix;
        (!name.starts_with(prefix.as_str()) || name.len() == prefix.len()).then(|| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("connector names of this tenant start with `{prefix}`"),
            )
            .with_field("name")
        })
    }

    /// Every way `config` may touch a topic outside the namespace, each at its
    /// `config.<key>` field and naming the namespace. A `trusted` author (an admin) may use
    /// any class and client override; where records go is checked all the same.
    pub fn config_errors(
        &self,
        config: &BTreeMap<String, String>,
        direction: Direction,
        trusted: bool,
    ) -> Vec<ApiError> {
        let ns = &self.topic_prefix;
        let mut refusals: Vec<(String, String)> = Vec::new();
        let mut refuse = |key: &str, why: String| refusals.push((key.to_owned(), why));
        let outside = |topic: &str| {
            format!(
                "topic `{topic}` is outside this tenant's namespace: its topics start with `{ns}`"
            )
        };
        for (key, value) in config {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match topic_keys::classify(key) {
                None | Some(TopicKey::NotAName) => {}
                Some(TopicKey::Name) => {
                    if !self.holds_topic(value) {
                        refuse(key, outside(value));
                    }
                }
                Some(TopicKey::Prefix) => {
                    if !value.starts_with(ns.as_str()) {
                        refuse(key, outside(value));
                    }
                }
                Some(TopicKey::List) => {
                    if let Some(topic) = topic_keys::list(value).find(|t| !self.holds_topic(t)) {
                        refuse(key, outside(topic));
                    }
                }
                Some(TopicKey::Pattern) => {
                    if let Some(why) = pattern::outside(value, ns) {
                        refuse(key, why);
                    }
                }
                Some(TopicKey::HeartbeatPrefix) => {
                    let delimiter = config.get("topic.delimiter").map_or(".", String::as_str);
                    let prefix = config.get("topic.prefix").map_or("", String::as_str);
                    let topic = format!("{value}{delimiter}{prefix}");
                    if !self.holds_topic(&topic) {
                        refuse(
                            key,
                            format!(
                                "the heartbeat topic `{topic}` is outside this tenant's \
                                 namespace: use `{HEARTBEAT_PREFIX}` or start it with `{ns}`"
                            ),
                        );
                    }
                }
                Some(TopicKey::Unknown) => refuse(
                    key,
                    format!(
                        "the console cannot tell which topics `{key}` names, so it cannot keep \
                         them inside this tenant's namespace `{ns}`; ask an admin"
                    ),
                ),
            }
        }
        refusals.extend(routing::refusals(
            config,
            &routing::Rules {
                allowed: &self.allowed_classes,
                any_class: trusted,
                routes_matter: direction != Direction::Sink,
            },
            &|t| self.holds_topic(t),
            ns,
        ));
        refusals
            .into_iter()
            .map(|(key, why)| {
                ApiError::new(ErrorCode::InvalidInput, why).with_field(format!("config.{key}"))
            })
            .collect()
    }
}

/// A tenant `id` with the usual `<id>-` and `<id>.` prefixes, for tests across the crate.
#[cfg(test)]
pub(crate) fn test_namespace(id: &str) -> Namespace {
    Namespace {
        connector_prefix: format!("{id}-"),
        topic_prefix: format!("{id}."),
        allowed_classes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Namespace {
        test_namespace("acme")
    }

    fn fields(pairs: &[(&str, &str)], direction: Direction) -> Vec<String> {
        let config = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        acme()
            .config_errors(&config, direction, false)
            .into_iter()
            .filter_map(|e| e.field)
            .collect()
    }

    #[test]
    fn names_and_topics_inside_the_namespace_pass() {
        assert_eq!(acme().name_error("acme-orders"), None);
        assert!(
            fields(
                &[
                    ("topic.prefix", "acme.orders"),
                    ("schema.history.internal.kafka.topic", "acme.history"),
                    ("topic.heartbeat.prefix", HEARTBEAT_PREFIX),
                    ("topic.creation.default.partitions", "3"),
                    ("database.hostname", "127.0.0.1"),
                ],
                Direction::Source
            )
            .is_empty()
        );
        assert!(
            fields(
                &[
                    ("topics", "acme.orders.public.t, acme.x"),
                    ("errors.deadletterqueue.topic.name", "acme.dlq"),
                ],
                Direction::Sink
            )
            .is_empty()
        );
        assert!(fields(&[("topics.regex", r"acme\..*")], Direction::Sink).is_empty());
    }

    #[test]
    fn every_topic_outside_is_refused_at_its_field_naming_the_namespace() {
        let config: BTreeMap<_, _> = [
            ("topics", "acme.a,globex.orders.public.t"),
            ("errors.deadletterqueue.topic.name", "globex.dlq"),
            ("topic.prefix", "globex.orders"),
            ("schema.history.internal.kafka.topic", "history"),
            ("signal.kafka.topic", "globex-signal"),
            ("notification.sink.topic.name", "notes"),
            ("kafka.topic", "globex.x"),
            ("topic", "globex.y"),
            ("topic.heartbeat.prefix", "globex.hb"),
            ("offsets.storage.topic", "connect-offsets"),
            ("mystery.topic.target", "globex.z"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        let errors = acme().config_errors(&config, Direction::Unknown, false);
        let fields: Vec<_> = errors.iter().filter_map(|e| e.field.clone()).collect();
        let expected: Vec<_> = config.keys().map(|k| format!("config.{k}")).collect();
        assert_eq!(fields, expected);
        assert!(
            errors.iter().all(|e| e.message.contains("`acme.`")),
            "{errors:?}"
        );
        assert!(
            errors[0].message.contains("globex.dlq"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_pattern_that_may_match_elsewhere_is_refused() {
        assert_eq!(
            fields(&[("topics.regex", ".*")], Direction::Sink),
            ["config.topics.regex"]
        );
    }

    #[test]
    fn heartbeat_topics_belong_to_their_prefix() {
        let ns = acme();
        assert!(ns.holds_topic("__debezium-heartbeat.acme.orders"));
        assert!(!ns.holds_topic("__debezium-heartbeat.globex.orders"));
        assert!(!ns.holds_topic("__debezium-heartbeatacme.orders"));
        assert_eq!(
            ns.foreign_topics(["acme.a", "globex.b", "connect-offsets"]),
            ["globex.b", "connect-offsets"]
        );
        assert_eq!(
            fields(
                &[
                    ("topic.prefix", "acme.orders"),
                    ("topic.heartbeat.prefix", HEARTBEAT_PREFIX),
                    ("topic.delimiter", "_"),
                ],
                Direction::Source
            ),
            ["config.topic.heartbeat.prefix"],
            "`__debezium-heartbeat_acme.orders` is nobody's"
        );
    }

    #[test]
    fn routers_count_for_sources_only() {
        let router = [
            ("transforms", "r"),
            (
                "transforms.r.type",
                "org.apache.kafka.connect.transforms.RegexRouter",
            ),
            ("transforms.r.regex", "acme\\.(.*)"),
            ("transforms.r.replacement", "globex.$1"),
        ];
        assert_eq!(
            fields(&router, Direction::Source),
            ["config.transforms.r.replacement"]
        );
        assert_eq!(
            fields(&router, Direction::Unknown),
            ["config.transforms.r.replacement"]
        );
        assert!(fields(&router, Direction::Sink).is_empty());
    }

    #[test]
    fn connector_names_keep_the_prefix() {
        assert_eq!(
            acme().name_error("globex-orders").and_then(|e| e.field),
            Some("name".into())
        );
        assert!(
            acme().name_error("acme-").is_some(),
            "the bare prefix is no name"
        );
    }
}
