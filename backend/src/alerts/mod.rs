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

/// Each cluster's latest [`Look`] from one sampler, with when it was recorded.
#[derive(Default)]
pub struct Looks(Mutex<HashMap<String, (Look, i64)>>);

impl Looks {
    pub fn record(&self, cluster: &str, look: Look) {
        self.record_at(cluster, look, crate::clock::now_ms());
    }

    fn record_at(&self, cluster: &str, look: Look, recorded_ms: i64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(cluster.to_owned(), (look, recorded_ms));
    }

    /// `cluster`'s latest look, unless the next one is overdue: `max_age_ms` after it was
    /// recorded, plus as long as that round took. A round over a busy cluster can outlast the
    /// sampling interval several times over, and its look is no less true for that; judged
    /// from its start alone it would arrive stale and no alert it clears would ever resolve.
    pub fn latest(&self, cluster: &str, now_ms: i64, max_age_ms: i64) -> Option<Look> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(cluster)
            .filter(|(l, recorded)| {
                let took = (recorded - l.at_ms).max(0);
                now_ms - recorded <= max_age_ms + took
            })
            .map(|(l, _)| l.clone())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_rounds_look_stays_current_until_the_next_round_is_overdue() {
        let looks = Looks::default();
        let look = |at_ms| Look {
            at_ms,
            ..Look::default()
        };
        // Begun at 0, recorded at 40 s, sampling every second (so 3 s of grace).
        looks.record_at("w1", look(0), 40_000);
        assert!(looks.latest("w1", 40_500, 3_000).is_some());
        assert!(looks.latest("w1", 83_000, 3_000).is_some());
        assert!(looks.latest("w1", 83_001, 3_000).is_none());
        // A quick round is overdue after the grace alone.
        looks.record_at("w1", look(90_000), 90_100);
        assert!(looks.latest("w1", 93_201, 3_000).is_none());
        assert!(looks.latest("w2", 90_100, 3_000).is_none());
    }
}
