//! Alerts: each scheduler cycle turns what it saw into open alerts (`evaluate`), and the lease
//! holder delivers what fired and resolved, and the audit log, to webhooks (`deliver`).

pub mod deliver;
pub mod evaluate;

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::Duration;

use sluice_shared::health::{AlertRules, Observation, Severity, WebhookEvents};

use crate::settings::{AlertSettings, WebhookFormat, resolve_secret};

pub use deliver::start;

/// A webhook ready to post to.
pub struct Webhook {
    pub name: String,
    /// Often the secret itself: never logged, never answered.
    url: reqwest::Url,
    pub format: WebhookFormat,
    pub events: Vec<WebhookEvents>,
    pub min_severity: Severity,
}

impl Webhook {
    pub fn takes(&self, events: WebhookEvents) -> bool {
        self.events.contains(&events)
    }
}

/// What the DLQ sampler last saw of a cluster's queues, for the next cycle's alerts.
#[derive(Debug, Clone, Default)]
pub struct DlqLook {
    pub at_ms: i64,
    /// Topics compared with an earlier sample: their alerts are known.
    pub looked: BTreeSet<String>,
    pub receiving: Vec<Observation>,
}

/// The lag sampler's latest figures for a cluster, for the next cycle's alerts.
#[derive(Debug, Clone, Default)]
pub struct LagLook {
    pub at_ms: i64,
    /// Connectors measured (a known figure): their lag alerts are known.
    pub measured: BTreeSet<String>,
    pub high: Vec<Observation>,
}

pub struct Alerts {
    pub rules: AlertRules,
    pub lag_bytes_above: u64,
    pub lag_records_above: u64,
    lag: Mutex<HashMap<String, LagLook>>,
    pub webhooks: Vec<Webhook>,
    http: reqwest::Client,
    dlq: Mutex<HashMap<String, DlqLook>>,
}

impl Alerts {
    pub fn new(settings: &AlertSettings) -> anyhow::Result<Self> {
        let webhooks = settings
            .webhooks
            .iter()
            .map(|w| {
                let what = format!("alerts.webhooks `{}` url", w.name);
                let url = resolve_secret(&what, &w.url, &w.url_env, &w.url_file)?;
                let url = reqwest::Url::parse(secrecy::ExposeSecret::expose_secret(&url))
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| anyhow::anyhow!("{what}: not an http(s) URL"))?;
                Ok(Webhook {
                    name: w.name.clone(),
                    url,
                    format: w.format,
                    events: w.events.clone(),
                    min_severity: w.min_severity,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            rules: settings.rules(),
            lag_bytes_above: settings.lag_bytes_above,
            lag_records_above: settings.lag_records_above,
            lag: Mutex::new(HashMap::new()),
            webhooks,
            http,
            dlq: Mutex::new(HashMap::new()),
        })
    }

    /// Keeps the DLQ sampler's latest comparison for `cluster`.
    pub fn record_dlq(&self, cluster: &str, look: DlqLook) {
        self.dlq
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(cluster.to_owned(), look);
    }

    /// The DLQ sampler's latest comparison for `cluster`, if it is younger than `max_age_ms`.
    pub fn dlq_look(&self, cluster: &str, now_ms: i64, max_age_ms: i64) -> Option<DlqLook> {
        self.dlq
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(cluster)
            .filter(|l| now_ms - l.at_ms <= max_age_ms)
            .cloned()
    }

    /// Keeps the lag sampler's latest figures for `cluster`.
    pub fn record_lag(&self, cluster: &str, look: LagLook) {
        self.lag
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(cluster.to_owned(), look);
    }

    /// The lag sampler's latest figures for `cluster`, if younger than `max_age_ms`.
    pub fn lag_look(&self, cluster: &str, now_ms: i64, max_age_ms: i64) -> Option<LagLook> {
        self.lag
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(cluster)
            .filter(|l| now_ms - l.at_ms <= max_age_ms)
            .cloned()
    }
}
