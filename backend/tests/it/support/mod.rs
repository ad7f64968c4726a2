//! Helpers for tests that run against the real dev stack (`dev/stack up --workers 2`).
//! Nothing here fakes Connect or Kafka: a missing stack fails the test loudly.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use figment::Figment;
use figment::providers::{Format, Toml};
use sluice_backend::connect::ConnectClient;
use sluice_backend::settings::{MetricsEndpoint, Settings};
use sluice_shared::ConnectorName;
use sluice_shared::health::MetricsFormat;
use tokio::io::{AsyncBufReadExt, BufReader};

mod api;
mod jvm;
mod kafka;
mod webhook;

pub use api::*;
pub use jvm::{PrivateConnect, PrivateKafka};
pub use kafka::*;
pub use webhook::Receiver;

/// Tests that make the Connect cluster rebalance on purpose hold this for writing; tests that
/// judge timing (upstream calls per interval) hold it for reading. One test binary runs every
/// area at once, and a forced rebalance would make Connect's answers late or refused there.
pub static CLUSTER_CALM: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

pub const DEMO_DB_PASSWORD: &str = "dbz-secret-pw";

pub fn connect_url(worker: u16) -> String {
    let base: u16 = std::env::var("SLUICE_CONNECT_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8083);
    format!("http://127.0.0.1:{}", base + worker - 1)
}

/// A port nothing listens on (once the probe closes).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Both workers' JMX exporters of one format, as the dev stack starts them.
pub fn exporters(format: MetricsFormat) -> Vec<MetricsEndpoint> {
    let (var, default, path) = match format {
        MetricsFormat::Jolokia => ("SLUICE_JOLOKIA_PORT", 8771, "/jolokia/"),
        MetricsFormat::Prometheus => ("SLUICE_PROMETHEUS_PORT", 8791, "/metrics"),
    };
    let base: u16 = std::env::var(var)
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default);
    (0..2)
        .map(|i| MetricsEndpoint {
            format,
            url: format!("http://127.0.0.1:{}{path}", base + i)
                .parse()
                .expect("exporter url"),
        })
        .collect()
}

pub fn pg_port() -> u16 {
    std::env::var("SLUICE_PG_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(15432)
}

pub fn mariadb_port() -> u16 {
    std::env::var("SLUICE_MARIADB_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(13306)
}

pub fn pg_admin_url(db: &str) -> String {
    format!(
        "postgres://postgres:sluice-admin@127.0.0.1:{}/{db}",
        pg_port()
    )
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub const ADMIN_PASSWORD: &str = "it-admin-password";

/// A config with one cluster per given worker URL (`w1`, `w2`, …), a fresh SQLite console
/// database and a known first-admin password. The topic guard checks once at start and then
/// hourly: tests that own connectors outside a namespace on purpose must not be stopped by
/// it; the guard's own test sets a short interval.
pub fn config_for(urls: &[&str]) -> Settings {
    let db = std::env::temp_dir().join(format!("{}.db", unique("console")));
    let mut toml = format!(
        "database_url = \"sqlite://{}\"\nadmin_password = \"{ADMIN_PASSWORD}\"\n[connect]\nread_timeout = \"10s\"\n\
         [fleet]\ntopic_check_interval = \"1h\"\n",
        db.display()
    );
    for (i, url) in urls.iter().enumerate() {
        toml.push_str(&format!(
            "[[clusters]]\nid = \"w{}\"\nurl = \"{url}\"\nkafka_bootstrap = \"{}\"\n",
            i + 1,
            kafka_bootstrap()
        ));
    }
    Settings::from_figment(Figment::new().merge(Toml::string(&toml))).expect("test config")
}

/// A client for Connect worker 1 or 2, after checking the stack answers.
pub async fn client(worker: u16) -> ConnectClient {
    let url = connect_url(worker);
    require_up(&url).await;
    let config = config_for(&[&url]);
    ConnectClient::new(&config.clusters[0], &config.connect).expect("client")
}

/// Fails (never skips) when the stack is not running.
pub async fn require_up(url: &str) {
    let ok = reqwest::Client::new()
        .get(format!("{url}/connector-plugins"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .map(|r| r.status().is_success())
        .unwrap_or(false);
    assert!(
        ok,
        "Kafka Connect is not answering at {url}: start the stack with `dev/stack up --workers 2`"
    );
}

/// A name no other test run uses: `it-<tag>-<time>`.
pub fn unique(tag: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("it-{tag}-{:x}", nanos % 0xffff_ffff_ffff)
}

pub fn name(s: &str) -> ConnectorName {
    ConnectorName::parse(s).expect("valid connector name")
}

pub fn config(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A create request for `name` with `config`, owned as the caller's role decides.
pub fn new_connector(
    name: &str,
    config: &BTreeMap<String, String>,
) -> sluice_shared::CreateConnector {
    sluice_shared::CreateConnector {
        name: name.to_owned(),
        config: config.clone(),
        initial_state: None,
        tenant: None,
    }
}

/// A FileStream sink on an empty topic: the cheapest connector that really runs.
pub fn file_sink_config(topic: &str) -> BTreeMap<String, String> {
    config(&[
        (
            "connector.class",
            "org.apache.kafka.connect.file.FileStreamSinkConnector",
        ),
        ("topics", topic),
        ("file", "/dev/null"),
        ("tasks.max", "1"),
    ])
}

/// Debezium PostgreSQL on the demo database, with its own slot and topic prefix.
pub fn pg_source_config(prefix: &str, slot: &str) -> BTreeMap<String, String> {
    let port = pg_port().to_string();
    config(&[
        (
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector",
        ),
        ("database.hostname", "127.0.0.1"),
        ("database.port", &port),
        ("database.user", "dbz"),
        ("database.password", DEMO_DB_PASSWORD),
        ("database.dbname", "inventory"),
        ("topic.prefix", prefix),
        ("plugin.name", "pgoutput"),
        ("slot.name", slot),
        ("publication.autocreate.mode", "disabled"),
        ("table.include.list", "public.customers"),
        ("tasks.max", "1"),
    ])
}

/// Polls `check` until it returns `Some`, or panics with `what` after `timeout`.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Reads `topic` from the beginning with Kafka's own console consumer (started by the
/// test through `dev/stack consume`) until a record contains `needle`; returns that record.
pub async fn consume_until(topic: &str, needle: &str, timeout: Duration) -> String {
    let mut child = tokio::process::Command::new(repo_root().join("dev/stack"))
        .args([
            "consume",
            topic,
            "--max",
            "100000",
            "--timeout-ms",
            &timeout.as_millis().to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start the console consumer");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let found = tokio::time::timeout(timeout + Duration::from_secs(15), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains(needle) {
                return Some(line);
            }
        }
        None
    })
    .await
    .ok()
    .flatten();
    let _ = child.kill().await;
    found.unwrap_or_else(|| {
        panic!("no record containing {needle:?} arrived on {topic} within {timeout:?}")
    })
}

/// Drops a replication slot once Debezium has let go of it (it stays active briefly
/// after the connector is deleted).
pub async fn drop_slot(pool: &sqlx::PgPool, slot: &str) {
    for _ in 0..60 {
        let dropped: Option<(bool,)> = sqlx::query_as(
            "SELECT pg_drop_replication_slot(slot_name) IS NOT NULL FROM pg_replication_slots \
             WHERE slot_name = $1 AND NOT active",
        )
        .bind(slot)
        .fetch_optional(pool)
        .await
        .expect("query pg_replication_slots");
        let exists: Option<(String,)> =
            sqlx::query_as("SELECT slot_name::text FROM pg_replication_slots WHERE slot_name = $1")
                .bind(slot)
                .fetch_optional(pool)
                .await
                .expect("query pg_replication_slots");
        if dropped.is_some() || exists.is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("replication slot {slot} stayed active");
}

/// Starts the real Sluice server on an ephemeral port; returns its base URL and state.
pub async fn spawn_app(config: Settings) -> (String, sluice_backend::state::AppState) {
    let state = sluice_backend::state::AppState::new(&config)
        .await
        .expect("app state");
    let router = sluice_backend::app::router(state.clone(), &config)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (format!("http://{addr}"), state)
}

/// Creates a user whose password is `<name>-password`, directly in the store.
pub async fn add_user(
    state: &sluice_backend::state::AppState,
    name: &str,
    role: sluice_shared::policy::Role,
    tenant: Option<&str>,
) {
    let hash = sluice_backend::auth::password::hash(format!("{name}-password"))
        .await
        .expect("hash");
    state
        .store
        .create_user(name, &hash, role, tenant)
        .await
        .expect("create user");
}

/// A fresh, empty console database of each kind: a SQLite file and a PostgreSQL database
/// created on the dev stack's server. Both run the same migrations.
pub async fn fresh_stores() -> Vec<(&'static str, sluice_backend::store::Store)> {
    let tag = unique("store").replace('-', "_");
    let sqlite_path = std::env::temp_dir().join(format!("{tag}.db"));
    let sqlite =
        sluice_backend::store::Store::connect(&format!("sqlite://{}", sqlite_path.display()))
            .await
            .expect("SQLite store");
    let admin = sqlx::PgPool::connect(&pg_admin_url("postgres"))
        .await
        .expect("the dev stack's PostgreSQL is not answering: run `dev/stack up`");
    sqlx::query(&format!("CREATE DATABASE {tag}"))
        .execute(&admin)
        .await
        .expect("create test database");
    let pg = sluice_backend::store::Store::connect(&pg_admin_url(&tag))
        .await
        .expect("PostgreSQL store");
    vec![("sqlite", sqlite), ("postgres", pg)]
}

/// A fresh, empty PostgreSQL database on the dev stack, as a `database_url`.
pub async fn fresh_postgres_url() -> String {
    let db = unique("store").replace('-', "_");
    let admin = sqlx::PgPool::connect(&pg_admin_url("postgres"))
        .await
        .expect("the dev stack's PostgreSQL is not answering: run `dev/stack up`");
    sqlx::query(&format!("CREATE DATABASE {db}"))
        .execute(&admin)
        .await
        .expect("create test database");
    pg_admin_url(&db)
}

/// The two tenants most tests use: `acme` (`acme-`, `acme.`) and `globex` (`globex-`, `globex.`).
pub async fn acme_and_globex(state: &sluice_backend::state::AppState) {
    for t in ["acme", "globex"] {
        let name = format!("{}{}", t[..1].to_uppercase(), &t[1..]);
        state
            .store
            .create_tenant(t, &name, &format!("{t}-"), &format!("{t}."), &[], &[])
            .await
            .expect("tenant");
    }
}

/// A TCP forwarder in front of a real Connect worker that counts the requests passing
/// through it, and the fleet list calls (`GET /connectors?expand…`) among them: what Connect
/// itself receives.
pub struct CountingProxy {
    pub url: String,
    list_calls: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    requests: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl CountingProxy {
    pub fn list_calls(&self) -> usize {
        self.list_calls.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// How often `needle` occurs in `carry` + `read`, keeping in `carry` only a tail too short to
/// hold a whole needle, so no occurrence is counted twice.
fn occurrences(carry: &mut Vec<u8>, needle: &[u8], read: &[u8]) -> usize {
    carry.extend_from_slice(read);
    let hits = carry.windows(needle.len()).filter(|w| *w == needle).count();
    let keep = carry.len().min(needle.len() - 1);
    carry.drain(..carry.len() - keep);
    hits
}

pub async fn counting_proxy(upstream: &str) -> CountingProxy {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    const NEEDLE: &[u8] = b"GET /connectors?expand";
    // Every request line ends so (Connect's client speaks HTTP/1.1).
    const REQUEST: &[u8] = b" HTTP/1.1\r\n";
    let upstream = upstream.trim_start_matches("http://").to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let list_calls = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = list_calls.clone();
    let request_counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let upstream = upstream.clone();
            let counter = counter.clone();
            let request_counter = request_counter.clone();
            tokio::spawn(async move {
                let Ok(outbound) = tokio::net::TcpStream::connect(&upstream).await else {
                    return;
                };
                let (mut in_r, mut in_w) = inbound.into_split();
                let (mut out_r, mut out_w) = outbound.into_split();
                let requests = async move {
                    let mut buf = vec![0u8; 16 * 1024];
                    // The tails of the previous reads, so a needle split across reads counts.
                    let (mut lists, mut lines) = (Vec::new(), Vec::new());
                    loop {
                        let n = match in_r.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        counter.fetch_add(
                            occurrences(&mut lists, NEEDLE, &buf[..n]),
                            Ordering::SeqCst,
                        );
                        request_counter.fetch_add(
                            occurrences(&mut lines, REQUEST, &buf[..n]),
                            Ordering::SeqCst,
                        );
                        if out_w.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                };
                let answers = async move {
                    let _ = tokio::io::copy(&mut out_r, &mut in_w).await;
                };
                tokio::join!(requests, answers);
            });
        }
    });
    CountingProxy {
        url,
        list_calls,
        requests,
    }
}

/// What a [`FaultProxy`] does to the worker behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Passes everything through.
    Forward,
    /// Accepts connections and reads requests but never answers: a hung worker.
    Hang,
    /// Closes every connection and listens no more (connections are refused): a stopped worker.
    Refuse,
    /// Passes requests on and throws away the answers to writes (reads are answered): the
    /// worker makes the change, its caller never hears.
    SwallowWrites,
    /// Holds every request this long before passing it on: a slow worker (a request its
    /// caller gave up on still arrives).
    Delay(Duration),
}

/// A TCP forwarder in front of a real Connect worker whose behaviour a test switches, to play
/// a worker that hangs or stops without disturbing the tests that share the real one.
pub struct FaultProxy {
    pub url: String,
    mode: tokio::sync::watch::Sender<Fault>,
}

impl FaultProxy {
    pub fn set(&self, fault: Fault) {
        self.mode.send_replace(fault);
    }
}

pub async fn fault_proxy(upstream: &str) -> FaultProxy {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let upstream = upstream.trim_start_matches("http://").to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (mode, mut watch) = tokio::sync::watch::channel(Fault::Forward);
    let conn_mode = mode.clone();
    tokio::spawn(async move {
        let mut listener = Some(listener);
        loop {
            let Some(open) = &listener else {
                // Stopped: nothing listens until the test says otherwise.
                if watch.changed().await.is_err() {
                    return;
                }
                if *watch.borrow() != Fault::Refuse {
                    listener = Some(tokio::net::TcpListener::bind(addr).await.expect("rebind"));
                }
                continue;
            };
            tokio::select! {
                accepted = open.accept() => {
                    let Ok((inbound, _)) = accepted else { continue };
                    let upstream = upstream.clone();
                    let hang = conn_mode.subscribe();
                    let mut mode = conn_mode.subscribe();
                    let swallow = conn_mode.subscribe();
                    // Set once a write passed through while writes' answers are swallowed:
                    // from then on this connection answers nothing.
                    let writes = std::sync::atomic::AtomicBool::new(false);
                    tokio::spawn(async move {
                        let Ok(outbound) = tokio::net::TcpStream::connect(&upstream).await else {
                            return;
                        };
                        let (mut in_r, mut in_w) = inbound.into_split();
                        let (mut out_r, mut out_w) = outbound.into_split();
                        let requests = async {
                            let mut buf = vec![0u8; 16 * 1024];
                            loop {
                                let n = match in_r.read(&mut buf).await {
                                    Ok(0) | Err(_) => break,
                                    Ok(n) => n,
                                };
                                // A hung worker reads and never answers.
                                if *hang.borrow() == Fault::Hang {
                                    continue;
                                }
                                let delay = match *hang.borrow() {
                                    Fault::Delay(d) => Some(d),
                                    _ => None,
                                };
                                if let Some(d) = delay {
                                    tokio::time::sleep(d).await;
                                }
                                if *hang.borrow() == Fault::SwallowWrites
                                    && [&b"POST"[..], b"PUT", b"PATCH", b"DELETE"]
                                        .iter()
                                        .any(|m| buf[..n].starts_with(m))
                                {
                                    writes.store(true, std::sync::atomic::Ordering::SeqCst);
                                }
                                if out_w.write_all(&buf[..n]).await.is_err() {
                                    break;
                                }
                            }
                        };
                        let answers = async {
                            let mut buf = vec![0u8; 16 * 1024];
                            loop {
                                let n = match out_r.read(&mut buf).await {
                                    Ok(0) | Err(_) => break,
                                    Ok(n) => n,
                                };
                                if *swallow.borrow() == Fault::SwallowWrites
                                    && writes.load(std::sync::atomic::Ordering::SeqCst)
                                {
                                    continue;
                                }
                                if in_w.write_all(&buf[..n]).await.is_err() {
                                    break;
                                }
                            }
                        };
                        let stopped = mode.wait_for(|m| *m == Fault::Refuse);
                        tokio::select! {
                            _ = async { tokio::join!(requests, answers) } => {}
                            _ = stopped => {}
                        }
                    });
                }
                changed = watch.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    if *watch.borrow() == Fault::Refuse {
                        listener = None;
                    }
                }
            }
        }
    });
    FaultProxy {
        url: format!("http://{addr}"),
        mode,
    }
}

/// The real binary in its own process, with its own config file: what a test kills with
/// SIGKILL. Killed when dropped.
pub struct ConsoleProcess {
    pub child: tokio::process::Child,
    pub base: String,
}

/// Starts `sluice serve` on a free port over `database_url`, with one cluster `w1` at
/// `cluster_url` and `extra` TOML appended, and waits for `/readyz`.
pub async fn console_process(
    id: &str,
    database_url: &str,
    cluster_url: &str,
    extra: &str,
) -> ConsoleProcess {
    let port = free_port();
    let file = std::env::temp_dir().join(format!("{}.toml", unique(id)));
    let toml = format!(
        "listen = \"127.0.0.1:{port}\"\ndatabase_url = \"{database_url}\"\n\
         admin_password = \"{ADMIN_PASSWORD}\"\n{extra}\n\
         [[clusters]]\nid = \"w1\"\nurl = \"{cluster_url}\"\n"
    );
    std::fs::write(&file, toml).expect("config file");
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(["--config", &file.display().to_string(), "serve"])
        .env_remove("SLUICE_CONFIG")
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the console");
    let base = format!("http://127.0.0.1:{port}");
    eventually("the console answers", Duration::from_secs(30), || async {
        reqwest::get(format!("{base}/readyz"))
            .await
            .ok()
            .filter(|r| r.status() == reqwest::StatusCode::OK)
    })
    .await;
    ConsoleProcess { child, base }
}
