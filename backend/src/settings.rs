//! Sluice's configuration: one typed struct, layered once at start-up.
//!
//! Order (later wins): built-in defaults → `sluice.toml` (or `--config`/`SLUICE_CONFIG`) →
//! `SLUICE_…` environment variables (`__` separates levels: `SLUICE_CONNECT__READ_TIMEOUT=5s`).
//! Secrets are never written inline in production: each has `*_env` and `*_file` forms.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;
use sluice_shared::ClusterId;
use url::Url;

/// Everything the server needs to start.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address the HTTP server binds to.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// Directory holding the built UI (`trunk build` output).
    #[serde(default = "default_dist_dir")]
    pub dist_dir: PathBuf,
    /// `text` (default) or `json` log lines on stderr.
    #[serde(default)]
    pub log_format: LogFormat,
    /// Console database: `sqlite://FILE` (created if missing) or `postgres://…` for several replicas.
    #[serde(default = "default_database_url")]
    pub database_url: String,
    /// Password for the first admin, used only when the database has no users yet
    /// (`SLUICE_ADMIN_PASSWORD`); without it a one-time password is printed.
    #[serde(default)]
    pub admin_password: Option<SecretString>,
    /// Browser sessions.
    #[serde(default)]
    pub session: SessionSettings,
    /// Login attempts allowed per minute, per account and per client address.
    #[serde(default)]
    pub login_limits: LoginLimitSettings,
    /// API keys: rate limits and how often usage statistics are written.
    #[serde(default)]
    pub api_keys: ApiKeySettings,
    /// The fleet view's shared refresh of every cluster's connector list.
    #[serde(default)]
    pub fleet: FleetSettings,
    /// The health scheduler: state history, auto-restart, and the lease among replicas.
    #[serde(default)]
    pub health: HealthSettings,
    /// Alert rules and the webhooks that hear about alerts and audit entries.
    #[serde(default)]
    pub alerts: AlertSettings,
    /// Shortcut for a single cluster called `default` when `clusters` is empty.
    #[serde(default)]
    pub connect_url: Option<Url>,
    /// Timeouts, retries and circuit breaking toward every Connect cluster.
    #[serde(default)]
    pub connect: ConnectSettings,
    /// The Kafka Connect clusters this console manages.
    #[serde(default)]
    pub clusters: Vec<ClusterSettings>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Session lifetime and cookie policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    #[serde(with = "humantime_serde")]
    pub idle_timeout: Duration,
    /// A session ends this long after login, however active.
    #[serde(with = "humantime_serde")]
    pub absolute_timeout: Duration,
    /// `Secure` cookie flag: `auto` (when `X-Forwarded-Proto: https`), `always` or `never`.
    pub secure_cookie: CookieSecurity,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 3600),
            secure_cookie: CookieSecurity::Auto,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CookieSecurity {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginLimitSettings {
    pub per_account_per_minute: u32,
    pub per_address_per_minute: u32,
}

impl Default for LoginLimitSettings {
    fn default() -> Self {
        Self {
            per_account_per_minute: 5,
            per_address_per_minute: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiKeySettings {
    /// Requests per minute one key may make (then 429 + `Retry-After`).
    pub rate_per_minute: u32,
    /// Requests per minute all keys of one tenant may make together.
    pub tenant_rate_per_minute: u32,
    /// How often in-memory usage counts are added to the database.
    #[serde(with = "humantime_serde")]
    pub stats_sync_interval: Duration,
}

impl Default for ApiKeySettings {
    fn default() -> Self {
        Self {
            rate_per_minute: 600,
            tenant_rate_per_minute: 3000,
            stats_sync_interval: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FleetSettings {
    /// How often each cluster's connector list is fetched while someone watches it. Every
    /// viewer shares that one upstream call.
    #[serde(with = "humantime_serde")]
    pub refresh_interval: Duration,
    /// How often every tenant connector's active topics are compared with its tenant's
    /// namespace (one `GET /connectors/{name}/topics` per owned connector), watched or not.
    #[serde(with = "humantime_serde")]
    pub topic_check_interval: Duration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthSettings {
    /// How often every cluster is checked (state transitions, samples, auto-restart). The
    /// check shares the fleet feed's one upstream list call.
    #[serde(with = "humantime_serde")]
    pub interval: Duration,
    /// How long a replica's lease on the scheduler lasts without renewal: another replica
    /// takes over at most this long after the holder dies.
    #[serde(with = "humantime_serde")]
    pub lease_ttl: Duration,
    /// Transitions and samples older than this are deleted.
    #[serde(with = "humantime_serde")]
    pub retention: Duration,
    /// How often each connector's lag is measured (at its database or in Kafka) and stored
    /// for the lag graph and the lag alert; `0s` turns it off.
    #[serde(with = "humantime_serde")]
    pub lag_interval: Duration,
    /// This replica's name in the lease (default: host name and process id).
    pub replica_id: Option<String>,
    /// The console-wide auto-restart policy; tenants and connectors override it.
    pub auto_restart: sluice_shared::health::RestartPolicy,
}

impl Default for HealthSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(10),
            lease_ttl: Duration::from_secs(30),
            retention: Duration::from_secs(14 * 86_400),
            lag_interval: Duration::from_secs(60),
            replica_id: None,
            auto_restart: sluice_shared::health::RestartPolicy::default(),
        }
    }
}

/// How long each condition must hold before its alert fires, and who is told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertSettings {
    /// A connector or task FAILED this long.
    #[serde(with = "humantime_serde")]
    pub failed_for: Duration,
    /// A RUNNING connector without tasks this long.
    #[serde(with = "humantime_serde")]
    pub no_tasks_for: Duration,
    /// A cluster's connectors not listable this long.
    #[serde(with = "humantime_serde")]
    pub unreachable_for: Duration,
    /// WAL or binlog bytes behind above which a connector's lag alert fires.
    pub lag_bytes_above: u64,
    /// Records a sink's group is behind above which its lag alert fires.
    pub lag_records_above: u64,
    pub webhooks: Vec<WebhookSettings>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        let rules = sluice_shared::health::AlertRules::default();
        Self {
            failed_for: Duration::from_secs(rules.failed_for_secs),
            no_tasks_for: Duration::from_secs(rules.no_tasks_for_secs),
            unreachable_for: Duration::from_secs(rules.unreachable_for_secs),
            lag_bytes_above: 1 << 30,
            lag_records_above: 1_000_000,
            webhooks: Vec::new(),
        }
    }
}

impl AlertSettings {
    pub fn rules(&self) -> sluice_shared::health::AlertRules {
        sluice_shared::health::AlertRules {
            failed_for_secs: self.failed_for.as_secs(),
            no_tasks_for_secs: self.no_tasks_for.as_secs(),
            unreachable_for_secs: self.unreachable_for.as_secs(),
        }
    }
}

/// A webhook: its URL often is the secret (Slack's are), so it is given like one, inline or
/// by `url_env` / `url_file`, and never shown in the UI.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    pub name: String,
    #[serde(default)]
    pub url: Option<SecretString>,
    #[serde(default)]
    pub url_env: Option<String>,
    #[serde(default)]
    pub url_file: Option<PathBuf>,
    /// `generic` (default) JSON or a `slack`-compatible `{"text"}`.
    #[serde(default)]
    pub format: WebhookFormat,
    /// What it is sent: `alerts` (default), `audit`, or both.
    #[serde(default = "default_webhook_events")]
    pub events: Vec<sluice_shared::health::WebhookEvents>,
    /// Alerts below this severity are not sent.
    #[serde(default = "default_min_severity")]
    pub min_severity: sluice_shared::health::Severity,
}

fn default_webhook_events() -> Vec<sluice_shared::health::WebhookEvents> {
    vec![sluice_shared::health::WebhookEvents::Alerts]
}

fn default_min_severity() -> sluice_shared::health::Severity {
    sluice_shared::health::Severity::Warning
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookFormat {
    #[default]
    Generic,
    Slack,
}

impl WebhookFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::Slack => "slack",
        }
    }
}

impl Default for FleetSettings {
    fn default() -> Self {
        Self {
            refresh_interval: Duration::from_secs(2),
            topic_check_interval: Duration::from_secs(30),
        }
    }
}

/// How Sluice talks to Connect. Reads and writes have separate timeouts because Connect's
/// own herder timeout is 90 s: a write may legitimately take that long, a status read may not.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectSettings {
    /// TCP/TLS connect timeout.
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
    /// Timeout for reads (status, lists, config).
    #[serde(with = "humantime_serde")]
    pub read_timeout: Duration,
    /// Timeout for writes (create, config, restart, offsets); above Connect's 90 s.
    #[serde(with = "humantime_serde")]
    pub write_timeout: Duration,
    /// How long to keep retrying requests Connect refuses because of a rebalance.
    #[serde(with = "humantime_serde")]
    pub rebalance_retry_budget: Duration,
    /// Consecutive transport failures that open a cluster's circuit.
    pub breaker_failures: u32,
    /// How long an open circuit fails fast before one probe is let through.
    #[serde(with = "humantime_serde")]
    pub breaker_cooldown: Duration,
}

impl Default for ConnectSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(3),
            read_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(100),
            rebalance_retry_budget: Duration::from_secs(30),
            breaker_failures: 5,
            breaker_cooldown: Duration::from_secs(10),
        }
    }
}

/// One Kafka Connect cluster.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSettings {
    /// Stable id used in URLs (`[a-z0-9-]`).
    pub id: ClusterId,
    /// Name shown in the UI (defaults to the id).
    #[serde(default)]
    pub name: Option<String>,
    /// Base URL of a worker's REST API, or a list of several workers' (`url = ["http://w1:8083",
    /// "http://w2:8083"]`). Every worker serves the full API: requests go to one, and move to
    /// the next when it refuses connections or a read gets no answer.
    pub url: WorkerUrls,
    /// The Kafka bootstrap servers the workers use, as the connectors should reach them: the
    /// wizard's default for the schema history of MySQL, MariaDB, SQL Server and Oracle.
    #[serde(default)]
    pub kafka_bootstrap: Option<String>,
    /// How the console itself reads and writes this cluster's Kafka (DLQs, change events,
    /// topic audit). Without it, `kafka_bootstrap` is used in plaintext; without either,
    /// those views say Kafka is not configured.
    #[serde(default)]
    pub kafka: Option<KafkaSettings>,
    #[serde(default)]
    pub auth: ConnectAuth,
    #[serde(default)]
    pub tls: TlsSettings,
    /// Where the workers export their JMX beans over HTTP, one entry per worker: Debezium's
    /// own streaming lag and snapshot progress are read there. Without any, those figures
    /// are simply not shown.
    #[serde(default)]
    pub metrics: Vec<MetricsEndpoint>,
}

/// One or more workers' REST URLs, in the order they are tried; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerUrls(Vec<Url>);

impl WorkerUrls {
    pub fn new(urls: Vec<Url>) -> Option<Self> {
        (!urls.is_empty()).then_some(Self(urls))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Url> {
        self.0.iter()
    }
}

impl From<Url> for WorkerUrls {
    fn from(url: Url) -> Self {
        Self(vec![url])
    }
}

impl<'de> Deserialize<'de> for WorkerUrls {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(Url),
            Many(Vec<Url>),
        }
        let urls = match OneOrMany::deserialize(d)? {
            OneOrMany::One(url) => vec![url],
            OneOrMany::Many(urls) => urls,
        };
        Self::new(urls).ok_or_else(|| serde::de::Error::custom("url: name at least one worker"))
    }
}

/// One worker's JMX exporter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsEndpoint {
    /// `jolokia` (its agent's base URL, such as `http://worker-1:8778/jolokia/`) or
    /// `prometheus` (the exporter's `/metrics` URL, with Debezium's example rules).
    pub format: sluice_shared::health::MetricsFormat,
    pub url: Url,
}

impl ClusterSettings {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.id.as_str())
    }

    /// The console's own Kafka access: `kafka`, else plaintext to `kafka_bootstrap`.
    pub fn kafka_access(&self) -> Option<KafkaSettings> {
        self.kafka.clone().or_else(|| {
            self.kafka_bootstrap.as_ref().map(|b| KafkaSettings {
                bootstrap_servers: b.clone(),
                ..KafkaSettings::default()
            })
        })
    }
}

/// The console's Kafka client for one cluster. Its consumers never join a group and never
/// commit (they assign partitions and seek), so they need only Describe and Read on topics.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KafkaSettings {
    /// `host:port,host:port` as the console reaches the brokers.
    pub bootstrap_servers: String,
    /// SASL PLAIN or SCRAM; with `tls` it is SASL_SSL, without it SASL_PLAINTEXT.
    pub sasl: Option<SaslSettings>,
    /// TLS toward the brokers (SSL, or SASL_SSL with `sasl`).
    pub tls: Option<KafkaTls>,
    /// How long any one Kafka call may take before the view says Kafka is unreachable.
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
    /// How often each DLQ's watermarks are sampled for depth and growth, watched or not.
    #[serde(with = "humantime_serde")]
    pub dlq_sample_interval: Duration,
    /// How long a redrive waits for Kafka to answer again before it stops and reports what it
    /// sent.
    #[serde(with = "humantime_serde")]
    pub redrive_patience: Duration,
}

impl Default for KafkaSettings {
    fn default() -> Self {
        Self {
            bootstrap_servers: String::new(),
            sasl: None,
            tls: None,
            timeout: Duration::from_secs(10),
            dlq_sample_interval: Duration::from_secs(60),
            redrive_patience: Duration::from_secs(300),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SaslMechanism {
    #[serde(rename = "PLAIN")]
    Plain,
    #[serde(rename = "SCRAM-SHA-256")]
    ScramSha256,
    #[serde(rename = "SCRAM-SHA-512")]
    ScramSha512,
}

impl SaslMechanism {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plain => "PLAIN",
            Self::ScramSha256 => "SCRAM-SHA-256",
            Self::ScramSha512 => "SCRAM-SHA-512",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaslSettings {
    pub mechanism: SaslMechanism,
    pub username: String,
    #[serde(default)]
    pub password: Option<SecretString>,
    #[serde(default)]
    pub password_env: Option<String>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KafkaTls {
    /// PEM bundle of CAs to trust (else the system's).
    pub ca_file: Option<PathBuf>,
    /// PEM client certificate and key for mTLS.
    pub client_cert_file: Option<PathBuf>,
    pub client_key_file: Option<PathBuf>,
    /// Skip checking the broker's host name against its certificate (never in production).
    pub skip_hostname_verification: bool,
}

/// Credentials Sluice presents to Connect. They stay inside the backend's Connect client.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum ConnectAuth {
    #[default]
    None,
    /// HTTP basic auth (Connect's `BasicAuthSecurityRestExtension`).
    Basic {
        username: String,
        #[serde(default)]
        password: Option<SecretString>,
        #[serde(default)]
        password_env: Option<String>,
        #[serde(default)]
        password_file: Option<PathBuf>,
    },
    /// `Authorization: Bearer …`, for Connect behind an authenticating proxy.
    Bearer {
        #[serde(default)]
        token: Option<SecretString>,
        #[serde(default)]
        token_env: Option<String>,
        #[serde(default)]
        token_file: Option<PathBuf>,
    },
}

/// TLS toward Connect: a private CA and/or a client certificate (mTLS).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSettings {
    /// PEM bundle of CAs to trust in addition to the system roots.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// PEM client certificate for mTLS (with `client_key_file`).
    #[serde(default)]
    pub client_cert_file: Option<PathBuf>,
    /// PEM private key for mTLS.
    #[serde(default)]
    pub client_key_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    #[error("configuration: {0}")]
    Invalid(String),
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

fn default_database_url() -> String {
    "sqlite://sluice.db".to_owned()
}

fn default_dist_dir() -> PathBuf {
    PathBuf::from("dist")
}

impl Settings {
    /// Layers defaults, the TOML file (if present) and `SLUICE_…` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let explicit = file.is_some();
        let file = file.unwrap_or(Path::new("sluice.toml"));
        if explicit && !file.exists() {
            return Err(SettingsError::Invalid(format!(
                "{} does not exist",
                file.display()
            )));
        }
        let figment = Figment::new()
            .merge(Toml::file(file))
            .merge(Env::prefixed("SLUICE_").split("__").ignore(&["config"]));
        Self::from_figment(figment)
    }

    pub fn from_figment(figment: Figment) -> Result<Self, SettingsError> {
        let mut config: Self = figment.extract().map_err(Box::new)?;
        if config.clusters.is_empty()
            && let Some(url) = config.connect_url.take()
        {
            config.clusters.push(ClusterSettings {
                id: ClusterId::parse("default")
                    .map_err(|e| SettingsError::Invalid(e.to_string()))?,
                name: None,
                url: url.into(),
                kafka_bootstrap: None,
                kafka: None,
                auth: ConnectAuth::None,
                tls: TlsSettings::default(),
                metrics: Vec::new(),
            });
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        let mut names = std::collections::HashSet::new();
        for w in &self.alerts.webhooks {
            if w.name.trim().is_empty() || !names.insert(w.name.as_str()) {
                return Err(SettingsError::Invalid(format!(
                    "alerts.webhooks: name `{}` is empty or used twice",
                    w.name
                )));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for c in &self.clusters {
            if !seen.insert(c.id.as_str()) {
                return Err(SettingsError::Invalid(format!(
                    "cluster id `{}` is used twice",
                    c.id
                )));
            }
            if c.url
                .iter()
                .any(|u| !matches!(u.scheme(), "http" | "https"))
            {
                return Err(SettingsError::Invalid(format!(
                    "cluster `{}`: url must be http or https",
                    c.id
                )));
            }
            if let Some(k) = &c.kafka {
                if k.bootstrap_servers.trim().is_empty() {
                    return Err(SettingsError::Invalid(format!(
                        "cluster `{}`: kafka.bootstrap_servers is empty",
                        c.id
                    )));
                }
                if let Some(tls) = &k.tls
                    && tls.client_cert_file.is_some() != tls.client_key_file.is_some()
                {
                    return Err(SettingsError::Invalid(format!(
                        "cluster `{}`: kafka.tls.client_cert_file and client_key_file go together",
                        c.id
                    )));
                }
            }
            if let Some(m) = c
                .metrics
                .iter()
                .find(|m| !matches!(m.url.scheme(), "http" | "https"))
            {
                return Err(SettingsError::Invalid(format!(
                    "cluster `{}`: a metrics url must be http or https, not `{}`",
                    c.id,
                    m.url.scheme()
                )));
            }
            if c.tls.client_cert_file.is_some() != c.tls.client_key_file.is_some() {
                return Err(SettingsError::Invalid(format!(
                    "cluster `{}`: tls.client_cert_file and tls.client_key_file go together",
                    c.id
                )));
            }
        }
        Ok(())
    }
}

/// Resolves a secret given inline, by environment variable name, or by file path.
pub fn resolve_secret(
    what: &str,
    inline: &Option<SecretString>,
    env: &Option<String>,
    file: &Option<PathBuf>,
) -> Result<SecretString, SettingsError> {
    match (inline, env, file) {
        (Some(s), None, None) => Ok(s.clone()),
        (None, Some(var), None) => std::env::var(var).map(SecretString::from).map_err(|_| {
            SettingsError::Invalid(format!("{what}: environment variable {var} is not set"))
        }),
        (None, None, Some(path)) => std::fs::read_to_string(path)
            // A trailing newline in a secret file is an editor artefact, not part of the secret.
            .map(|s| SecretString::from(s.trim_end_matches(['\r', '\n']).to_owned()))
            .map_err(|e| {
                SettingsError::Invalid(format!("{what}: cannot read {}: {e}", path.display()))
            }),
        (None, None, None) => Err(SettingsError::Invalid(format!(
            "{what}: no value, _env or _file given"
        ))),
        _ => Err(SettingsError::Invalid(format!(
            "{what}: give exactly one of value, _env or _file"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn from_toml(toml: &str) -> Result<Settings, SettingsError> {
        Settings::from_figment(Figment::new().merge(Toml::string(toml)))
    }

    #[test]
    fn defaults_listen_on_loopback_8080_with_no_clusters() {
        let c = from_toml("").unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert!(c.clusters.is_empty());
        assert_eq!(c.connect.write_timeout, Duration::from_secs(100));
    }

    #[test]
    fn reads_clusters_with_auth_and_human_durations() {
        let c = from_toml(
            r#"
            [connect]
            read_timeout = "5s"
            [[clusters]]
            id = "prod"
            name = "Production"
            url = "https://connect.internal:8083"
            auth = { type = "basic", username = "sluice", password_env = "PROD_CONNECT_PW" }
            "#,
        )
        .unwrap();
        assert_eq!(c.connect.read_timeout, Duration::from_secs(5));
        assert_eq!(c.clusters[0].display_name(), "Production");
        assert!(
            matches!(&c.clusters[0].auth, ConnectAuth::Basic { username, .. } if username == "sluice")
        );
    }

    #[test]
    fn environment_overrides_the_file() {
        let figment = Figment::new()
            .merge(Toml::string("listen = \"127.0.0.1:9000\""))
            .merge(Serialized::default("listen", "127.0.0.1:9100"));
        assert_eq!(Settings::from_figment(figment).unwrap().listen.port(), 9100);
    }

    #[test]
    fn kafka_access_comes_from_its_table_or_the_plain_bootstrap() {
        let c = from_toml(
            r#"
            [[clusters]]
            id = "prod"
            url = "http://connect:8083"
            kafka_bootstrap = "kafka-internal:9092"
            [clusters.kafka]
            bootstrap_servers = "kafka-1:9093,kafka-2:9093"
            timeout = "3s"
            sasl = { mechanism = "SCRAM-SHA-512", username = "sluice", password_env = "KAFKA_PW" }
            tls = { ca_file = "/etc/ca.pem" }
            [[clusters]]
            id = "dev"
            url = "http://connect:8083"
            kafka_bootstrap = "127.0.0.1:9092"
            "#,
        )
        .unwrap();
        let prod = c.clusters[0].kafka_access().unwrap();
        assert_eq!(prod.bootstrap_servers, "kafka-1:9093,kafka-2:9093");
        assert_eq!(prod.timeout, Duration::from_secs(3));
        assert_eq!(prod.sasl.unwrap().mechanism, SaslMechanism::ScramSha512);
        let dev = c.clusters[1].kafka_access().unwrap();
        assert_eq!(dev.bootstrap_servers, "127.0.0.1:9092");
        assert!(dev.sasl.is_none() && dev.tls.is_none());
        let typo = from_toml(
            "[[clusters]]\nid=\"a\"\nurl=\"http://x\"\nkafka={bootstrap_servers=\"k:9092\", sals={}}",
        );
        assert!(typo.unwrap_err().to_string().contains("sals"));
        let bad = from_toml(
            "[[clusters]]\nid=\"a\"\nurl=\"http://x\"\nkafka={bootstrap_servers=\"k:9092\", sasl={mechanism=\"GSSAPI\", username=\"u\"}}",
        );
        assert!(bad.is_err(), "only PLAIN and SCRAM are offered");
    }

    #[test]
    fn connect_url_shortcut_defines_a_default_cluster() {
        let c = from_toml("connect_url = \"http://127.0.0.1:8083\"").unwrap();
        assert_eq!(c.clusters.len(), 1);
        assert_eq!(c.clusters[0].id.as_str(), "default");
    }

    #[test]
    fn a_cluster_names_one_worker_or_several_and_never_none() {
        let one = from_toml("[[clusters]]\nid=\"a\"\nurl=\"http://w1:8083\"").unwrap();
        assert_eq!(one.clusters[0].url.iter().count(), 1);
        let two = from_toml("[[clusters]]\nid=\"a\"\nurl=[\"http://w1:8083\", \"http://w2:8083\"]")
            .unwrap();
        let hosts: Vec<_> = two.clusters[0]
            .url
            .iter()
            .filter_map(Url::host_str)
            .collect();
        assert_eq!(hosts, ["w1", "w2"]);
        let none = from_toml("[[clusters]]\nid=\"a\"\nurl=[]").unwrap_err();
        assert!(none.to_string().contains("at least one worker"), "{none}");
        let ftp = from_toml("[[clusters]]\nid=\"a\"\nurl=[\"http://w1\", \"ftp://w2\"]");
        assert!(ftp.unwrap_err().to_string().contains("http or https"));
    }

    #[test]
    fn rejects_bad_cluster_definitions_with_a_clear_message() {
        let dup = from_toml(
            "[[clusters]]\nid=\"a\"\nurl=\"http://x\"\n[[clusters]]\nid=\"a\"\nurl=\"http://y\"",
        );
        assert!(dup.unwrap_err().to_string().contains("used twice"));
        let bad_id = from_toml("[[clusters]]\nid=\"Not OK\"\nurl=\"http://x\"");
        assert!(bad_id.is_err());
        let typo = from_toml("[[clusters]]\nid=\"a\"\nurl=\"http://x\"\nauht={type=\"none\"}");
        assert!(typo.unwrap_err().to_string().contains("auht"));
    }

    #[test]
    fn secrets_come_from_exactly_one_source() {
        let dir = std::env::temp_dir().join(format!("sluice-secret-{}", std::process::id()));
        std::fs::write(&dir, "s3cret\n").unwrap();
        let got = resolve_secret("pw", &None, &None, &Some(dir.clone())).unwrap();
        use secrecy::ExposeSecret;
        assert_eq!(got.expose_secret(), "s3cret");
        let both = resolve_secret(
            "pw",
            &Some(SecretString::from("x")),
            &None,
            &Some(dir.clone()),
        );
        assert!(both.is_err());
        std::fs::remove_file(dir).unwrap();
    }
}
