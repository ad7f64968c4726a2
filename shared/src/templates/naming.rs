//! Names the wizard makes: connector names inside the tenant's prefix, slot names, server ids.

use super::kind::Kind;

/// A PostgreSQL slot name from the topic prefix: lower-case letters, digits and `_` only.
pub fn slot_name(topic_prefix: &str) -> String {
    let s: String = topic_prefix
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    s.chars().take(63).collect()
}

/// What the wizard says the prefix names: the topics (as each connector family names them)
/// and, for PostgreSQL, the replication slot. Names are backticked, to be shown as code.
pub fn topic_names(kind: Kind, topic_prefix: &str) -> String {
    let prefix = match topic_prefix.trim() {
        "" => "<prefix>",
        p => p,
    };
    let tables = match kind {
        Kind::MySql | Kind::MariaDb => "<database>.<table>",
        Kind::SqlServer => "<database>.<schema>.<table>",
        Kind::MongoDb => "<database>.<collection>",
        Kind::Postgres | Kind::Oracle | Kind::JdbcSink => "<schema>.<table>",
    };
    let topics = format!("Topics will be named `{prefix}.{tables}`");
    match kind {
        Kind::Postgres if topic_prefix.trim().is_empty() => {
            format!("{topics}; the replication slot is named after the prefix.")
        }
        // The generator names the slot from the prefix as typed: show that very name.
        Kind::Postgres => format!(
            "{topics}, and the replication slot `{}`.",
            slot_name(topic_prefix)
        ),
        _ => format!("{topics}."),
    }
}

/// Lower-case words joined by `-`: what connector names and topic prefixes are made of.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// `<tenant connector prefix><database>-<kind>-cdc` (seed 001's `generate_connector_name`, slugged
/// and kept inside the tenant's prefix), made unique against `existing` with a number.
pub fn connector_name(
    tenant_prefix: &str,
    database: &str,
    kind: Kind,
    existing: &[String],
) -> String {
    let kind_word = match kind {
        Kind::JdbcSink => "jdbc-sink".to_owned(),
        k => format!("{}-cdc", slug(k.label())),
    };
    let base = format!("{tenant_prefix}{}-{kind_word}", slug(database));
    let mut name = base.clone();
    let mut n = 2;
    while existing.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// A `database.server.id` not used by any of the cluster's binlog connectors (nor the given
/// taken ids). Starts at 184000, Debezium's documentation example range.
pub fn next_server_id(taken: &[u64]) -> u64 {
    let mut id = 184_000;
    while taken.contains(&id) {
        id += 1;
    }
    id
}
