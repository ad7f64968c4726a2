//! `/metrics` in Prometheus's text format (OpenMetrics): HTTP requests by route and status,
//! Connect latency, failures and circuit breakers per cluster, the scheduler's cycles, lease
//! and automatic restarts, and every connector's and task's state. Counters live in shared
//! families for the process's life; each scrape registers them with the state gauges of the
//! moment (from the fleet feed's cached listings) in a fresh registry.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::connect::metrics::{ClusterLabel, ConnectMetrics};
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    /// The route's template (`/api/v1/clusters/{cluster}/…`), never a raw path.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WebhookLabels {
    pub webhook: String,
    /// `delivered` or `error` (an error is retried until the schedule runs out).
    pub result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AlertLabels {
    kind: String,
    severity: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReplicaLabel {
    replica: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ConnectorLabels {
    cluster: String,
    connector: String,
    tenant: String,
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TaskLabels {
    cluster: String,
    connector: String,
    tenant: String,
    task: String,
    state: String,
}

/// The process's counters.
#[derive(Clone, Default)]
pub struct Metrics {
    pub http: Family<HttpLabels, Counter>,
    pub connect: ConnectMetrics,
    /// Scheduler cycles this replica ran, per cluster.
    pub cycles: Family<ClusterLabel, Counter>,
    /// Automatic restarts this replica asked Connect for, per cluster.
    pub auto_restarts: Family<ClusterLabel, Counter>,
    /// Webhook posts this replica made, by webhook and result.
    pub webhook_posts: Family<WebhookLabels, Counter>,
}

impl Metrics {
    pub fn cluster(id: &str) -> ClusterLabel {
        ClusterLabel {
            cluster: id.to_owned(),
        }
    }
}

/// One scrape.
pub async fn render(state: &AppState) -> String {
    let m = &state.metrics;
    let mut r = Registry::default();
    r.register(
        "sluice_http_requests",
        "HTTP requests answered, by method, route template and status",
        m.http.clone(),
    );
    r.register(
        "sluice_connect_request_duration_seconds",
        "Time to each answer from Connect, per attempt",
        m.connect.latency.clone(),
    );
    r.register(
        "sluice_connect_errors",
        "Calls to Connect that failed, by kind",
        m.connect.errors.clone(),
    );
    r.register(
        "sluice_scheduler_cycles",
        "Health cycles this replica ran",
        m.cycles.clone(),
    );
    r.register(
        "sluice_auto_restarts",
        "Automatic restarts this replica asked for",
        m.auto_restarts.clone(),
    );
    r.register(
        "sluice_webhook_posts",
        "Webhook posts this replica made, by result",
        m.webhook_posts.clone(),
    );
    let open = Family::<AlertLabels, Gauge>::default();
    match state.store.firing_counts().await {
        Ok(counts) => {
            for (kind, severity, n) in counts {
                open.get_or_create(&AlertLabels { kind, severity }).set(n);
            }
            r.register("sluice_alerts_open", "Alerts firing now", open);
        }
        // Absent rather than zero: zero would say "all clear".
        Err(e) => tracing::warn!(error = %e, "open alerts not counted for /metrics"),
    }
    let leader = Family::<ReplicaLabel, Gauge>::default();
    leader
        .get_or_create(&ReplicaLabel {
            replica: state.health.leadership.replica.clone(),
        })
        .set(i64::from(state.health.leadership.is_leader()));
    r.register(
        "sluice_scheduler_leader",
        "1 while this replica holds the scheduler's lease",
        leader,
    );
    let breaker = Family::<ClusterLabel, Gauge>::default();
    let up = Family::<ClusterLabel, Gauge>::default();
    let connectors = Family::<ConnectorLabels, Gauge>::default();
    let tasks = Family::<TaskLabels, Gauge>::default();
    for cluster in state.clusters.iter() {
        let id = cluster.id.to_string();
        breaker
            .get_or_create(&Metrics::cluster(&id))
            .set(i64::from(cluster.client.circuit_open()));
        let listing = state.fleet.listing(cluster).await;
        let Ok(entries) = &listing.entries else {
            up.get_or_create(&Metrics::cluster(&id)).set(0);
            continue;
        };
        up.get_or_create(&Metrics::cluster(&id)).set(1);
        for (name, status) in &listing.statuses {
            let tenant = entries
                .get(name)
                .and_then(|e| e.tenant.clone())
                .unwrap_or_default();
            connectors
                .get_or_create(&ConnectorLabels {
                    cluster: id.clone(),
                    connector: name.clone(),
                    tenant: tenant.clone(),
                    state: status.connector.state.as_str().to_owned(),
                })
                .set(1);
            for t in &status.tasks {
                tasks
                    .get_or_create(&TaskLabels {
                        cluster: id.clone(),
                        connector: name.clone(),
                        tenant: tenant.clone(),
                        task: t.id.to_string(),
                        state: t.state.as_str().to_owned(),
                    })
                    .set(1);
            }
        }
    }
    r.register(
        "sluice_connect_circuit_open",
        "1 while the cluster's circuit breaker fails calls fast",
        breaker,
    );
    r.register(
        "sluice_cluster_up",
        "1 when the cluster's connectors could be listed",
        up,
    );
    r.register(
        "sluice_connector_state",
        "Each connector, 1 in its current state",
        connectors,
    );
    r.register(
        "sluice_task_state",
        "Each task, 1 in its current state",
        tasks,
    );
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = encode(&mut out, &r);
    out
}
