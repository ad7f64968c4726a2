//! Checking the answers (every problem with its field) and reading a pasted connector config.

use std::collections::BTreeMap;

use super::answers::{Answers, SOURCE_HAS_NO_DLQ};
use super::kind::Kind;

/// A pasted or uploaded connector: Connect's `{"name", "config"}` body or a bare config map.
/// Numbers and booleans become strings, as Connect stores them.
pub fn parse_config_json(text: &str) -> Result<(Option<String>, BTreeMap<String, String>), String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let (name, config) = match value.get("config") {
        Some(c) => (value.get("name").and_then(|n| n.as_str()), c),
        None => (None, &value),
    };
    let object = config
        .as_object()
        .ok_or("expected an object of config keys, or {\"name\", \"config\"}")?;
    let mut out = BTreeMap::new();
    for (k, v) in object {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            other => {
                return Err(format!(
                    "`{k}` must be a string, number or boolean, not {other}"
                ));
            }
        };
        out.insert(k.clone(), text);
    }
    if !out.contains_key("connector.class") {
        return Err("the config has no connector.class".into());
    }
    let name = name.or(object.get("name").and_then(|n| n.as_str()));
    Ok((name.map(str::to_owned), out))
}

/// What is wrong with the connection answers alone: enough to run preflight or list tables.
pub fn connection_errors(kind: Kind, a: &Answers) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    let mut need = |field: &str, value: &str, what: &str| {
        if value.trim().is_empty() {
            errors.push((field.to_owned(), format!("{what} is required")));
        }
    };
    match kind {
        Kind::JdbcSink => {
            need("jdbc_url", &a.jdbc_url, "the JDBC URL");
            need("user", &a.user, "the user");
            if a.topics.iter().all(|t| t.trim().is_empty()) {
                errors.push((
                    "topics".to_owned(),
                    "name at least one topic to write".to_owned(),
                ));
            }
        }
        Kind::MongoDb => need(
            "connection_string",
            &a.connection_string,
            "the connection string",
        ),
        _ => {
            need("host", &a.host, "the host");
            need("user", &a.user, "the user");
            need("database", &a.database, "the database");
        }
    }
    if !a.host.is_empty()
        && (a.host.len() > 253
            || !a
                .host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_:[]".contains(c)))
    {
        errors.push((
            "host".to_owned(),
            "a host name or IP address, without scheme or path".to_owned(),
        ));
    }
    if ![
        "",
        "disable",
        "prefer",
        "require",
        "verify-ca",
        "verify-full",
    ]
    .contains(&a.tls_mode.as_str())
    {
        errors.push((
            "tls_mode".to_owned(),
            "disable, prefer, require, verify-ca or verify-full".to_owned(),
        ));
    }
    if a.port == Some(0) {
        errors.push(("port".to_owned(), "a port from 1 to 65535".to_owned()));
    }
    if a.password.contains(crate::redact::REDACTED) {
        errors.push((
            "password".to_owned(),
            "type the password: a new connector has no stored one to keep".to_owned(),
        ));
    }
    errors
}

/// Every problem with the answers, each with the wizard field it belongs to.
pub fn validate(
    kind: Kind,
    a: &Answers,
    taken_server_ids: &[u64],
    tenant_topic_prefix: Option<&str>,
) -> Vec<(String, String)> {
    let mut errors = connection_errors(kind, a);
    if kind.is_source() && a.topic_prefix.trim().is_empty() {
        errors.push((
            "topic_prefix".to_owned(),
            "the topic prefix is required".to_owned(),
        ));
    }
    if kind.is_source() {
        if let Some(p) = tenant_topic_prefix
            && !a.topic_prefix.is_empty()
            && !a.topic_prefix.starts_with(p)
        {
            errors.push((
                "topic_prefix".to_owned(),
                format!("must start with your tenant's `{p}`"),
            ));
        }
        if a.topic_prefix
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
        {
            errors.push((
                "topic_prefix".to_owned(),
                "letters, digits, `.`, `_` and `-` only".to_owned(),
            ));
        }
        if !a.table_include.is_empty() && !a.table_exclude.is_empty() {
            errors.push((
                "table_exclude".to_owned(),
                "use an include list or an exclude list, not both".to_owned(),
            ));
        }
    }
    if kind.needs_server_id() {
        match a.server_id {
            None | Some(0) => errors.push((
                "server_id".to_owned(),
                "a positive server id is required".to_owned(),
            )),
            Some(id) if taken_server_ids.contains(&id) => errors.push((
                "server_id".to_owned(),
                format!("{id} is already used by another connector of this cluster"),
            )),
            Some(_) => {}
        }
    }
    if !["", "disabled", "filtered", "all_tables"].contains(&a.publication_autocreate.as_str()) {
        errors.push((
            "publication_autocreate".to_owned(),
            "disabled, filtered or all_tables".to_owned(),
        ));
    }
    if a.events.outbox && a.events.flatten {
        errors.push((
            "events.outbox".to_owned(),
            "the Outbox Event Router and flattening both rewrite the record: choose one".to_owned(),
        ));
    }
    let dlq = a.errors.dlq_topic.trim();
    if !dlq.is_empty() {
        if kind.is_source() {
            errors.push(("errors.dlq_topic".to_owned(), SOURCE_HAS_NO_DLQ.to_owned()));
        } else if !a.errors.tolerate_all {
            errors.push((
                "errors.dlq_topic".to_owned(),
                "records reach the dead letter queue only with errors.tolerance=all".to_owned(),
            ));
        } else if a.topics.iter().any(|t| t.trim() == dlq) {
            errors.push((
                "errors.dlq_topic".to_owned(),
                "the dead letter queue cannot be one of the topics the sink reads".to_owned(),
            ));
        }
    }
    if a.errors.dlq_replication_factor == Some(0) {
        errors.push((
            "errors.dlq_replication_factor".to_owned(),
            "at least 1".to_owned(),
        ));
    }
    if kind.has_schema_history() && a.kafka_bootstrap.trim().is_empty() {
        errors.push((
            "kafka_bootstrap".to_owned(),
            "the schema history needs Kafka's bootstrap servers".to_owned(),
        ));
    }
    errors
}
