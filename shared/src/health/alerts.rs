//! Alerts as pure logic: the conditions a scheduler cycle observes, when a condition has held
//! long enough to fire, when a firing alert resolves, whether a silence hides it, and the
//! bodies webhooks receive (generic JSON and a Slack-compatible `{"text"}`). The backend keeps
//! the open alerts in its database and carries out the deliveries.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{ConnectorState, ConnectorStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// The connector or one of its tasks is FAILED.
    Failed,
    /// Auto-restart gave up: attempts spent, still failing.
    PersistentFailure,
    /// A RUNNING connector with no tasks (nothing is moving data).
    NoTasks,
    /// The cluster's connectors cannot be listed.
    ClusterUnreachable,
    /// A dead-letter queue received records since the last sample.
    DlqReceiving,
    /// Lag measured above its threshold.
    LagHigh,
}

impl AlertKind {
    pub const ALL: [AlertKind; 6] = [
        Self::Failed,
        Self::PersistentFailure,
        Self::NoTasks,
        Self::ClusterUnreachable,
        Self::DlqReceiving,
        Self::LagHigh,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// In a sentence: "cluster unreachable".
    pub fn label(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::PersistentFailure => "persistent failure",
            Self::NoTasks => "running without tasks",
            Self::ClusterUnreachable => "cluster unreachable",
            Self::DlqReceiving => "DLQ receiving records",
            Self::LagHigh => "lag above threshold",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::PersistentFailure => "persistent_failure",
            Self::NoTasks => "no_tasks",
            Self::ClusterUnreachable => "cluster_unreachable",
            Self::DlqReceiving => "dlq_receiving",
            Self::LagHigh => "lag_high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Warning, Self::Critical]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// What an alert is about. Observations with the same key are one alert: seen every cycle, it
/// fires once and resolves once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AlertKey {
    pub kind: AlertKind,
    pub cluster: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    /// A DLQ's topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// A condition seen in this cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub key: AlertKey,
    pub tenant: Option<String>,
    pub severity: Severity,
    pub summary: String,
}

/// How long each condition must hold before it fires. A persistent failure and a DLQ
/// receiving records fire at once: each is already the result of a wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertRules {
    pub failed_for_secs: u64,
    pub no_tasks_for_secs: u64,
    pub unreachable_for_secs: u64,
}

impl Default for AlertRules {
    fn default() -> Self {
        Self {
            failed_for_secs: 60,
            no_tasks_for_secs: 120,
            unreachable_for_secs: 60,
        }
    }
}

impl AlertRules {
    fn hold_ms(&self, kind: AlertKind) -> i64 {
        let secs = match kind {
            AlertKind::Failed => self.failed_for_secs,
            AlertKind::NoTasks => self.no_tasks_for_secs,
            AlertKind::ClusterUnreachable => self.unreachable_for_secs,
            // Each is already the result of a wait or a sampled measurement.
            AlertKind::PersistentFailure | AlertKind::DlqReceiving | AlertKind::LagHigh => 0,
        };
        i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }
}

/// An open alert: pending (seen, not held long enough yet) or firing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertState {
    pub key: AlertKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    pub severity: Severity,
    pub summary: String,
    /// When the condition was first seen.
    pub since_ms: i64,
    /// When it fired; `None` while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fired_ms: Option<i64>,
}

/// What a cycle changed: what webhooks hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Fired(AlertState),
    Resolved { alert: AlertState, at_ms: i64 },
}

/// The open alerts after this cycle's observations, and what changed. A condition still seen
/// keeps its start (and its latest summary); a new one is pending; a pending one held long
/// enough fires; a firing one no longer seen resolves, a pending one just goes. Alerts this
/// cycle could not look at (`unlooked`: a cluster that did not answer, DLQs not measured) stay
/// as they are: unknown is not resolved.
pub fn reconcile(
    open: &BTreeMap<AlertKey, AlertState>,
    seen: Vec<Observation>,
    unlooked: impl Fn(&AlertKey) -> bool,
    rules: &AlertRules,
    now_ms: i64,
) -> (BTreeMap<AlertKey, AlertState>, Vec<Change>) {
    let mut next = BTreeMap::new();
    let mut changes = Vec::new();
    for o in seen {
        let mut alert = match open.get(&o.key) {
            Some(a) => AlertState {
                summary: o.summary,
                severity: o.severity,
                tenant: o.tenant,
                ..a.clone()
            },
            None => AlertState {
                key: o.key.clone(),
                tenant: o.tenant,
                severity: o.severity,
                summary: o.summary,
                since_ms: now_ms,
                fired_ms: None,
            },
        };
        if alert.fired_ms.is_none() && now_ms - alert.since_ms >= rules.hold_ms(o.key.kind) {
            alert.fired_ms = Some(now_ms);
            changes.push(Change::Fired(alert.clone()));
        }
        next.insert(o.key, alert);
    }
    for (key, alert) in open {
        if next.contains_key(key) {
            continue;
        }
        if unlooked(key) {
            next.insert(key.clone(), alert.clone());
        } else if alert.fired_ms.is_some() {
            changes.push(Change::Resolved {
                alert: alert.clone(),
                at_ms: now_ms,
            });
        }
    }
    (next, changes)
}

/// The conditions one cluster's listing shows: failed connectors or tasks, running connectors
/// without tasks, and the persistent failures auto-restart declared.
pub fn observe_connectors<'a>(
    cluster: &str,
    connectors: impl IntoIterator<Item = (&'a ConnectorStatus, Option<&'a str>)>,
    persistent: &BTreeSet<String>,
) -> Vec<Observation> {
    let mut out = Vec::new();
    for (s, tenant) in connectors {
        let key = |kind| AlertKey {
            kind,
            cluster: cluster.to_owned(),
            connector: Some(s.name.clone()),
            subject: None,
        };
        let tenant = tenant.map(str::to_owned);
        let failed_tasks: Vec<String> = s
            .tasks
            .iter()
            .filter(|t| t.state == ConnectorState::Failed)
            .map(|t| t.id.to_string())
            .collect();
        if s.connector.state == ConnectorState::Failed || !failed_tasks.is_empty() {
            let what = if s.connector.state == ConnectorState::Failed {
                "the connector".to_owned()
            } else {
                format!("task {}", failed_tasks.join(", "))
            };
            out.push(Observation {
                key: key(AlertKind::Failed),
                tenant: tenant.clone(),
                severity: Severity::Warning,
                summary: format!("{}: {what} FAILED", s.name),
            });
        }
        if s.connector.state == ConnectorState::Running && s.tasks.is_empty() {
            out.push(Observation {
                key: key(AlertKind::NoTasks),
                tenant: tenant.clone(),
                severity: Severity::Warning,
                summary: format!("{} is RUNNING with no tasks", s.name),
            });
        }
        if persistent.contains(&s.name) {
            out.push(Observation {
                key: key(AlertKind::PersistentFailure),
                tenant,
                severity: Severity::Critical,
                summary: format!(
                    "{}: automatic restarts did not fix it; acknowledge once the cause is fixed",
                    s.name
                ),
            });
        }
    }
    out
}

/// The cluster's connectors could not be listed.
pub fn unreachable(cluster: &str, error: &str) -> Observation {
    Observation {
        key: AlertKey {
            kind: AlertKind::ClusterUnreachable,
            cluster: cluster.to_owned(),
            connector: None,
            subject: None,
        },
        tenant: None,
        severity: Severity::Critical,
        summary: format!("cluster {cluster} does not answer: {error}"),
    }
}

/// A connector's DLQ received `new_records` since the sample before.
pub fn dlq_receiving(
    cluster: &str,
    connector: &str,
    tenant: Option<&str>,
    topic: &str,
    new_records: u64,
) -> Observation {
    Observation {
        key: AlertKey {
            kind: AlertKind::DlqReceiving,
            cluster: cluster.to_owned(),
            connector: Some(connector.to_owned()),
            subject: Some(topic.to_owned()),
        },
        tenant: tenant.map(str::to_owned),
        severity: Severity::Warning,
        summary: format!(
            "{connector}: {new_records} record{} sent to its dead-letter queue {topic}",
            if new_records == 1 { "" } else { "s" }
        ),
    }
}

/// A connector's measured lag is above its threshold.
pub fn lag_high(
    cluster: &str,
    connector: &str,
    tenant: Option<&str>,
    figure: &crate::health::LagFigure,
    threshold: u64,
) -> Option<Observation> {
    let value = figure.value?;
    (value > threshold).then(|| Observation {
        key: AlertKey {
            kind: AlertKind::LagHigh,
            cluster: cluster.to_owned(),
            connector: Some(connector.to_owned()),
            subject: None,
        },
        tenant: tenant.map(str::to_owned),
        severity: Severity::Warning,
        summary: format!(
            "{connector}: {value} {} behind (threshold {threshold})",
            figure.measure.unit()
        ),
    })
}

/// One line for an audit entry in a chat webhook.
pub fn audit_text(actor: &str, action: &str, target: Option<&str>, result: &str) -> String {
    let on = target.map(|t| format!(" on {t}")).unwrap_or_default();
    let outcome = if result == "ok" {
        String::new()
    } else {
        format!(" ({result})")
    };
    format!("{actor}: {action}{on}{outcome}")
}

/// A silence: alerts it matches notify nobody until it ends. An unset field matches anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Silence {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AlertKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    pub until_ms: i64,
    pub by: String,
    pub reason: String,
}

impl Silence {
    pub fn matches(&self, key: &AlertKey, now_ms: i64) -> bool {
        now_ms < self.until_ms
            && self.kind.is_none_or(|k| k == key.kind)
            && self.cluster.as_ref().is_none_or(|c| *c == key.cluster)
            && self
                .connector
                .as_ref()
                .is_none_or(|c| key.connector.as_ref() == Some(c))
    }
}

/// The generic webhook body.
pub fn generic_body(change: &Change) -> serde_json::Value {
    let (status, alert, resolved) = match change {
        Change::Fired(a) => ("firing", a, None),
        Change::Resolved { alert, at_ms } => ("resolved", alert, Some(*at_ms)),
    };
    serde_json::json!({
        "status": status,
        "kind": alert.key.kind.as_str(),
        "severity": alert.severity,
        "cluster": alert.key.cluster,
        "connector": alert.key.connector,
        "subject": alert.key.subject,
        "tenant": alert.tenant,
        "summary": alert.summary,
        "since_ms": alert.since_ms,
        "fired_ms": alert.fired_ms,
        "resolved_ms": resolved,
    })
}

/// A body Slack's (and Mattermost's, Rocket.Chat's) incoming webhooks accept.
pub fn slack_body(change: &Change) -> serde_json::Value {
    let text = match change {
        Change::Fired(a) => format!(
            "{} [{}] {} (cluster {})",
            if a.severity == Severity::Critical {
                ":red_circle:"
            } else {
                ":warning:"
            },
            a.key.kind.as_str(),
            a.summary,
            a.key.cluster
        ),
        Change::Resolved { alert, .. } => format!(
            ":white_check_mark: [resolved] {} (cluster {})",
            alert.summary, alert.key.cluster
        ),
    };
    serde_json::json!({ "text": text })
}

/// The wait before delivery attempt `n + 1` of a webhook (`None`: give up and show it failed).
pub fn retry_delay_secs(n: u32) -> Option<u64> {
    [5, 15, 60, 300, 900].get(usize::try_from(n).ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConnectorType, InstanceStatus, TaskStatus};

    fn failing(name: &str) -> ConnectorStatus {
        ConnectorStatus {
            name: name.into(),
            connector: InstanceStatus {
                state: ConnectorState::Running,
                worker_id: "w".into(),
                trace: None,
                version: None,
            },
            tasks: vec![TaskStatus {
                id: 0,
                state: ConnectorState::Failed,
                worker_id: "w".into(),
                trace: None,
                version: None,
            }],
            connector_type: ConnectorType::Sink,
        }
    }

    fn cycle(
        open: &BTreeMap<AlertKey, AlertState>,
        seen: &[ConnectorStatus],
        now: i64,
    ) -> (BTreeMap<AlertKey, AlertState>, Vec<Change>) {
        let obs = observe_connectors(
            "c1",
            seen.iter().map(|s| (s, Some("acme"))),
            &BTreeSet::new(),
        );
        reconcile(open, obs, |_| false, &AlertRules::default(), now)
    }

    #[test]
    fn a_failure_fires_once_after_its_hold_and_resolves_once() {
        let bad = [failing("sink")];
        let (open, changes) = cycle(&BTreeMap::new(), &bad, 0);
        assert!(changes.is_empty(), "pending for a minute");
        let (open, changes) = cycle(&open, &bad, 30_000);
        assert!(changes.is_empty());
        let (open, changes) = cycle(&open, &bad, 60_000);
        assert!(
            matches!(&changes[..], [Change::Fired(a)] if a.since_ms == 0 && a.summary.contains("task 0"))
        );
        let (open, changes) = cycle(&open, &bad, 70_000);
        assert!(changes.is_empty(), "deduplicated");
        let (open, changes) = cycle(&open, &[], 80_000);
        assert!(matches!(
            &changes[..],
            [Change::Resolved { at_ms: 80_000, .. }]
        ));
        assert!(open.is_empty());
    }

    #[test]
    fn a_short_failure_never_fires_and_an_unseen_cluster_resolves_nothing() {
        let bad = [failing("sink")];
        let (open, _) = cycle(&BTreeMap::new(), &bad, 0);
        let (open, changes) = cycle(&open, &[], 10_000);
        assert!(
            changes.is_empty() && open.is_empty(),
            "pending went quietly"
        );
        let (open, _) = cycle(&BTreeMap::new(), &bad, 0);
        let (open, _) = cycle(&open, &bad, 60_000);
        let unseen = |k: &AlertKey| k.cluster == "c1";
        let (open, changes) = reconcile(&open, vec![], unseen, &AlertRules::default(), 70_000);
        assert!(changes.is_empty());
        assert_eq!(open.len(), 1, "unknown is not resolved");
    }

    #[test]
    fn persistent_failures_fire_at_once_as_critical_and_silences_match_by_field() {
        let s = failing("sink");
        let persistent = BTreeSet::from(["sink".to_owned()]);
        let obs = observe_connectors("c1", [(&s, None)], &persistent);
        let (_, changes) = reconcile(&BTreeMap::new(), obs, |_| false, &AlertRules::default(), 5);
        let fired: Vec<&AlertState> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Fired(a) => Some(a),
                Change::Resolved { .. } => None,
            })
            .collect();
        assert_eq!(fired.len(), 1);
        assert_eq!(
            (fired[0].key.kind, fired[0].severity),
            (AlertKind::PersistentFailure, Severity::Critical)
        );
        let silence = Silence {
            id: "s".into(),
            kind: None,
            cluster: Some("c1".into()),
            connector: Some("sink".into()),
            until_ms: 100,
            by: "ann".into(),
            reason: "maintenance".into(),
        };
        assert!(silence.matches(&fired[0].key, 50));
        assert!(!silence.matches(&fired[0].key, 100), "ended");
        let slack = slack_body(&Change::Fired(fired[0].clone()));
        assert!(
            slack["text"]
                .as_str()
                .unwrap()
                .starts_with(":red_circle: [persistent_failure] sink")
        );
        let generic = generic_body(&Change::Resolved {
            alert: fired[0].clone(),
            at_ms: 9,
        });
        assert_eq!(
            (generic["status"].as_str(), generic["resolved_ms"].as_i64()),
            (Some("resolved"), Some(9))
        );
        assert_eq!(retry_delay_secs(0), Some(5));
        for k in AlertKind::ALL {
            assert_eq!(AlertKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Severity::parse("critical"), Some(Severity::Critical));
        let down = unreachable("c1", "connection refused");
        let dlq = dlq_receiving("c1", "sink", Some("acme"), "dlq.sink", 1);
        assert_eq!(down.severity, Severity::Critical);
        assert_eq!(
            dlq.summary,
            "sink: 1 record sent to its dead-letter queue dlq.sink"
        );
        let (open, _) = reconcile(
            &BTreeMap::new(),
            vec![down, dlq],
            |_| false,
            &AlertRules::default(),
            0,
        );
        let (_, changes) = reconcile(
            &open,
            vec![],
            |k| k.kind == AlertKind::DlqReceiving,
            &AlertRules::default(),
            60_000,
        );
        assert!(
            changes.is_empty(),
            "pending unreachable went quietly, unmeasured DLQ kept"
        );
        let figure = crate::health::LagFigure {
            measure: crate::health::LagMeasure::Records,
            value: Some(500),
            source: "group".into(),
            unknown: None,
        };
        assert!(
            lag_high("c1", "sink", None, &figure, 500).is_none(),
            "at the threshold is fine"
        );
        let high = lag_high("c1", "sink", None, &figure, 499).expect("above");
        assert_eq!(high.summary, "sink: 500 records behind (threshold 499)");
        assert_eq!(
            audit_text("ann", "restart", Some("prod/orders"), "failed: 409"),
            "ann: restart on prod/orders (failed: 409)"
        );
        assert_eq!(retry_delay_secs(5), None, "gives up after five retries");
    }
}
