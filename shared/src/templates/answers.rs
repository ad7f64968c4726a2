//! What the wizard collects: the connection answers, the events step and the error-handling step.

use serde::{Deserialize, Serialize};

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
    /// On by default at [`DEFAULT_HEARTBEAT_MS`]; `None` or 0 leaves heartbeats off.
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

/// The wizard's heartbeat interval unless changed: what its own hint recommends, so a quiet
/// database neither stalls the offsets nor makes a PostgreSQL slot hold WAL.
pub const DEFAULT_HEARTBEAT_MS: u64 = 10_000;

impl Default for Events {
    fn default() -> Self {
        Events {
            heartbeat_ms: Some(DEFAULT_HEARTBEAT_MS),
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
