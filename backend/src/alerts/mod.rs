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

/// What a sampler (DLQ depths, lag) last saw of one cluster, for the next cycle's alerts.
#[derive(Debug, Clone, Default)]
pub struct Look {
    pub at_ms: i64,
    /// What was measured (DLQ topics, connectors): their alerts are known; others unknown.
    pub known: BTreeSet<String>,
    /// The conditions seen.
    pub observed: Vec<Observation>,
}

/// Each cluster's latest [`Look`] from one sampler.
#[derive(Default)]
pub struct Looks(Mutex<HashMap<String, Look>>);

impl Looks {
    pub fn record(&self, cluster: &str, look: Look) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(cluster.to_owned(), look);
    }

    /// `cluster`'s latest look, if younger than `max_age_ms`.
    pub fn latest(&self, cluster: &str, now_ms: i64, max_age_ms: i64) -> Option<Look> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(cluster)
            .filter(|l| now_ms - l.at_ms <= max_age_ms)
            .cloned()
    }
}

pub struct Alerts {
    pub rules: AlertRules,
    pub lag_bytes_above: u64,
    pub lag_records_above: u64,
    /// The DLQ sampler's comparisons of two samples.
    pub dlq: Looks,
    /// The lag sampler's figures above their thresholds.
    pub lag: Looks,
    pub webhooks: Vec<Webhook>,
    http: reqwest::Client,
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
            lag: Looks::default(),
            webhooks,
            http,
            dlq: Looks::default(),
        })
    }
}
