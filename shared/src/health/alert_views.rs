//! What the alert routes answer and accept: alerts (open and past), silences, and how each
//! webhook's deliveries are going.

use serde::{Deserialize, Serialize};

use super::alerts::{AlertKind, Severity};

/// Where an alert is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Seen, not held long enough to fire yet.
    Pending,
    Firing,
    Resolved,
}

/// One alert as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: String,
    pub kind: AlertKind,
    pub severity: Severity,
    pub status: AlertStatus,
    pub cluster: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    /// A DLQ's topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    pub summary: String,
    pub since_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fired_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_ms: Option<i64>,
    /// Whether webhooks were told it fired.
    pub notified: bool,
    /// The silence that keeps it quiet now, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silenced_by: Option<String>,
    /// Whether the caller may acknowledge or silence it.
    pub may_handle: bool,
}

/// `GET /api/v1/alerts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertList {
    pub alerts: Vec<AlertView>,
    /// For the next page of past alerts: pass as `before_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before_ms: Option<i64>,
}

/// `POST /api/v1/alerts/silences`. An unset field matches anything; a tenant's operator must
/// name one of the tenant's connectors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSilence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AlertKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    /// How long it lasts from now.
    pub duration_secs: u64,
    pub reason: String,
}

/// The longest silence: a month. Longer is "turn the rule off", which is configuration.
pub const MAX_SILENCE_SECS: u64 = 30 * 24 * 3600;

impl NewSilence {
    /// What is wrong with it, by field.
    pub fn errors(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !(60..=MAX_SILENCE_SECS).contains(&self.duration_secs) {
            out.push((
                "duration_secs",
                "a silence lasts from one minute to 30 days".to_owned(),
            ));
        }
        let reason = self.reason.trim();
        if reason.is_empty() {
            out.push(("reason", "say why, for whoever sees it next".to_owned()));
        } else if reason.chars().count() > 500 {
            out.push(("reason", "at most 500 characters".to_owned()));
        }
        if self.connector.is_some() && self.cluster.is_none() {
            out.push((
                "cluster",
                "a connector is named within its cluster".to_owned(),
            ));
        }
        for (field, v) in [("cluster", &self.cluster), ("connector", &self.connector)] {
            if v.as_deref()
                .is_some_and(|v| v.trim().is_empty() || v.len() > 255)
            {
                out.push((field, "1 to 255 characters, or leave it out".to_owned()));
            }
        }
        out
    }
}

/// A silence as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SilenceView {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AlertKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector: Option<String>,
    pub created_ms: i64,
    pub until_ms: i64,
    pub by: String,
    pub reason: String,
    pub may_end: bool,
}

/// What a webhook is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookEvents {
    Alerts,
    Audit,
}

/// A delivery that gave up after its retries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDelivery {
    pub at_ms: i64,
    /// `alert_fired`, `alert_resolved` or `audit`.
    pub event: String,
    pub summary: String,
    pub attempts: u32,
    pub error: String,
}

/// `GET /api/v1/alerts/webhooks`: each configured webhook (never its URL, which often is the
/// secret) and how its deliveries went over the last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookStatus {
    pub name: String,
    /// `generic` or `slack`.
    pub format: String,
    pub events: Vec<WebhookEvents>,
    pub min_severity: Severity,
    pub delivered_last_day: u64,
    pub failed_last_day: u64,
    /// Waiting for their first attempt or a retry.
    pub pending: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_delivered_ms: Option<i64>,
    /// The latest error of a delivery still being retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrying_error: Option<String>,
    pub recent_failures: Vec<FailedDelivery>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silence_needs_a_reason_a_sane_length_and_its_connectors_cluster() {
        let ok = NewSilence {
            cluster: Some("prod".into()),
            connector: Some("orders".into()),
            duration_secs: 3600,
            reason: "migrating the database".into(),
            ..NewSilence::default()
        };
        assert!(ok.errors().is_empty());
        let bad = NewSilence {
            connector: Some("orders".into()),
            duration_secs: 10,
            reason: "  ".into(),
            ..NewSilence::default()
        };
        let fields: Vec<_> = bad.errors().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["duration_secs", "reason", "cluster"]);
        let forever = NewSilence {
            duration_secs: MAX_SILENCE_SECS + 1,
            ..ok
        };
        assert_eq!(forever.errors()[0].0, "duration_secs");
    }
}
