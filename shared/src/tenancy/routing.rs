//! Classes that decide where records go: transforms (SMTs), their predicates and Debezium's
//! topic naming strategy, plus the client overrides (KIP-458) that decide who the connector
//! is to Kafka.
//!
//! A tenant's connector may use a class only when the console can reason about it: a
//! transform that never changes the topic, a router whose target is provably inside the
//! namespace, a predicate, a naming strategy that keeps `topic.prefix` in front. Anything else
//! (a script-driven router, a class from a plugin the console has never heard of) is refused
//! for tenant roles unless an admin allowed that class for the tenant.

use std::collections::BTreeMap;

/// Transforms that never change a record's topic (Kafka's own, with their `$Key`/`$Value`
/// variants, and Debezium's). Debezium's `ExtractNewRecordState` can route by a field of the
/// record (`route.by.field`), which is checked separately.
const TOPIC_PRESERVING: &[&str] = &[
    "org.apache.kafka.connect.transforms.Cast",
    "org.apache.kafka.connect.transforms.DropHeaders",
    "org.apache.kafka.connect.transforms.ExtractField",
    "org.apache.kafka.connect.transforms.Filter",
    "org.apache.kafka.connect.transforms.Flatten",
    "org.apache.kafka.connect.transforms.HeaderFrom",
    "org.apache.kafka.connect.transforms.HoistField",
    "org.apache.kafka.connect.transforms.InsertField",
    "org.apache.kafka.connect.transforms.InsertHeader",
    "org.apache.kafka.connect.transforms.MaskField",
    "org.apache.kafka.connect.transforms.ReplaceField",
    "org.apache.kafka.connect.transforms.SetSchemaMetadata",
    "org.apache.kafka.connect.transforms.TimestampConverter",
    "org.apache.kafka.connect.transforms.ValueToKey",
    "io.debezium.transforms.ExtractNewRecordState",
    "io.debezium.transforms.ExtractChangedRecordState",
    "io.debezium.connector.mongodb.transforms.ExtractNewDocumentState",
    "io.debezium.transforms.HeaderToValue",
    "io.debezium.transforms.SchemaChangeEventFilter",
    "io.debezium.transforms.TimezoneConverter",
    "io.debezium.transforms.partitions.PartitionRouting",
    "io.debezium.transforms.tracing.ActivateTracingSpan",
    "io.debezium.connector.postgresql.transforms.DecodeLogicalDecodingMessageContent",
    "io.debezium.connector.mysql.transforms.ReadToInsertEvent",
    "io.debezium.connector.jdbc.transforms.FieldNameTransformation",
    "io.debezium.transforms.ExtractSchemaToNewRecord",
    "io.debezium.transforms.GeometryFormatTransformer",
    "io.debezium.transforms.SwapGeometryCoordinates",
    "io.debezium.transforms.VectorToJsonConverter",
];

/// Predicates only decide whether a transform applies; none of Kafka's runs user code.
const PREDICATES: &[&str] = &[
    "org.apache.kafka.connect.transforms.predicates.HasHeaderKey",
    "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
    "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
];

/// Debezium's naming strategies that put `topic.prefix` in front of every topic.
const NAMING_STRATEGIES: &[&str] = &[
    "io.debezium.schema.DefaultTopicNamingStrategy",
    "io.debezium.schema.DefaultUnicodeTopicNamingStrategy",
    "io.debezium.schema.SchemaTopicNamingStrategy",
];

/// Client settings that decide which cluster a connector talks to and as whom: set by an
/// admin (the per-tenant principal of the README's ACL layout), never by a tenant.
const IDENTITY_OVERRIDES: &[&str] = &[
    "bootstrap.servers",
    "group.id",
    "group.instance.id",
    "security.protocol",
    "transactional.id",
    "interceptor.classes",
    "sasl.",
    "ssl.",
];

const OVERRIDE_PREFIXES: &[&str] = &[
    "producer.override.",
    "consumer.override.",
    "admin.override.",
];

/// How a routing transform chooses the new topic.
enum Route {
    /// A Java replacement applied to the old topic (`matcher.matches()` then `replaceFirst`).
    /// Only its literal start is trusted: even `$0` can be a short match at the topic's start
    /// (`a|acme\.x` finds `a` in `acme.x`), leaving the rest of the topic after it.
    ReplacesTopic {
        key: &'static str,
        default: Option<&'static str>,
    },
    /// A replacement applied to a value taken from the record: nothing in it is the topic.
    ReplacesValue {
        key: &'static str,
        default: &'static str,
    },
    /// `TimestampRouter`'s `${topic}-${timestamp}` format.
    Format {
        key: &'static str,
        default: &'static str,
    },
    /// A script computes the topic: nothing can be proven.
    Script,
    /// Renames topics by rules the console does not model (the JDBC sink's collection naming):
    /// fine for a sink, refused for a source.
    Unmodelled,
}

fn route(class: &str) -> Option<Route> {
    Some(match class {
        "org.apache.kafka.connect.transforms.RegexRouter" => Route::ReplacesTopic {
            key: "replacement",
            default: None,
        },
        "io.debezium.transforms.ByLogicalTableRouter" => Route::ReplacesTopic {
            key: "topic.replacement",
            default: None,
        },
        "io.debezium.transforms.outbox.EventRouter"
        | "io.debezium.connector.mongodb.transforms.outbox.MongoEventRouter" => {
            Route::ReplacesValue {
                key: "route.topic.replacement",
                default: "outbox.event.${routedByValue}",
            }
        }
        "org.apache.kafka.connect.transforms.TimestampRouter" => Route::Format {
            key: "topic.format",
            default: "${topic}-${timestamp}",
        },
        // `<target.topic.prefix>.<schema>.<hypertable>`.
        "io.debezium.connector.postgresql.transforms.timescaledb.TimescaleDb" => {
            Route::ReplacesValue {
                key: "target.topic.prefix",
                default: "timescaledb",
            }
        }
        "io.debezium.transforms.ContentBasedRouter" => Route::Script,
        "io.debezium.connector.jdbc.transforms.CollectionNameTransformation" => Route::Unmodelled,
        _ => return None,
    })
}

/// What the console knows of a transform class, for tests generated from a worker's plugins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransformKind {
    /// Never changes a record's topic.
    TopicPreserving,
    /// Chooses a new topic; checked by its settings (or refused, for a script).
    Router,
    /// Not known: refused for tenant roles unless allowed.
    Unknown,
}

pub fn transform_kind(class: &str) -> TransformKind {
    let base = class
        .strip_suffix("$Key")
        .or_else(|| class.strip_suffix("$Value"))
        .unwrap_or(class);
    if route(class).is_some() {
        TransformKind::Router
    } else if TOPIC_PRESERVING.contains(&base) {
        TransformKind::TopicPreserving
    } else {
        TransformKind::Unknown
    }
}

/// Whether a predicate class is one the console knows runs no user code.
pub fn is_known_predicate(class: &str) -> bool {
    PREDICATES.contains(&class)
}

/// Whether `key` sets one of the connector's Kafka clients (KIP-458).
pub fn is_client_override(key: &str) -> bool {
    OVERRIDE_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// One refusal: the config key and why.
pub type Refusal = (String, String);

/// Who wrote the config and what it is.
pub struct Rules<'a> {
    /// Classes an admin allowed the tenant.
    pub allowed: &'a [String],
    /// An admin's own config: any class and client override.
    pub any_class: bool,
    /// False for sinks: a sink's transforms rename records for the sink's target, never
    /// write to Kafka.
    pub routes_matter: bool,
}

/// Every class in `config` the author may not use, and every router that may send records
/// outside `holds` (a topic prefix test).
pub fn refusals(
    config: &BTreeMap<String, String>,
    rules: &Rules,
    holds: &dyn Fn(&str) -> bool,
    namespace: &str,
) -> Vec<Refusal> {
    let (allowed, routes_matter) = (rules.allowed, rules.routes_matter);
    let known = |class: &str, list: &[&str]| {
        let base = class
            .strip_suffix("$Key")
            .or_else(|| class.strip_suffix("$Value"))
            .unwrap_or(class);
        rules.any_class || list.contains(&base) || allowed.iter().any(|a| a == class)
    };
    let mut out = Vec::new();
    for alias in aliases(config, "transforms") {
        let key = format!("transforms.{alias}.type");
        let Some(class) = config.get(&key).map(|c| c.trim()) else {
            continue;
        };
        if allowed.iter().any(|a| a == class) {
            continue;
        }
        // An admin may choose a router the console cannot check; the topic guard still
        // watches where its records go.
        if rules.any_class && matches!(route(class), Some(Route::Script | Route::Unmodelled)) {
            continue;
        }
        let setting = |name: &str| config.get(&format!("transforms.{alias}.{name}"));
        if let Some(route) = route(class) {
            if routes_matter
                && let Some(refusal) = route_refusal(&route, config, &alias, holds, namespace)
            {
                out.push(refusal);
            }
        } else if !known(class, TOPIC_PRESERVING) {
            out.push((key, unknown_class("transform", class, namespace)));
        } else if routes_matter && setting("route.by.field").is_some_and(|f| !f.trim().is_empty()) {
            out.push((
                format!("transforms.{alias}.route.by.field"),
                format!(
                    "routing by a field of the record may send records outside this tenant's \
                     namespace `{namespace}`"
                ),
            ));
        }
    }
    for alias in aliases(config, "predicates") {
        let key = format!("predicates.{alias}.type");
        if let Some(class) = config.get(&key).map(|c| c.trim())
            && !known(class, PREDICATES)
        {
            out.push((key, unknown_class("predicate", class, namespace)));
        }
    }
    if let Some(class) = config.get("topic.naming.strategy").map(|c| c.trim())
        && !known(class, NAMING_STRATEGIES)
    {
        out.push((
            "topic.naming.strategy".to_owned(),
            unknown_class("topic naming strategy", class, namespace),
        ));
    }
    for key in config.keys().filter(|_| !rules.any_class) {
        let Some(setting) = OVERRIDE_PREFIXES.iter().find_map(|p| key.strip_prefix(p)) else {
            continue;
        };
        if IDENTITY_OVERRIDES
            .iter()
            .any(|i| setting == *i || (i.ends_with('.') && setting.starts_with(i)))
        {
            out.push((
                key.clone(),
                format!(
                    "`{setting}` decides which cluster the connector uses and as whom, which \
                     would step around this tenant's namespace `{namespace}`: only an admin \
                     sets it"
                ),
            ));
        }
    }
    out
}

fn route_refusal(
    route: &Route,
    config: &BTreeMap<String, String>,
    alias: &str,
    holds: &dyn Fn(&str) -> bool,
    namespace: &str,
) -> Option<Refusal> {
    let setting = |name: &str| config.get(&format!("transforms.{alias}.{name}"));
    let field = |key: &str| format!("transforms.{alias}.{key}");
    let outside = |what: &str| {
        format!(
            "{what} may send records outside this tenant's namespace `{namespace}`: start it \
             with `{namespace}`"
        )
    };
    match route {
        Route::Unmodelled => Some((
            field("type"),
            format!(
                "this transform renames topics by rules the console cannot check against this \
                 tenant's namespace `{namespace}`; use it in sinks only"
            ),
        )),
        Route::Script => Some((
            field("type"),
            format!(
                "a script chooses the topic, so the console cannot keep records inside this \
                 tenant's namespace `{namespace}`; ask an admin"
            ),
        )),
        Route::ReplacesTopic { key, default } => {
            let value = setting(key).map(String::as_str).or(*default)?;
            (!holds(&replacement_literal(value))).then(|| (field(key), outside("the replacement")))
        }
        Route::ReplacesValue { key, default } => {
            let value = setting(key).map_or(*default, String::as_str);
            (!holds(&replacement_literal(value))).then(|| {
                let mut why = outside("the replacement");
                if setting(key).is_none() {
                    why.push_str(&format!(" (its default is `{default}`)"));
                }
                (field(key), why)
            })
        }
        Route::Format { key, default } => {
            let value = setting(key).map_or(*default, String::as_str);
            let literal = value.split("${").next().unwrap_or_default();
            (!value.starts_with("${topic}") && !holds(literal))
                .then(|| (field(key), outside("the format")))
        }
    }
}

/// The literal text a Java replacement string starts with, up to its first group reference
/// (`$1`, `${name}`); `\` escapes the next character.
fn replacement_literal(replacement: &str) -> String {
    let mut literal = String::new();
    let mut chars = replacement.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) => literal.push(escaped),
                None => break,
            },
            '$' => break,
            _ => literal.push(c),
        }
    }
    literal
}

fn unknown_class(what: &str, class: &str, namespace: &str) -> String {
    format!(
        "the console cannot tell whether the {what} `{class}` keeps records inside this \
         tenant's namespace `{namespace}`, so tenants may not use it; an admin can allow it for \
         this tenant"
    )
}

/// The aliases listed in `transforms` or `predicates`.
fn aliases(config: &BTreeMap<String, String>, key: &str) -> Vec<String> {
    config
        .get(key)
        .map(|v| super::topic_keys::list(v).map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(pairs: &[(&str, &str)], routes_matter: bool) -> Vec<String> {
        let config = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let rules = Rules {
            allowed: &[],
            any_class: false,
            routes_matter,
        };
        refusals(&config, &rules, &|t| t.starts_with("acme."), "acme.")
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    const REGEX_ROUTER: &str = "org.apache.kafka.connect.transforms.RegexRouter";

    fn tenant_rules(allowed: &[String]) -> Rules<'_> {
        Rules {
            allowed,
            any_class: false,
            routes_matter: true,
        }
    }

    #[test]
    fn an_admin_may_use_any_class_but_routes_stay_checked() {
        let config: BTreeMap<_, _> = [
            ("transforms", "a,r"),
            ("transforms.a.type", "com.example.Mystery"),
            ("transforms.r.type", REGEX_ROUTER),
            ("transforms.r.replacement", "globex.$1"),
            ("producer.override.sasl.jaas.config", "x"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        let admin = Rules {
            allowed: &[],
            any_class: true,
            routes_matter: true,
        };
        let out: Vec<_> = refusals(&config, &admin, &|t| t.starts_with("acme."), "acme.")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(out, ["transforms.r.replacement"]);
    }

    #[test]
    fn a_router_into_another_namespace_is_refused_at_its_replacement() {
        let config = [
            ("transforms", "r"),
            ("transforms.r.type", REGEX_ROUTER),
            ("transforms.r.regex", "(.*)"),
            ("transforms.r.replacement", "globex.$1"),
        ];
        assert_eq!(refused(&config, true), ["transforms.r.replacement"]);
        assert!(
            refused(&config, false).is_empty(),
            "a sink's router only renames for the sink"
        );
    }

    #[test]
    fn routers_provably_inside_pass() {
        for replacement in ["acme.flat.$1", "acme\\.x$1", "acme.${name}"] {
            let config = [
                ("transforms", "r"),
                ("transforms.r.type", REGEX_ROUTER),
                ("transforms.r.regex", "acme\\.(.*)"),
                ("transforms.r.replacement", replacement),
            ];
            assert!(refused(&config, true).is_empty(), "{replacement}");
        }
        for replacement in ["$1", "${x}acme.", "$0-copy", "acm"] {
            let config = [
                ("transforms", "r"),
                ("transforms.r.type", REGEX_ROUTER),
                ("transforms.r.replacement", replacement),
            ];
            assert_eq!(refused(&config, true).len(), 1, "{replacement}");
        }
    }

    #[test]
    fn outbox_default_route_is_outside_and_says_so() {
        let config: BTreeMap<_, _> = [
            ("transforms", "outbox"),
            (
                "transforms.outbox.type",
                "io.debezium.transforms.outbox.EventRouter",
            ),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        let out = refusals(
            &config,
            &tenant_rules(&[]),
            &|t| t.starts_with("acme."),
            "acme.",
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0, "transforms.outbox.route.topic.replacement");
        assert!(
            out[0].1.contains("outbox.event.${routedByValue}"),
            "{}",
            out[0].1
        );
        let mut inside = config.clone();
        inside.insert(
            "transforms.outbox.route.topic.replacement".into(),
            "acme.outbox.${routedByValue}".into(),
        );
        assert!(
            refusals(
                &inside,
                &tenant_rules(&[]),
                &|t| t.starts_with("acme."),
                "acme."
            )
            .is_empty()
        );
    }

    #[test]
    fn timestamp_router_keeps_the_topic_in_front() {
        let tr = "org.apache.kafka.connect.transforms.TimestampRouter";
        assert!(refused(&[("transforms", "t"), ("transforms.t.type", tr)], true).is_empty());
        assert_eq!(
            refused(
                &[
                    ("transforms", "t"),
                    ("transforms.t.type", tr),
                    ("transforms.t.topic.format", "globex-${timestamp}"),
                ],
                true,
            ),
            ["transforms.t.topic.format"]
        );
    }

    #[test]
    fn unknown_and_script_classes_are_refused_unless_allowed() {
        let config = [
            ("transforms", "a,b,c"),
            ("transforms.a.type", "com.example.Mystery"),
            (
                "transforms.b.type",
                "io.debezium.transforms.ContentBasedRouter",
            ),
            (
                "transforms.c.type",
                "org.apache.kafka.connect.transforms.Cast$Value",
            ),
            ("transforms.c.predicate", "p"),
            ("predicates", "p"),
            ("predicates.p.type", "com.example.Pred"),
            ("topic.naming.strategy", "com.example.Naming"),
        ];
        assert_eq!(
            refused(&config, true),
            [
                "transforms.a.type",
                "transforms.b.type",
                "predicates.p.type",
                "topic.naming.strategy"
            ]
        );
        let map = config
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let allowed = [
            "com.example.Mystery".to_owned(),
            "com.example.Pred".to_owned(),
        ];
        let left: Vec<_> = refusals(&map, &tenant_rules(&allowed), &|_| false, "acme.")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(left, ["transforms.b.type", "topic.naming.strategy"]);
    }

    #[test]
    fn extract_new_record_state_routing_by_field_is_refused() {
        let config = [
            ("transforms", "unwrap"),
            (
                "transforms.unwrap.type",
                "io.debezium.transforms.ExtractNewRecordState",
            ),
            ("transforms.unwrap.route.by.field", "tenant"),
        ];
        assert_eq!(refused(&config, true), ["transforms.unwrap.route.by.field"]);
    }

    #[test]
    fn identity_overrides_are_for_admins() {
        let config = [
            ("consumer.override.group.id", "connect-globex-sink"),
            ("producer.override.sasl.jaas.config", "x"),
            ("producer.override.compression.type", "zstd"),
            ("consumer.override.max.poll.records", "100"),
        ];
        assert_eq!(
            refused(&config, true),
            [
                "consumer.override.group.id",
                "producer.override.sasl.jaas.config"
            ]
        );
    }
}
