//! Turning the answers into a connector config: per-connector names, TLS spellings, the events
//! step and the error-handling step, each with the property names of the installed version.

use std::collections::BTreeMap;

use super::answers::{Answers, ErrorHandling, Events};
use super::kind::{Kind, Version};
use super::naming::slot_name;

/// The config for `kind` from the answers. Version-specific names: `plugin.name=pgoutput` (the
/// default `decoderbufs` is rarely installed), `database.names` for SQL Server,
/// `schema.history.internal.*` for historized connectors.
pub fn generate(
    kind: Kind,
    version: Option<Version>,
    name: &str,
    a: &Answers,
) -> BTreeMap<String, String> {
    let mut c = BTreeMap::new();
    let mut set = |k: &str, v: String| {
        if !v.is_empty() {
            c.insert(k.to_owned(), v);
        }
    };
    set("name", name.to_owned());
    set("connector.class", kind.connector_class().to_owned());
    set("tasks.max", "1".to_owned());
    let port = a.port.unwrap_or(kind.default_port()).to_string();
    if kind == Kind::JdbcSink {
        set("connection.url", a.jdbc_url.clone());
        set("connection.username", a.user.clone());
        set("connection.password", a.password.clone());
        set("topics", a.topics.join(","));
        set("insert.mode", "upsert".to_owned());
        set("primary.key.mode", "record_key".to_owned());
        set("delete.enabled", "true".to_owned());
        set("schema.evolution", "basic".to_owned());
        errors(&mut c, kind, &a.errors);
        return c;
    }
    set("topic.prefix", a.topic_prefix.clone());
    if kind == Kind::MongoDb {
        set("mongodb.connection.string", a.connection_string.clone());
        set("collection.include.list", a.table_include.join(","));
        set("collection.exclude.list", a.table_exclude.join(","));
    } else {
        set("database.hostname", a.host.clone());
        set("database.port", port);
        set("database.user", a.user.clone());
        set("database.password", a.password.clone());
        set("table.include.list", a.table_include.join(","));
        set("table.exclude.list", a.table_exclude.join(","));
        set("column.exclude.list", a.column_exclude.join(","));
    }
    set("snapshot.mode", a.snapshot_mode.clone());
    match kind {
        Kind::Postgres => {
            set("database.dbname", a.database.clone());
            set("plugin.name", "pgoutput".to_owned());
            let slot = slot_name(&a.topic_prefix);
            set("slot.name", slot);
            set("publication.name", a.publication().to_owned());
            set(
                "publication.autocreate.mode",
                a.publication_mode().to_owned(),
            );
        }
        Kind::MySql | Kind::MariaDb => {
            set("database.include.list", a.database.clone());
            set(
                "database.server.id",
                a.server_id.map(|i| i.to_string()).unwrap_or_default(),
            );
        }
        Kind::SqlServer => set("database.names", a.database.clone()),
        Kind::Oracle => {
            set("database.dbname", a.database.clone());
            set("database.pdb.name", a.pdb.clone());
        }
        Kind::MongoDb | Kind::JdbcSink => {}
    }
    if kind.has_schema_history() {
        set(
            "schema.history.internal.kafka.bootstrap.servers",
            a.kafka_bootstrap.clone(),
        );
        set(
            "schema.history.internal.kafka.topic",
            format!("{}.schema-history", a.topic_prefix),
        );
    }
    tls(&mut c, kind, &a.tls_mode);
    events(&mut c, kind, version, &a.events);
    errors(&mut c, kind, &a.errors);
    c
}

/// Each connector family spells TLS modes its own way.
fn tls(c: &mut BTreeMap<String, String>, kind: Kind, mode: &str) {
    let (key, value) = match (kind, mode) {
        (_, "") => return,
        (Kind::Postgres, m) => ("database.sslmode", m.to_owned()),
        (Kind::MySql | Kind::MariaDb, m) => (
            "database.ssl.mode",
            match m {
                "disable" => "disabled",
                "prefer" => "preferred",
                "require" => "required",
                "verify-ca" => "verify_ca",
                _ => "verify_identity",
            }
            .to_owned(),
        ),
        (Kind::SqlServer, m) => ("database.encrypt", (m != "disable").to_string()),
        _ => return,
    };
    c.insert(key.to_owned(), value);
}

fn events(c: &mut BTreeMap<String, String>, kind: Kind, version: Option<Version>, e: &Events) {
    let mut set = |k: &str, v: &str| {
        if !v.is_empty() {
            c.insert(k.to_owned(), v.to_owned());
        }
    };
    if let Some(ms) = e.heartbeat_ms.filter(|ms| *ms > 0) {
        set("heartbeat.interval.ms", &ms.to_string());
    }
    if e.transaction_metadata {
        set("provide.transaction.metadata", "true");
    }
    if !e.tombstones {
        set("tombstones.on.delete", "false");
    }
    if kind != Kind::MongoDb {
        set("decimal.handling.mode", &e.decimal_handling);
        set("time.precision.mode", &e.time_precision);
    }
    set("binary.handling.mode", &e.binary_handling);
    let mut transforms = Vec::new();
    if e.outbox {
        transforms.push("outbox");
        set(
            "transforms.outbox.type",
            "io.debezium.transforms.outbox.EventRouter",
        );
        set("transforms.outbox.route.topic.replacement", &e.outbox_topic);
    }
    if e.flatten {
        transforms.push("unwrap");
        set(
            "transforms.unwrap.type",
            if kind == Kind::MongoDb {
                "io.debezium.connector.mongodb.transforms.ExtractNewDocumentState"
            } else {
                "io.debezium.transforms.ExtractNewRecordState"
            },
        );
        // The old pair was removed in 3.2; versions before 2.5 know only the old pair.
        match (e.flatten_deletes.as_str(), version) {
            ("", _) => {}
            (mode, Some(v)) if !v.at_least(2, 5) => {
                let (drop, handling) = match mode {
                    "drop" => ("true", "drop"),
                    "rewrite" => ("true", "rewrite"),
                    "rewrite-with-tombstone" => ("false", "rewrite"),
                    _ => ("false", "none"),
                };
                set("transforms.unwrap.drop.tombstones", drop);
                set("transforms.unwrap.delete.handling.mode", handling);
            }
            (mode, _) => set("transforms.unwrap.delete.tombstone.handling.mode", mode),
        }
    }
    set("transforms", &transforms.join(","));
}

fn errors(c: &mut BTreeMap<String, String>, kind: Kind, e: &ErrorHandling) {
    if e.tolerate_all {
        c.insert("errors.tolerance".into(), "all".into());
    }
    if e.log {
        c.insert("errors.log.enable".into(), "true".into());
        if e.log_messages {
            c.insert("errors.log.include.messages".into(), "true".into());
        }
    }
    if !kind.is_source() && !e.dlq_topic.trim().is_empty() {
        c.insert(
            "errors.deadletterqueue.topic.name".into(),
            e.dlq_topic.trim().to_owned(),
        );
        if let Some(rf) = e.dlq_replication_factor {
            c.insert(
                "errors.deadletterqueue.topic.replication.factor".into(),
                rf.to_string(),
            );
        }
        if e.dlq_context_headers {
            c.insert(
                "errors.deadletterqueue.context.headers.enable".into(),
                "true".into(),
            );
        }
    }
}
