//! Debezium's own metrics, read from the JMX exporters a cluster names (one per worker):
//! Jolokia's JSON or a Prometheus exporter's text. Every exporter is asked at once and the
//! answer kept a few seconds, so the lag sampler, measuring each connector in turn, asks each
//! worker once per round rather than once per connector.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sluice_shared::health::{
    Bean, DEBEZIUM_ATTRIBUTES, DebeziumMetrics, MetricsFormat, PromSample, beans_from_jolokia,
    beans_from_prometheus, connector_metrics, debezium_plugin,
};

use crate::settings::MetricsEndpoint;

/// How long one scrape of every exporter is used.
const KEEP: Duration = Duration::from_secs(5);
/// An exporter that takes longer is counted as not answering.
const TIMEOUT: Duration = Duration::from_secs(4);

pub struct Exporters {
    endpoints: Vec<MetricsEndpoint>,
    http: reqwest::Client,
    /// The last scrape and when; the lock is held while scraping, so callers arriving during
    /// one wait for it instead of starting their own.
    last: tokio::sync::Mutex<Option<(Instant, Arc<Scrape>)>>,
}

/// Every exporter's answer at one time.
struct Scrape {
    /// Per exporter: its label and its beans, or why it has none.
    answers: Vec<(String, Result<Vec<Bean>, String>)>,
}

/// "Jolokia on 10.0.0.5:8778": an exporter named without its URL's path, query or any
/// credentials in it.
fn label(e: &MetricsEndpoint) -> String {
    let host = e.url.host_str().unwrap_or("?");
    match e.url.port_or_known_default() {
        Some(port) => format!("{} on {host}:{port}", e.format.as_str()),
        None => format!("{} on {host}", e.format.as_str()),
    }
}

impl Exporters {
    /// `None` when the cluster names no exporter.
    pub fn new(endpoints: &[MetricsEndpoint], connect_timeout: Duration) -> Option<Self> {
        if endpoints.is_empty() {
            return None;
        }
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(TIMEOUT)
            .user_agent(concat!("sluice/", env!("CARGO_PKG_VERSION")))
            .build()
            .ok()?;
        Some(Self {
            endpoints: endpoints.to_vec(),
            http,
            last: tokio::sync::Mutex::new(None),
        })
    }

    /// What Debezium reports for a connector of this class and config; `None` for a connector
    /// that is not a Debezium source.
    pub async fn connector(
        &self,
        class: &str,
        config: &BTreeMap<String, String>,
    ) -> Option<DebeziumMetrics> {
        let plugin = debezium_plugin(class)?;
        let unknown = |source: String, why: String| DebeziumMetrics {
            source,
            streaming: None,
            snapshot: None,
            unknown: Some(why),
        };
        let Some(server) = config.get("topic.prefix") else {
            return Some(unknown(
                format!("debezium.{plugin} beans"),
                "the connector has no topic.prefix to find its beans by".into(),
            ));
        };
        let scrape = self.scrape().await;
        let mut beans = Vec::new();
        let mut found_on = Vec::new();
        let mut failed = Vec::new();
        for (label, answer) in &scrape.answers {
            match answer {
                Ok(b) => {
                    if b.iter().any(|b| b.plugin == plugin && b.server == *server) {
                        found_on.push(label.as_str());
                    }
                    beans.extend(b.iter().cloned());
                }
                Err(e) => failed.push(format!("{label}: {e}")),
            }
        }
        let bean = format!("bean debezium.{plugin} server={server}");
        Some(match connector_metrics(&beans, plugin, server) {
            Some((streaming, snapshot)) => DebeziumMetrics {
                source: format!("{}, {bean}", found_on.join(" and ")),
                streaming,
                snapshot,
                unknown: None,
            },
            None => {
                let asked = scrape
                    .answers
                    .iter()
                    .map(|(l, _)| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let why = if failed.len() == scrape.answers.len() {
                    format!("no exporter answered ({})", failed.join("; "))
                } else if failed.is_empty() {
                    "no exporter has this connector's beans: its task is not running, or its \
                     worker's exporter is not configured"
                        .into()
                } else {
                    format!(
                        "the exporters that answered do not have its beans; {}",
                        failed.join("; ")
                    )
                };
                unknown(format!("{asked}, {bean}"), why)
            }
        })
    }

    async fn scrape(&self) -> Arc<Scrape> {
        let mut last = self.last.lock().await;
        if let Some((at, s)) = last.as_ref()
            && at.elapsed() < KEEP
        {
            return s.clone();
        }
        let answers = futures::future::join_all(self.endpoints.iter().map(|e| async move {
            let beans = self.read(e).await;
            if let Err(why) = &beans {
                tracing::debug!(exporter = %label(e), error = %why, "metrics exporter not read");
            }
            (label(e), beans)
        }))
        .await;
        let scrape = Arc::new(Scrape { answers });
        *last = Some((Instant::now(), scrape.clone()));
        scrape
    }

    async fn read(&self, e: &MetricsEndpoint) -> Result<Vec<Bean>, String> {
        // Errors are stripped of the URL: it may carry credentials.
        let plain = |err: reqwest::Error| err.without_url().to_string();
        match e.format {
            MetricsFormat::Jolokia => {
                let body = serde_json::json!({
                    "type": "read",
                    "mbean": "debezium.*:type=connector-metrics,*",
                    "attribute": DEBEZIUM_ATTRIBUTES,
                    "config": {"ignoreErrors": true},
                });
                let answer: serde_json::Value = self
                    .http
                    .post(e.url.clone())
                    .json(&body)
                    .send()
                    .await
                    .map_err(plain)?
                    .error_for_status()
                    .map_err(plain)?
                    .json()
                    .await
                    .map_err(plain)?;
                beans_from_jolokia(&answer)
            }
            MetricsFormat::Prometheus => {
                let text = self
                    .http
                    .get(e.url.clone())
                    .send()
                    .await
                    .map_err(plain)?
                    .error_for_status()
                    .map_err(plain)?
                    .text()
                    .await
                    .map_err(plain)?;
                // Only Debezium's lines: the rest of a worker's exposition is large.
                let lines = text
                    .lines()
                    .filter(|l| l.starts_with("debezium_metrics_"))
                    .map(|l| Ok(l.to_owned()));
                let scrape = prometheus_parse::Scrape::parse(lines)
                    .map_err(|e| format!("not Prometheus text: {e}"))?;
                Ok(beans_from_prometheus(
                    scrape.samples.into_iter().filter_map(|s| {
                        let value = match s.value {
                            prometheus_parse::Value::Gauge(v)
                            | prometheus_parse::Value::Counter(v)
                            | prometheus_parse::Value::Untyped(v) => v,
                            _ => return None,
                        };
                        Some(PromSample {
                            labels: s
                                .labels
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                            name: s.metric,
                            value,
                        })
                    }),
                ))
            }
        }
    }
}
