//! Debezium 1.x settings that 2.x and 3.x removed rather than aliased (reference §2.6, §2.2):
//! each one found in a connector config with its replacement for the installed version, and
//! the config rewritten so that version reads it as intended.
//!
//! Not covered: JDBC pass-through `database.<jdbc-prop>` → `driver.<prop>`, because a key such
//! as `database.ssl.mode` cannot be told apart from Debezium's own `database.*` settings
//! without every connector's full property list.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::templates::{Kind, Version};
// The rename tables below name connectors often.
use Source::{
    Db2, Informix, MariaDb, MongoDb, MySql, Oracle, Postgres, Spanner, SqlServer, Vitess,
};

/// A 1.x key or value found in a connector config, as the UI shows it next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyKey {
    /// The API field it belongs to: `config.<key>`.
    pub field: String,
    /// The key as the config has it (for a missing setting, the key to add).
    pub key: String,
    /// The key `rewrite` writes instead; `None` when there is no direct equivalent. Equal to
    /// `key` when only the value changes (`snapshot.mode`, `plugin.name`).
    pub replacement: Option<String>,
    /// The value `rewrite` writes when it differs from the current one. Only ever a class
    /// name, an enum value or a MongoDB host list, never a secret.
    pub new_value: Option<String>,
    pub fix: Fix,
    pub severity: Severity,
    /// One sentence for the UI.
    pub message: String,
}

impl LegacyKey {
    /// Whether the rewrite changes the value too, not only the key.
    pub fn changes_value(&self) -> bool {
        self.new_value.is_some()
    }
}

/// What `rewrite` does about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fix {
    /// Writes `replacement` (with `new_value`, or else the current value) in place of `key`.
    Replace,
    /// `replacement` is set already: keeps it and drops `key`.
    Drop,
    /// Nothing: the user edits the config by hand.
    Manual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The installed Debezium ignores or rejects it.
    Error,
    /// Still accepted but deprecated, or a default that rarely works.
    Warning,
}

impl Severity {
    /// A removed key or value is an error; a deprecated one still works.
    fn of(removed: bool) -> Self {
        if removed {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

/// The findings for one config and the version they are for, as an API response: enough for
/// the UI to mark each field and offer "Rewrite for Debezium 3.4".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyReport {
    /// `3.4`, or `3.x` when the installed version is unknown.
    pub debezium: String,
    pub findings: Vec<LegacyKey>,
}

impl LegacyReport {
    pub fn new(config: &BTreeMap<String, String>, installed: Option<Version>) -> Self {
        Self {
            debezium: installed.map_or_else(|| "3.x".to_owned(), show),
            findings: legacy_keys(config, installed),
        }
    }

    /// Whether `rewrite` would change anything.
    pub fn can_rewrite(&self) -> bool {
        self.findings.iter().any(|f| f.fix != Fix::Manual)
    }

    /// The report when it found anything.
    pub fn found(self) -> Option<Self> {
        (!self.findings.is_empty()).then_some(self)
    }

    /// The findings the installed version ignores or rejects: a config carrying one does not
    /// do what it says.
    pub fn errors(&self) -> impl Iterator<Item = &LegacyKey> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The errors as the API refuses a create or an edit with them, each at its field.
    pub fn api_errors(&self) -> Vec<crate::ApiError> {
        self.errors()
            .map(|f| {
                crate::ApiError::new(crate::ErrorCode::InvalidInput, f.message.clone())
                    .with_field(f.field.clone())
            })
            .collect()
    }

    /// `config` rewritten for the version this report is for (the browser's "Rewrite" button).
    pub fn rewrite(&self, config: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        rewrite(config, Version::parse(&self.debezium))
    }
}

/// Every legacy key and value in a Debezium connector config, by key; empty for other classes.
/// `installed: None` means a current 3.x.
pub fn legacy_keys(
    config: &BTreeMap<String, String>,
    installed: Option<Version>,
) -> Vec<LegacyKey> {
    let Some(source) = config
        .get("connector.class")
        .and_then(|c| Source::from_class(c))
    else {
        return Vec::new();
    };
    let version = installed.unwrap_or(CURRENT);
    // Keys the rewritten config will hold: a second old key for the same new key is dropped.
    let mut taken: BTreeSet<String> = config.keys().cloned().collect();
    let mut findings = Vec::new();
    for (key, value) in config {
        findings.extend(key_finding(source, version, key, value, &mut taken));
        findings.extend(value_finding(source, version, key, value));
    }
    if source == Source::Postgres && !config.contains_key("plugin.name") {
        findings.push(LegacyKey {
            field: "config.plugin.name".to_owned(),
            key: "plugin.name".to_owned(),
            replacement: Some("plugin.name".to_owned()),
            new_value: Some("pgoutput".to_owned()),
            fix: Fix::Replace,
            severity: Severity::Warning,
            message: "`plugin.name` is not set, so Debezium uses `decoderbufs`, which stock \
                      PostgreSQL lacks (the task fails with `could not access file \"decoderbufs\"`); \
                      set `pgoutput`"
                .to_owned(),
        });
    }
    findings.sort_by(|a, b| a.key.cmp(&b.key));
    findings
}

/// The config with every fixable finding applied; keys without a direct equivalent stay.
pub fn rewrite(
    config: &BTreeMap<String, String>,
    installed: Option<Version>,
) -> BTreeMap<String, String> {
    let mut out = config.clone();
    for finding in legacy_keys(config, installed) {
        match finding.fix {
            Fix::Manual => {}
            Fix::Drop => {
                out.remove(&finding.key);
            }
            Fix::Replace => {
                let value = finding
                    .new_value
                    .or_else(|| config.get(&finding.key).cloned());
                if let (Some(new_key), Some(value)) = (finding.replacement, value) {
                    out.remove(&finding.key);
                    out.insert(new_key, value);
                }
            }
        }
    }
    out
}

/// Assumed when the installed version is unknown: any current 3.x has every removal below.
const CURRENT: Version = v(3, u32::MAX);

const fn v(major: u32, minor: u32) -> Version {
    Version { major, minor }
}

fn show(version: Version) -> String {
    format!("{}.{}", version.major, version.minor)
}

/// The Debezium source connectors; the JDBC sink postdates every rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Postgres,
    MySql,
    MariaDb,
    SqlServer,
    Oracle,
    MongoDb,
    Db2,
    Informix,
    Vitess,
    Spanner,
}

impl Source {
    fn from_class(class: &str) -> Option<Source> {
        let class = class.trim();
        match Kind::from_class(class) {
            Some(Kind::Postgres) => Some(Source::Postgres),
            Some(Kind::MySql) => Some(Source::MySql),
            Some(Kind::MariaDb) => Some(Source::MariaDb),
            Some(Kind::SqlServer) => Some(Source::SqlServer),
            Some(Kind::Oracle) => Some(Source::Oracle),
            Some(Kind::MongoDb) => Some(Source::MongoDb),
            Some(Kind::JdbcSink) => None,
            None => match class {
                "io.debezium.connector.db2.Db2Connector" => Some(Source::Db2),
                "io.debezium.connector.informix.InformixConnector" => Some(Source::Informix),
                "io.debezium.connector.vitess.VitessConnector" => Some(Source::Vitess),
                "io.debezium.connector.spanner.SpannerConnector" => Some(Source::Spanner),
                _ => None,
            },
        }
    }
}

#[rustfmt::skip]
const ALL: &[Source] = &[Postgres, MySql, MariaDb, SqlServer, Oracle, MongoDb, Db2, Informix, Vitess, Spanner];
/// MongoDB named its logical server `mongodb.name` in 1.x.
#[rustfmt::skip]
const NOT_MONGODB: &[Source] = &[Postgres, MySql, MariaDb, SqlServer, Oracle, Db2, Informix, Vitess, Spanner];
/// Connectors that keep a schema history (`database.history` in 1.x).
const HISTORIZED: &[Source] = &[MySql, MariaDb, SqlServer, Oracle, Db2, Informix];
const BINLOG: &[Source] = &[MySql, MariaDb];

/// How the value changes along with the key.
#[derive(Clone, Copy)]
enum Convert {
    Keep,
    HistoryClass,
    MongoHosts,
}

/// A renamed key. An `old` ending in `.` renames every key under that prefix.
struct KeyRename {
    old: &'static str,
    /// `None`: no direct equivalent.
    new: Option<&'static str>,
    /// First version with `new`; before it the old key is simply current.
    since: Version,
    /// First version that no longer reads `old`.
    removed: Version,
    only: &'static [Source],
    convert: Convert,
    /// Still declared but no longer read, rather than removed.
    ignored: bool,
    /// What to do instead when there is no direct equivalent.
    hint: &'static str,
}

const fn key(
    old: &'static str,
    new: Option<&'static str>,
    since: Version,
    removed: Version,
    only: &'static [Source],
) -> KeyRename {
    KeyRename {
        old,
        new,
        since,
        removed,
        only,
        convert: Convert::Keep,
        ignored: false,
        hint: "",
    }
}

impl KeyRename {
    const fn converting(self, convert: Convert) -> Self {
        KeyRename { convert, ..self }
    }

    const fn ignored(self) -> Self {
        KeyRename {
            ignored: true,
            ..self
        }
    }

    const fn hint(self, hint: &'static str) -> Self {
        KeyRename { hint, ..self }
    }

    /// The new key for `key` when this row covers it: `Some(None)` for no direct equivalent.
    fn replacement_for(&self, key: &str) -> Option<Option<String>> {
        if key == self.old {
            return Some(self.new.map(str::to_owned));
        }
        let rest = key
            .strip_prefix(self.old)
            .filter(|rest| self.old.ends_with('.') && !rest.is_empty())?;
        Some(self.new.map(|new| format!("{new}{rest}")))
    }
}

const V1_3: Version = v(1, 3);
const V2_0: Version = v(2, 0);

/// Reference §2.6, checked against `DBZ@v1.9.7.Final`, `v2.0.0.Final`, `v2.4.0.Final` and
/// `v2.7.0.Final`. The first matching row wins, so specific keys come before their prefix.
#[rustfmt::skip]
const KEY_RENAMES: &[KeyRename] = &[
    key("database.server.name", Some("topic.prefix"), V2_0, V2_0, NOT_MONGODB),
    key("database.history.store.only.monitored.tables.ddl", Some("schema.history.internal.store.only.captured.tables.ddl"), V2_0, V2_0, HISTORIZED),
    key("database.history", Some("schema.history.internal"), V2_0, V2_0, HISTORIZED).converting(Convert::HistoryClass),
    key("database.history.", Some("schema.history.internal."), V2_0, V2_0, HISTORIZED),
    key("database.whitelist", Some("database.include.list"), V1_3, V2_0, ALL),
    key("database.blacklist", Some("database.exclude.list"), V1_3, V2_0, ALL),
    key("schema.whitelist", Some("schema.include.list"), V1_3, V2_0, ALL),
    key("schema.blacklist", Some("schema.exclude.list"), V1_3, V2_0, ALL),
    key("table.whitelist", Some("table.include.list"), V1_3, V2_0, ALL),
    key("table.blacklist", Some("table.exclude.list"), V1_3, V2_0, ALL),
    key("column.whitelist", Some("column.include.list"), V1_3, V2_0, ALL),
    key("column.blacklist", Some("column.exclude.list"), V1_3, V2_0, ALL),
    key("collection.whitelist", Some("collection.include.list"), V1_3, V2_0, ALL),
    key("collection.blacklist", Some("collection.exclude.list"), V1_3, V2_0, ALL),
    key("field.blacklist", Some("field.exclude.list"), V1_3, V2_0, ALL),
    // Declared to this day, but 2.7's shared binlog code stopped falling back to it.
    key("event.deserialization.failure.handling.mode", Some("event.processing.failure.handling.mode"), v(1, 0), v(2, 7), BINLOG).ignored(),
    key("database.dbname", Some("database.names"), V2_0, V2_0, &[SqlServer]),
    key("mongodb.name", Some("topic.prefix"), V2_0, V2_0, &[MongoDb]),
    key("mongodb.hosts", Some("mongodb.connection.string"), V2_0, v(2, 4), &[MongoDb]).converting(Convert::MongoHosts),
    key("mongodb.members.auto.discover", None, v(2, 4), v(2, 4), &[MongoDb])
        .hint("the connection string decides discovery (add `directConnection=true` to it to use only the listed host)"),
];

/// A renamed value of a key that kept its name.
struct ValueRename {
    key: &'static str,
    old: &'static str,
    /// `None`: no direct equivalent; `hint` says what to do.
    new: Option<&'static str>,
    since: Version,
    removed: Version,
    only: &'static [Source],
    hint: &'static str,
}

const NEVER_HINT: &str = "use `configuration_based` with `snapshot.mode.configuration.based.snapshot.schema` \
                          and `.snapshot.data` false and `.start.stream` true";
const WAL2JSON_HINT: &str = "use `pgoutput` with a new `slot.name`, since a replication slot keeps \
                             the plugin it was created with";

/// Reference §2.2 (each connector's `SnapshotMode` enum at the tags), and PostgreSQL's
/// `LogicalDecoder` enum, which lost the wal2json decoders in 2.0.
#[rustfmt::skip]
const VALUE_RENAMES: &[ValueRename] = &[
    ValueRename { key: "snapshot.mode", old: "schema_only", new: Some("no_data"), since: v(2, 6), removed: v(3, 3), only: &[MySql, MariaDb, SqlServer, Oracle], hint: "" },
    ValueRename { key: "snapshot.mode", old: "schema_only_recovery", new: Some("recovery"), since: v(2, 6), removed: v(3, 3), only: &[MySql, MariaDb, Oracle], hint: "" },
    ValueRename { key: "snapshot.mode", old: "never", new: Some("no_data"), since: v(2, 6), removed: v(3, 3), only: &[Postgres, MongoDb], hint: "" },
    ValueRename { key: "snapshot.mode", old: "never", new: None, since: v(3, 6), removed: v(3, 6), only: BINLOG, hint: NEVER_HINT },
    ValueRename { key: "plugin.name", old: "wal2json", new: None, since: V2_0, removed: V2_0, only: &[Postgres], hint: WAL2JSON_HINT },
    ValueRename { key: "plugin.name", old: "wal2json_rds", new: None, since: V2_0, removed: V2_0, only: &[Postgres], hint: WAL2JSON_HINT },
    ValueRename { key: "plugin.name", old: "wal2json_streaming", new: None, since: V2_0, removed: V2_0, only: &[Postgres], hint: WAL2JSON_HINT },
    ValueRename { key: "plugin.name", old: "wal2json_rds_streaming", new: None, since: V2_0, removed: V2_0, only: &[Postgres], hint: WAL2JSON_HINT },
];

fn key_finding(
    source: Source,
    version: Version,
    key: &str,
    value: &str,
    taken: &mut BTreeSet<String>,
) -> Option<LegacyKey> {
    let (row, replacement) = KEY_RENAMES
        .iter()
        .filter(|row| row.only.contains(&source))
        .find_map(|row| Some((row, row.replacement_for(key)?)))?;
    if version < row.since {
        return None;
    }
    let removed = version >= row.removed;
    let verb = match (removed, row.ignored) {
        (false, _) => "is deprecated and removed in",
        (true, true) => "is ignored since",
        (true, false) => "was removed in",
    };
    let gone = format!("`{key}` {verb} Debezium {}", show(row.removed));
    let finding = |replacement, new_value, fix, message| LegacyKey {
        field: format!("config.{key}"),
        key: key.to_owned(),
        replacement,
        new_value,
        fix,
        severity: Severity::of(removed),
        message,
    };
    let Some(new_key) = replacement else {
        let message = format!("{gone} and has no direct equivalent; {}", row.hint);
        return Some(finding(None, None, Fix::Manual, message));
    };
    if !taken.insert(new_key.clone()) {
        let message = format!(
            "{gone} and `{new_key}` is also set; the rewrite keeps `{new_key}` and drops this key"
        );
        return Some(finding(Some(new_key), None, Fix::Drop, message));
    }
    Some(match convert(row.convert, value) {
        Ok(None) => {
            let message = format!("{gone}; use `{new_key}`");
            finding(Some(new_key), None, Fix::Replace, message)
        }
        Ok(Some(new_value)) => {
            let message = format!("{gone}; use `{new_key}` = `{new_value}`");
            finding(Some(new_key), Some(new_value), Fix::Replace, message)
        }
        Err(why) => {
            let message = format!("{gone}; use `{new_key}`, but write its value by hand: {why}");
            finding(Some(new_key), None, Fix::Manual, message)
        }
    })
}

fn value_finding(source: Source, version: Version, key: &str, value: &str) -> Option<LegacyKey> {
    let row = VALUE_RENAMES.iter().find(|row| {
        row.key == key && row.only.contains(&source) && value.trim().eq_ignore_ascii_case(row.old)
    })?;
    if version < row.since {
        return None;
    }
    let removed = version >= row.removed;
    let verb = if removed {
        "was removed in"
    } else {
        "is deprecated and removed in"
    };
    let gone = format!("`{key}={}` {verb} Debezium {}", row.old, show(row.removed));
    let (fix, message) = match row.new {
        Some(new) => (Fix::Replace, format!("{gone}; use `{new}`")),
        None => (
            Fix::Manual,
            format!("{gone} and has no direct equivalent; {}", row.hint),
        ),
    };
    Some(LegacyKey {
        field: format!("config.{key}"),
        key: key.to_owned(),
        replacement: Some(key.to_owned()),
        new_value: row.new.map(str::to_owned),
        fix,
        severity: Severity::of(removed),
        message,
    })
}

/// The value to write under the new key: `Ok(None)` keeps it, `Err` says why only a person can.
fn convert(how: Convert, value: &str) -> Result<Option<String>, &'static str> {
    match how {
        Convert::Keep => Ok(None),
        Convert::HistoryClass => history_class(value.trim()),
        Convert::MongoHosts => connection_string(value),
    }
}

/// 1.x `DatabaseHistory` classes and their 2.x `SchemaHistory` successors.
const HISTORY_CLASSES: &[(&str, &str)] = &[
    (
        "io.debezium.relational.history.KafkaDatabaseHistory",
        "io.debezium.storage.kafka.history.KafkaSchemaHistory",
    ),
    (
        "io.debezium.relational.history.FileDatabaseHistory",
        "io.debezium.storage.file.history.FileSchemaHistory",
    ),
    (
        "io.debezium.relational.history.MemoryDatabaseHistory",
        "io.debezium.relational.history.MemorySchemaHistory",
    ),
];

fn history_class(class: &str) -> Result<Option<String>, &'static str> {
    if let Some((_, new)) = HISTORY_CLASSES.iter().find(|(old, _)| *old == class) {
        return Ok(Some((*new).to_owned()));
    }
    if HISTORY_CLASSES.iter().any(|(_, new)| *new == class) {
        return Ok(None);
    }
    Err("a custom history class must implement Debezium 2's `SchemaHistory`")
}

/// A 1.x host list (`rs0/h1:27017,h2:27017`, or `h1:27017` without a replica set) as a URI.
fn connection_string(hosts: &str) -> Result<Option<String>, &'static str> {
    let hosts = hosts.trim();
    if hosts.starts_with("mongodb://") || hosts.starts_with("mongodb+srv://") {
        return Ok(None);
    }
    let sets: Vec<&str> = hosts
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let [set] = sets.as_slice() else {
        return Err(
            "it lists several replica sets or none, and a connection string names one cluster",
        );
    };
    if set.contains('=') {
        return Err("it names a shard; connect to the cluster's routers instead");
    }
    let (replica_set, list) = match set.split_once('/') {
        Some((name, list)) => (Some(name.trim()), list),
        None => (None, *set),
    };
    let members: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    let plain = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:[]".contains(c))
    };
    if members.is_empty() || !members.iter().all(|h| plain(h)) || !replica_set.is_none_or(plain) {
        return Err("it is not a list of host:port pairs");
    }
    let mut uri = format!("mongodb://{}/", members.join(","));
    if let Some(name) = replica_set.filter(|name| !name.is_empty()) {
        uri.push_str("?replicaSet=");
        uri.push_str(name);
    }
    Ok(Some(uri))
}

#[cfg(test)]
mod tests;
