//! Transport for one Connect cluster: URL building, credentials, timeouts, the circuit
//! breaker, rebalance retries and failing over between workers. Endpoint methods live in
//! `endpoints.rs`.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, Response};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use sluice_shared::ClusterId;
use tracing::{Instrument, debug, info, warn};
use url::Url;

use super::breaker::Breaker;
use super::error::ConnectError;
use super::retry;
use crate::settings::{
    ClusterSettings, ConnectAuth, ConnectSettings, SettingsError, resolve_secret,
};

/// Credentials in the form they are sent; never leave this module.
enum Credentials {
    None,
    Basic {
        username: String,
        password: SecretString,
    },
    Bearer(SecretString),
}

/// Counters a caller (the UI, a test, `dev/bench`) can read.
#[derive(Debug, Default)]
pub struct ClientStats {
    /// Requests sent to Connect, retries included.
    pub requests: AtomicU64,
    /// Requests re-sent because a rebalance refused them.
    pub rebalance_retries: AtomicU64,
    /// Requests sent to another worker because the one in use refused or did not answer.
    pub failovers: AtomicU64,
}

/// Whether a request reads or changes state: picks the timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Read,
    Write,
}

pub struct ConnectClient {
    id: ClusterId,
    /// Every worker's base URL (ending in `/`), in configuration order.
    bases: Vec<Url>,
    /// The worker requests go to: the last one that answered.
    active: AtomicUsize,
    http: reqwest::Client,
    credentials: Credentials,
    settings: ConnectSettings,
    breaker: Breaker,
    /// Attached once by the app (tests that build a bare client have none).
    metrics: std::sync::OnceLock<super::metrics::ConnectMetrics>,
    stats: ClientStats,
}

impl std::fmt::Debug for ConnectClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectClient")
            .field("id", &self.id)
            .field(
                "bases",
                &self.bases.iter().map(Url::as_str).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ConnectClient {
    pub fn new(
        cluster: &ClusterSettings,
        settings: &ConnectSettings,
    ) -> Result<Self, SettingsError> {
        let what = |s: &str| format!("cluster `{}` {s}", cluster.id);
        let credentials = match &cluster.auth {
            ConnectAuth::None => Credentials::None,
            ConnectAuth::Basic {
                username,
                password,
                password_env,
                password_file,
            } => Credentials::Basic {
                username: username.clone(),
                password: resolve_secret(
                    &what("auth.password"),
                    password,
                    password_env,
                    password_file,
                )?,
            },
            ConnectAuth::Bearer {
                token,
                token_env,
                token_file,
            } => Credentials::Bearer(resolve_secret(
                &what("auth.token"),
                token,
                token_env,
                token_file,
            )?),
        };
        let mut builder = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .user_agent(concat!("sluice/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(60));
        let read = |p: &std::path::Path| {
            std::fs::read(p).map_err(|e| {
                SettingsError::Invalid(format!("{}: {}: {e}", what("tls"), p.display()))
            })
        };
        if let Some(ca) = &cluster.tls.ca_file {
            for cert in reqwest::Certificate::from_pem_bundle(&read(ca)?)
                .map_err(|e| SettingsError::Invalid(format!("{}: {e}", what("tls.ca_file"))))?
            {
                builder = builder.add_root_certificate(cert);
            }
        }
        if let (Some(cert), Some(key)) =
            (&cluster.tls.client_cert_file, &cluster.tls.client_key_file)
        {
            let mut pem = read(cert)?;
            pem.extend_from_slice(b"\n");
            pem.extend_from_slice(&read(key)?);
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                SettingsError::Invalid(format!("{}: {e}", what("tls client certificate")))
            })?;
            builder = builder.identity(identity);
        }
        let http = builder
            .build()
            .map_err(|e| SettingsError::Invalid(format!("{}: {e}", what("http client"))))?;
        let bases = cluster
            .url
            .iter()
            .map(|url| {
                let mut base = url.clone();
                if !base.path().ends_with('/') {
                    let path = format!("{}/", base.path());
                    base.set_path(&path);
                }
                base
            })
            .collect();
        Ok(Self {
            id: cluster.id.clone(),
            bases,
            active: AtomicUsize::new(0),
            http,
            credentials,
            settings: settings.clone(),
            breaker: Breaker::new(settings.breaker_failures, settings.breaker_cooldown),
            metrics: std::sync::OnceLock::new(),
            stats: ClientStats::default(),
        })
    }

    /// Counts this client's latency and failures into `metrics` from now on.
    pub fn attach_metrics(&self, metrics: super::metrics::ConnectMetrics) {
        let _ = self.metrics.set(metrics);
    }

    fn count_failure(&self, e: &ConnectError) {
        if let Some(m) = self.metrics.get() {
            m.errors
                .get_or_create(&super::metrics::ErrorLabels {
                    cluster: self.id.to_string(),
                    kind: e.kind().to_owned(),
                })
                .inc();
        }
    }

    pub fn id(&self) -> &ClusterId {
        &self.id
    }

    pub fn stats(&self) -> &ClientStats {
        &self.stats
    }

    /// True while the breaker fails requests fast.
    pub fn circuit_open(&self) -> bool {
        self.breaker.is_open()
    }

    /// Builds `base/seg/seg?query` on the first worker's base (`send` moves it to the worker
    /// in use); each segment is percent-encoded, so a connector name can never inject a path.
    pub(super) fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.bases[0].clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Sends a request (built afresh for each attempt), retrying rebalance refusals within
    /// the budget, and returns the successful response.
    pub(super) async fn send(
        &self,
        kind: Kind,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<Response, ConnectError> {
        // Connector-scoped endpoints are /connectors/{name}/…: name the connector in the span.
        let connector = url
            .path_segments()
            .and_then(|mut s| s.find(|seg| *seg == "connectors").and_then(|_| s.next()))
            .filter(|name| !name.is_empty())
            .map(str::to_owned);
        let span = tracing::debug_span!(
            "connect",
            cluster.id = %self.id,
            connector.name = connector.as_deref(),
            http.method = %method,
            url.path = url.path()
        );
        let began = Instant::now();
        let result = async {
            let started = Instant::now();
            let mut attempt = 0u32;
            loop {
                let response = self
                    .send_once(kind, method.clone(), url.clone(), body)
                    .await?;
                let status = response.status();
                if status.is_success() {
                    return Ok(response);
                }
                let text = response.text().await.unwrap_or_default();
                let err = ConnectError::from_response(status, &text);
                let message = match &err {
                    ConnectError::Unexpected { message, .. }
                        if retry::is_rebalance(status, message) =>
                    {
                        message.clone()
                    }
                    _ => return Err(err),
                };
                let delay = retry::backoff(attempt);
                attempt += 1;
                if started.elapsed() + delay > self.settings.rebalance_retry_budget {
                    warn!(attempts = attempt, "rebalance outlasted the retry budget");
                    return Err(ConnectError::Rebalancing {
                        message,
                        attempts: attempt,
                    });
                }
                self.stats.rebalance_retries.fetch_add(1, Ordering::Relaxed);
                debug!(attempt, ?delay, %message, "rebalance in progress; retrying");
                tokio::time::sleep(delay).await;
            }
        }
        .instrument(span)
        .await;
        super::timing::add(began.elapsed(), true);
        if let Err(e) = &result {
            self.count_failure(e);
        }
        result
    }

    /// Sends one attempt to the worker in use, and to the others in turn when it cannot be
    /// reached: a refused connection always (the request never arrived), a read that failed
    /// in any other way too (reading twice is harmless). A write that may have arrived (cut
    /// off, or no answer in time) is not sent again elsewhere, as it may have been applied:
    /// it is reported failed. The breaker counts a failure only when no worker answered.
    async fn send_once(
        &self,
        kind: Kind,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<Response, ConnectError> {
        if let Err(wait) = self.breaker.check() {
            return Err(ConnectError::CircuitOpen(wait));
        }
        let timeout = match kind {
            Kind::Read => self.settings.read_timeout,
            Kind::Write => self.settings.write_timeout,
        };
        let first = self.active.load(Ordering::Relaxed) % self.bases.len();
        let mut failure = None;
        for step in 0..self.bases.len() {
            let worker = (first + step) % self.bases.len();
            let Some(target) = self.on_worker(&url, worker) else {
                continue;
            };
            let mut request = self
                .authorize(self.http.request(method.clone(), target))
                .timeout(timeout);
            if let Some(body) = body {
                request = request.json(body);
            }
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            if step > 0 {
                self.stats.failovers.fetch_add(1, Ordering::Relaxed);
            }
            let sent = Instant::now();
            let answer = request.send().await;
            if let Some(m) = self.metrics.get() {
                m.latency
                    .get_or_create(&super::metrics::ClusterLabel {
                        cluster: self.id.to_string(),
                    })
                    .observe(sent.elapsed().as_secs_f64());
            }
            match answer {
                Ok(response) => {
                    self.breaker.record_success();
                    if worker != first {
                        self.active.store(worker, Ordering::Relaxed);
                        info!(cluster.id = %self.id, worker = %self.worker_name(worker), "now using this worker");
                    }
                    return Ok(response);
                }
                Err(e) => {
                    let elsewhere = e.is_connect() || kind == Kind::Read;
                    let error = if e.is_timeout() {
                        ConnectError::Timeout(format!("no answer within {}s", timeout.as_secs()))
                    } else if elsewhere {
                        ConnectError::Unreachable(transport_reason(&e))
                    } else {
                        ConnectError::CutOff(transport_reason(&e))
                    };
                    if self.bases.len() > 1 {
                        warn!(cluster.id = %self.id, worker = %self.worker_name(worker), error = %error, "worker failed");
                    }
                    failure = Some(error);
                    if !elsewhere {
                        break;
                    }
                }
            }
        }
        self.breaker.record_failure();
        Err(failure.unwrap_or_else(|| ConnectError::Unreachable("no worker URL".to_owned())))
    }

    /// A worker as a log line names it: host and port only, never credentials in the URL.
    fn worker_name(&self, index: usize) -> String {
        let url = &self.bases[index];
        format!(
            "{}:{}",
            url.host_str().unwrap_or("?"),
            url.port_or_known_default().unwrap_or(0)
        )
    }

    /// `url` (built on the first worker's base) moved to worker `index`.
    fn on_worker(&self, url: &Url, index: usize) -> Option<Url> {
        if index == 0 {
            return Some(url.clone());
        }
        let rest = url.as_str().strip_prefix(self.bases[0].as_str())?;
        self.bases.get(index)?.join(rest).ok()
    }

    fn authorize(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.credentials {
            Credentials::None => request,
            Credentials::Basic { username, password } => {
                request.basic_auth(username, Some(password.expose_secret()))
            }
            Credentials::Bearer(token) => request.bearer_auth(token.expose_secret()),
        }
    }

    /// Sends and decodes a JSON answer.
    pub(super) async fn json<T: DeserializeOwned>(
        &self,
        kind: Kind,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<T, ConnectError> {
        let response = self.send(kind, method, url, body).await?;
        let status = response.status().as_u16();
        let reading = Instant::now();
        let bytes = response.bytes().await;
        super::timing::add(reading.elapsed(), false);
        let bytes = bytes.map_err(|e| {
            let reason = format!("answer cut short: {}", transport_reason(&e));
            match kind {
                Kind::Read => ConnectError::Unreachable(reason),
                // The status line came: the worker handled the write.
                Kind::Write => ConnectError::CutOff(reason),
            }
        })?;
        serde_json::from_slice(&bytes).map_err(|e| ConnectError::Unexpected {
            status,
            message: format!("unreadable answer: {e}"),
        })
    }
}

/// The innermost cause of a transport error ("Connection refused"), without the URL.
fn transport_reason(e: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(next) = source.source() {
        source = next;
    }
    let reason = source.to_string();
    if reason.is_empty() {
        "connection failed".to_owned()
    } else {
        reason
    }
}
