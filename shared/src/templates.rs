//! Connector templates for the creation wizard: config generators for Debezium sources and the
//! Debezium JDBC sink that know which properties and snapshot modes the installed Debezium
//! version has (reference §2), connector names made from tenant and database, and one validator
//! that reports every problem at once with its field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What the wizard can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Postgres,
    MySql,
    MariaDb,
    SqlServer,
    Oracle,
    MongoDb,
    JdbcSink,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Postgres,
        Kind::MySql,
        Kind::MariaDb,
        Kind::SqlServer,
        Kind::Oracle,
        Kind::MongoDb,
        Kind::JdbcSink,
    ];

    pub fn connector_class(self) -> &'static str {
        match self {
            Kind::Postgres => "io.debezium.connector.postgresql.PostgresConnector",
            Kind::MySql => "io.debezium.connector.mysql.MySqlConnector",
            Kind::MariaDb => "io.debezium.connector.mariadb.MariaDbConnector",
            Kind::SqlServer => "io.debezium.connector.sqlserver.SqlServerConnector",
            Kind::Oracle => "io.debezium.connector.oracle.OracleConnector",
            Kind::MongoDb => "io.debezium.connector.mongodb.MongoDbConnector",
            Kind::JdbcSink => "io.debezium.connector.jdbc.JdbcSinkConnector",
        }
    }

    pub fn from_class(class: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.connector_class() == class)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Postgres => "PostgreSQL",
            Kind::MySql => "MySQL",
            Kind::MariaDb => "MariaDB",
            Kind::SqlServer => "SQL Server",
            Kind::Oracle => "Oracle",
            Kind::MongoDb => "MongoDB",
            Kind::JdbcSink => "JDBC sink",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Kind::Postgres => 5432,
            Kind::MySql | Kind::MariaDb => 3306,
            Kind::SqlServer => 1433,
            Kind::Oracle => 1521,
            Kind::MongoDb => 27017,
            Kind::JdbcSink => 5432,
        }
    }

    /// Binlog connectors need a `database.server.id` unique across the database's replicas
    /// and clients, so across the cluster's connectors too.
    pub fn needs_server_id(self) -> bool {
        matches!(self, Kind::MySql | Kind::MariaDb)
    }

    /// Connectors that keep the schema history in a Kafka topic of their own.
    pub fn has_schema_history(self) -> bool {
        matches!(
            self,
            Kind::MySql | Kind::MariaDb | Kind::SqlServer | Kind::Oracle
        )
    }

    pub fn is_source(self) -> bool {
        self != Kind::JdbcSink
    }
}

/// A Debezium version as the plugin list reports it (`3.4.0.Final`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let mut parts = s.split(['.', '-']);
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(Version { major, minor })
    }

    pub fn at_least(self, major: u32, minor: u32) -> bool {
        self >= Version { major, minor }
    }
}

/// A snapshot mode with a one-line explanation (seed 001's table, corrected by reference §2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMode {
    pub name: &'static str,
    pub explanation: &'static str,
}

const fn mode(name: &'static str, explanation: &'static str) -> SnapshotMode {
    SnapshotMode { name, explanation }
}

/// The snapshot modes the installed connector accepts, default first.
pub fn snapshot_modes(kind: Kind, version: Version) -> Vec<SnapshotMode> {
    let initial = mode(
        "initial",
        "Snapshot existing rows when there are no offsets yet, then stream changes (default).",
    );
    let initial_only = mode(
        "initial_only",
        "Snapshot existing rows, then stop: no streaming.",
    );
    let no_data = mode(
        "no_data",
        "Capture table structure only and stream changes from now on; existing rows are not read.",
    );
    let when_needed = mode(
        "when_needed",
        "Snapshot when offsets are missing or no longer usable (purged binlog, missing slot), else stream.",
    );
    let always = mode("always", "Snapshot on every start, then stream.");
    let recovery = mode(
        "recovery",
        "Rebuild a lost schema-history topic; only safe if no schema changed since the last offset.",
    );
    let configuration_based = mode(
        "configuration_based",
        "Decide with the snapshot.mode.configuration.based.* properties.",
    );
    let schema_only = mode("schema_only", "Old name of no_data (removed in 3.3).");
    let schema_only_recovery = mode(
        "schema_only_recovery",
        "Old name of recovery (removed in 3.3).",
    );
    let never = mode(
        "never",
        "Never snapshot; stream from the stored offset only (removed in newer versions).",
    );
    if kind == Kind::JdbcSink {
        return Vec::new();
    }
    // What every source has, then what only some have, then names gone in newer versions.
    let mut modes = vec![initial, initial_only, no_data, when_needed, always];
    if kind.has_schema_history() {
        modes.push(recovery);
    }
    modes.push(configuration_based);
    let before = |major, minor| !version.at_least(major, minor);
    let binlog = kind.needs_server_id();
    if before(3, 3) && (binlog || matches!(kind, Kind::Oracle | Kind::SqlServer)) {
        modes.push(schema_only);
    }
    if before(3, 3) && (binlog || kind == Kind::Oracle) {
        modes.push(schema_only_recovery);
    }
    let never_until = if binlog { (3, 6) } else { (3, 3) };
    if before(never_until.0, never_until.1)
        && (binlog || matches!(kind, Kind::Postgres | Kind::MongoDb))
    {
        modes.push(never);
    }
    if kind == Kind::SqlServer && version.at_least(3, 6) {
        modes.push(mode(
            "when_needed_no_data",
            "Like when_needed, but without reading existing rows.",
        ));
    }
    modes
}

/// What the wizard collected for a source or the JDBC sink. Empty strings mean "not given".
/// `Debug` leaves the password out.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub host: String,
    pub port: Option<u16>,
    pub database: String,
    pub user: String,
    /// Plain value or a `${provider:…}` reference.
    pub password: String,
    /// TLS to the database: `disable`, `prefer`, `require`, `verify-ca` or `verify-full`
    /// (written as each connector spells it); empty keeps the connector's default.
    pub tls_mode: String,
    /// `topic.prefix` for sources; ignored for the sink.
    pub topic_prefix: String,
    pub table_include: Vec<String>,
    pub table_exclude: Vec<String>,
    pub column_exclude: Vec<String>,
    pub snapshot_mode: String,
    /// PostgreSQL publication; empty means Debezium's `dbz_publication`.
    pub publication_name: String,
    /// `publication.autocreate.mode`: `disabled` (use an existing one as is), `filtered`
    /// (create or update it for the captured tables) or `all_tables`; empty means `filtered`.
    pub publication_autocreate: String,
    /// MySQL/MariaDB.
    pub server_id: Option<u64>,
    /// Oracle pluggable database.
    pub pdb: String,
    /// MongoDB connection string (replaces host/port/user/password).
    pub connection_string: String,
    /// Where the schema history goes (historized connectors).
    pub kafka_bootstrap: String,
    /// JDBC sink: topics to write, and the JDBC URL.
    pub topics: Vec<String>,
    pub jdbc_url: String,
    #[serde(default)]
    pub events: Events,
    #[serde(default)]
    pub errors: ErrorHandling,
}

/// Debezium's default publication name.
pub const DEFAULT_PUBLICATION: &str = "dbz_publication";

impl Answers {
    pub fn publication(&self) -> &str {
        match self.publication_name.trim() {
            "" => DEFAULT_PUBLICATION,
            p => p,
        }
    }

    pub fn publication_mode(&self) -> &str {
        match self.publication_autocreate.as_str() {
            "" => "filtered",
            m => m,
        }
    }
}

/// The wizard's events step (reference §2.3 and §2.5). Empty strings keep the connector's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Events {
    /// `heartbeat.interval.ms`; PostgreSQL needs it on quiet databases or the slot retains WAL.
    pub heartbeat_ms: Option<u64>,
    /// `provide.transaction.metadata`.
    pub transaction_metadata: bool,
    /// `tombstones.on.delete` (Debezium's default: on).
    pub tombstones: bool,
    /// `decimal.handling.mode`: `precise`, `double` or `string`.
    pub decimal_handling: String,
    /// `time.precision.mode`.
    pub time_precision: String,
    /// `binary.handling.mode`: `bytes`, `base64`, `base64-url-safe` or `hex`.
    pub binary_handling: String,
    /// Flatten to the row with ExtractNewRecordState (ExtractNewDocumentState for MongoDB).
    pub flatten: bool,
    /// What the flattening does with deletes (`delete.tombstone.handling.mode`, Debezium 2.5+).
    pub flatten_deletes: String,
    /// Route an outbox table's rows with the Outbox Event Router.
    pub outbox: bool,
    /// `route.topic.replacement`; empty keeps `outbox.event.${routedByValue}`.
    pub outbox_topic: String,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            heartbeat_ms: None,
            transaction_metadata: false,
            tombstones: true,
            decimal_handling: String::new(),
            time_precision: String::new(),
            binary_handling: String::new(),
            flatten: false,
            flatten_deletes: String::new(),
            outbox: false,
            outbox_topic: String::new(),
        }
    }
}

/// The wizard's error-handling step (reference §3). The DLQ fields apply to sinks only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorHandling {
    /// `errors.tolerance=all`: skip records that fail conversion or a transform.
    pub tolerate_all: bool,
    /// `errors.log.enable`.
    pub log: bool,
    /// `errors.log.include.messages`: also log keys, values and headers (may hold personal data).
    pub log_messages: bool,
    pub dlq_topic: String,
    /// `errors.deadletterqueue.topic.replication.factor` (Connect's default 3 fails on small clusters).
    pub dlq_replication_factor: Option<u16>,
    pub dlq_context_headers: bool,
}

/// What the wizard tells anyone choosing error handling for a source (reference §3, verified).
pub const SOURCE_HAS_NO_DLQ: &str = "Kafka Connect has no dead letter queue for source connectors: \
    with errors.tolerance=all, a change event that fails conversion or a transform is dropped \
    silently (logged only when error logging is on).";

impl std::fmt::Debug for Answers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answers")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("topic_prefix", &self.topic_prefix)
            .field("table_include", &self.table_include)
            .finish_non_exhaustive()
    }
}

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

/// A PostgreSQL slot name from the topic prefix: lower-case letters, digits and `_` only.
pub fn slot_name(topic_prefix: &str) -> String {
    let s: String = topic_prefix
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    s.chars().take(63).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    fn answers() -> Answers {
        Answers {
            host: "127.0.0.1".into(),
            database: "inventory".into(),
            user: "dbz".into(),
            password: "${file:/secrets/db.properties:password}".into(),
            topic_prefix: "acme.inventory".into(),
            table_include: vec!["public.customers".into()],
            snapshot_mode: "initial".into(),
            server_id: Some(184_000),
            kafka_bootstrap: "127.0.0.1:9092".into(),
            connection_string: "mongodb://127.0.0.1/?replicaSet=rs0".into(),
            jdbc_url: "jdbc:postgresql://127.0.0.1:5432/warehouse".into(),
            topics: vec!["acme.inventory.public.customers".into()],
            ..Answers::default()
        }
    }

    /// Reference §2.1: the properties each connector needs.
    fn required(kind: Kind) -> &'static [&'static str] {
        match kind {
            Kind::Postgres => &[
                "database.hostname",
                "database.port",
                "database.user",
                "database.password",
                "database.dbname",
                "topic.prefix",
                "plugin.name",
                "slot.name",
            ],
            Kind::MySql | Kind::MariaDb => &[
                "database.hostname",
                "database.port",
                "database.user",
                "database.password",
                "topic.prefix",
                "database.server.id",
                "schema.history.internal.kafka.topic",
                "schema.history.internal.kafka.bootstrap.servers",
            ],
            Kind::SqlServer => &[
                "database.hostname",
                "database.port",
                "database.user",
                "database.password",
                "database.names",
                "topic.prefix",
                "schema.history.internal.kafka.topic",
                "schema.history.internal.kafka.bootstrap.servers",
            ],
            Kind::Oracle => &[
                "database.hostname",
                "database.port",
                "database.user",
                "database.password",
                "database.dbname",
                "topic.prefix",
                "schema.history.internal.kafka.topic",
                "schema.history.internal.kafka.bootstrap.servers",
            ],
            Kind::MongoDb => &["mongodb.connection.string", "topic.prefix"],
            Kind::JdbcSink => &["connection.url", "connection.username", "topics"],
        }
    }

    #[test]
    fn every_template_has_the_references_required_properties() {
        for kind in Kind::ALL {
            let c = generate(kind, Some(v("3.4.0.Final")), "acme-x", &answers());
            assert_eq!(c["connector.class"], kind.connector_class());
            assert_eq!(c["tasks.max"], "1");
            for key in required(kind) {
                assert!(c.contains_key(*key), "{kind:?} lacks {key}");
            }
            // Names removed in Debezium 2.0 never appear.
            for old in [
                "database.server.name",
                "database.history.kafka.topic",
                "table.whitelist",
                "mongodb.hosts",
            ] {
                assert!(!c.contains_key(old), "{kind:?} uses removed {old}");
            }
            assert!(
                validate(kind, &answers(), &[], Some("acme.")).is_empty(),
                "{kind:?}"
            );
        }
        let pg = generate(Kind::Postgres, None, "n", &answers());
        assert_eq!(pg["plugin.name"], "pgoutput");
        assert_eq!(pg["publication.name"], "dbz_publication");
        assert_eq!(pg["publication.autocreate.mode"], "filtered");
        let existing = Answers {
            publication_name: "cdc_pub".into(),
            publication_autocreate: "disabled".into(),
            ..answers()
        };
        let pg = generate(Kind::Postgres, None, "n", &existing);
        assert_eq!(pg["publication.name"], "cdc_pub");
        assert_eq!(pg["publication.autocreate.mode"], "disabled");
        assert_eq!(pg["slot.name"], "acme_inventory");
        assert!(!generate(Kind::SqlServer, None, "n", &answers()).contains_key("database.dbname"));
    }

    #[test]
    fn snapshot_modes_follow_the_installed_version() {
        let names = |k, ver| {
            snapshot_modes(k, v(ver))
                .into_iter()
                .map(|m| m.name)
                .collect::<Vec<_>>()
        };
        let pg34 = names(Kind::Postgres, "3.4.0.Final");
        assert_eq!(pg34[0], "initial");
        assert!(pg34.contains(&"no_data") && !pg34.contains(&"never"));
        assert!(names(Kind::Postgres, "2.7.3.Final").contains(&"never"));
        let my27 = names(Kind::MySql, "2.7.0.Final");
        assert!(my27.contains(&"schema_only") && my27.contains(&"never"));
        let my36 = names(Kind::MariaDb, "3.6.0.Final");
        assert!(!my36.contains(&"schema_only") && !my36.contains(&"never"));
        assert!(names(Kind::SqlServer, "3.6.1.Final").contains(&"when_needed_no_data"));
        assert!(!names(Kind::SqlServer, "3.4.0.Final").contains(&"when_needed_no_data"));
        assert!(names(Kind::JdbcSink, "3.4.0.Final").is_empty());
    }

    #[test]
    fn names_are_slugged_inside_the_tenant_prefix_and_unique() {
        let taken = vec!["acme-sales-db-postgresql-cdc".to_owned()];
        assert_eq!(
            connector_name("acme-", "Sales DB", Kind::Postgres, &taken),
            "acme-sales-db-postgresql-cdc-2"
        );
        assert_eq!(
            connector_name("", "inventory", Kind::JdbcSink, &[]),
            "inventory-jdbc-sink"
        );
        assert_eq!(slug("  Acme__Corp / Prod "), "acme-corp-prod");
    }

    #[test]
    fn server_ids_avoid_the_clusters_binlog_connectors() {
        assert_eq!(next_server_id(&[]), 184_000);
        assert_eq!(next_server_id(&[184_000, 184_001]), 184_002);
        let errors = validate(Kind::MySql, &answers(), &[184_000], None);
        assert_eq!(errors[0].0, "server_id");
    }

    #[test]
    fn the_validator_reports_every_problem_with_its_field() {
        let a = Answers {
            topic_prefix: "globex orders".into(),
            table_include: vec!["a".into()],
            table_exclude: vec!["b".into()],
            ..Answers::default()
        };
        let fields: Vec<String> = validate(Kind::MariaDb, &a, &[], Some("acme."))
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for f in [
            "host",
            "user",
            "database",
            "topic_prefix",
            "table_exclude",
            "server_id",
            "kafka_bootstrap",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
        }
        assert_eq!(fields.iter().filter(|f| *f == "topic_prefix").count(), 2);
    }
    #[test]
    fn events_step_sets_only_what_differs_and_knows_the_flattening_names_per_version() {
        let mut a = answers();
        let plain = generate(Kind::Postgres, Some(v("3.4.0.Final")), "n", &a);
        assert!(!plain.contains_key("transforms"));
        assert!(!plain.contains_key("tombstones.on.delete"));
        a.events = Events {
            heartbeat_ms: Some(10_000),
            transaction_metadata: true,
            tombstones: false,
            decimal_handling: "string".into(),
            time_precision: "connect".into(),
            binary_handling: "hex".into(),
            flatten: true,
            flatten_deletes: "rewrite".into(),
            ..Events::default()
        };
        let c = generate(Kind::Postgres, Some(v("3.4.0.Final")), "n", &a);
        assert_eq!(c["heartbeat.interval.ms"], "10000");
        assert_eq!(c["provide.transaction.metadata"], "true");
        assert_eq!(c["tombstones.on.delete"], "false");
        assert_eq!(c["decimal.handling.mode"], "string");
        assert_eq!(c["time.precision.mode"], "connect");
        assert_eq!(c["binary.handling.mode"], "hex");
        assert_eq!(c["transforms"], "unwrap");
        assert_eq!(
            c["transforms.unwrap.type"],
            "io.debezium.transforms.ExtractNewRecordState"
        );
        assert_eq!(
            c["transforms.unwrap.delete.tombstone.handling.mode"],
            "rewrite"
        );
        // Removed in 3.2, the only names before 2.5.
        assert!(!c.contains_key("transforms.unwrap.delete.handling.mode"));
        let old = generate(Kind::Postgres, Some(v("2.4.2.Final")), "n", &a);
        assert_eq!(old["transforms.unwrap.delete.handling.mode"], "rewrite");
        assert_eq!(old["transforms.unwrap.drop.tombstones"], "true");
        assert!(!old.contains_key("transforms.unwrap.delete.tombstone.handling.mode"));
        let mongo = generate(Kind::MongoDb, Some(v("3.4.0.Final")), "n", &a);
        assert_eq!(
            mongo["transforms.unwrap.type"],
            "io.debezium.connector.mongodb.transforms.ExtractNewDocumentState"
        );

        a.events = Events {
            outbox: true,
            outbox_topic: "acme.outbox.${routedByValue}".into(),
            ..Events::default()
        };
        let c = generate(Kind::Postgres, None, "n", &a);
        assert_eq!(c["transforms"], "outbox");
        assert_eq!(
            c["transforms.outbox.type"],
            "io.debezium.transforms.outbox.EventRouter"
        );
        assert_eq!(
            c["transforms.outbox.route.topic.replacement"],
            "acme.outbox.${routedByValue}"
        );
        a.events.flatten = true;
        assert!(
            validate(Kind::Postgres, &a, &[], None)
                .iter()
                .any(|(f, _)| f == "events.outbox")
        );
    }

    #[test]
    fn error_handling_has_a_dlq_only_for_sinks() {
        let mut a = answers();
        a.errors = ErrorHandling {
            tolerate_all: true,
            log: true,
            log_messages: true,
            dlq_topic: "acme.dlq".into(),
            dlq_replication_factor: Some(1),
            dlq_context_headers: true,
        };
        let sink = generate(Kind::JdbcSink, None, "n", &a);
        assert_eq!(sink["errors.tolerance"], "all");
        assert_eq!(sink["errors.log.enable"], "true");
        assert_eq!(sink["errors.log.include.messages"], "true");
        assert_eq!(sink["errors.deadletterqueue.topic.name"], "acme.dlq");
        assert_eq!(sink["errors.deadletterqueue.topic.replication.factor"], "1");
        assert_eq!(
            sink["errors.deadletterqueue.context.headers.enable"],
            "true"
        );
        assert!(validate(Kind::JdbcSink, &a, &[], None).is_empty());

        // A source never gets DLQ keys, and asking for one says why.
        let source = generate(Kind::Postgres, None, "n", &a);
        assert_eq!(source["errors.tolerance"], "all");
        assert!(
            !source
                .keys()
                .any(|k| k.starts_with("errors.deadletterqueue"))
        );
        let errs = validate(Kind::Postgres, &a, &[], None);
        assert!(
            errs.iter()
                .any(|(f, m)| f == "errors.dlq_topic" && m == SOURCE_HAS_NO_DLQ),
            "{errs:?}"
        );

        a.errors.tolerate_all = false;
        assert!(
            validate(Kind::JdbcSink, &a, &[], None)
                .iter()
                .any(|(f, m)| f == "errors.dlq_topic" && m.contains("errors.tolerance=all"))
        );
        a.errors.tolerate_all = true;
        a.errors.dlq_topic = a.topics[0].clone();
        assert!(
            validate(Kind::JdbcSink, &a, &[], None)
                .iter()
                .any(|(f, _)| f == "errors.dlq_topic")
        );
    }

    #[test]
    fn connection_answers_are_checked_before_anything_connects() {
        let mut a = answers();
        assert!(connection_errors(Kind::Postgres, &a).is_empty());
        a.host = "http://db/x".into();
        a.port = Some(0);
        a.password = crate::redact::REDACTED.into();
        a.user = " ".into();
        let fields: Vec<String> = connection_errors(Kind::Postgres, &a)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["user", "host", "port", "password"]);
    }

    #[test]
    fn tls_modes_are_written_the_way_each_connector_spells_them() {
        let mut a = answers();
        a.tls_mode = "verify-full".into();
        let mode = |k| generate(k, None, "n", &a);
        assert_eq!(mode(Kind::Postgres)["database.sslmode"], "verify-full");
        assert_eq!(mode(Kind::MySql)["database.ssl.mode"], "verify_identity");
        assert_eq!(mode(Kind::SqlServer)["database.encrypt"], "true");
        a.tls_mode = "require".into();
        assert_eq!(
            generate(Kind::MariaDb, None, "n", &a)["database.ssl.mode"],
            "required"
        );
        a.tls_mode.clear();
        assert!(!generate(Kind::Postgres, None, "n", &a).contains_key("database.sslmode"));
    }

    #[test]
    fn pasted_json_is_connects_body_or_a_bare_config() {
        let (name, c) = parse_config_json(
            r#"{"name": "acme-pg", "config": {"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "tasks.max": 1, "include.schema.changes": false}}"#,
        )
        .unwrap();
        assert_eq!(name.as_deref(), Some("acme-pg"));
        assert_eq!(c["tasks.max"], "1");
        assert_eq!(c["include.schema.changes"], "false");
        let (name, _) = parse_config_json(r#"{"connector.class": "x.Y", "name": "bare"}"#).unwrap();
        assert_eq!(name.as_deref(), Some("bare"));
        assert!(
            parse_config_json(r#"{"tasks.max": "1"}"#)
                .unwrap_err()
                .contains("connector.class")
        );
        assert!(parse_config_json(r#"{"connector.class": "x", "a": [1]}"#).is_err());
        assert!(parse_config_json("{").unwrap_err().starts_with("not JSON"));
    }
}
