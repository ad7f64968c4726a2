//! One cluster's alerts after a scheduler cycle: what the listing, auto-restart and the DLQ
//! sampler show, reconciled with the open alerts (`sluice_shared::health::reconcile`), stored,
//! and queued for the webhooks that take them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sluice_shared::ConnectorStatus;
use sluice_shared::fleet::FleetEntry;
use sluice_shared::health::{
    AlertKey, AlertKind, Change, WebhookEvents, generic_body, observe_connectors, reconcile,
    slack_body, unreachable,
};

use super::Alerts;
use crate::clusters::Cluster;
use crate::settings::WebhookFormat;
use crate::state::AppState;
use crate::store::{StoreError, StoredAlert};

/// What the cycle could see of the cluster.
pub enum Seen<'a> {
    Listed {
        entries: &'a BTreeMap<String, FleetEntry>,
        statuses: &'a HashMap<String, ConnectorStatus>,
    },
    /// Connect did not answer the list call.
    Unreachable(String),
}

pub async fn run(
    state: &AppState,
    cluster: &Cluster,
    seen: Seen<'_>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let id = cluster.id.as_str();
    let alerts = &state.alerts;
    let before = state.store.open_alerts(id).await?;
    let open: BTreeMap<AlertKey, _> = before
        .iter()
        .map(|(k, a)| (k.clone(), a.state.clone()))
        .collect();
    let (next, _) = match seen {
        Seen::Listed { entries, statuses } => {
            let persistent: BTreeSet<String> = state
                .store
                .restart_tracks(id)
                .await?
                .into_iter()
                .filter(|(_, t)| t.persistent_since_ms.is_some())
                .map(|(name, _)| name)
                .collect();
            let mut observed = observe_connectors(
                id,
                statuses.values().map(|s| {
                    let tenant = entries.get(&s.name).and_then(|e| e.tenant.as_deref());
                    (s, tenant)
                }),
                &persistent,
            );
            // Three sampling intervals without a comparison: the DLQs are unknown, not calm.
            let max_age = cluster.kafka.as_ref().map_or(0, |k| {
                3 * i64::try_from(k.sample_interval.as_millis()).unwrap_or(0)
            });
            let look = alerts.dlq.latest(id, now_ms, max_age).unwrap_or_default();
            observed.extend(look.observed.iter().cloned());
            let lag_age = 3 * i64::try_from(state.health.lag_interval.as_millis()).unwrap_or(0);
            let lag = alerts.lag.latest(id, now_ms, lag_age).unwrap_or_default();
            observed.extend(lag.observed.iter().cloned());
            let unlooked = |k: &AlertKey| match k.kind {
                AlertKind::DlqReceiving => {
                    !k.subject.as_ref().is_some_and(|t| look.known.contains(t))
                }
                AlertKind::LagHigh => !k.connector.as_ref().is_some_and(|c| lag.known.contains(c)),
                _ => false,
            };
            reconcile(&open, observed, unlooked, &alerts.rules, now_ms)
        }
        Seen::Unreachable(error) => reconcile(
            &open,
            vec![unreachable(id, &error)],
            |k| k.kind != AlertKind::ClusterUnreachable,
            &alerts.rules,
            now_ms,
        ),
    };
    let (open, resolved) = if next == open {
        (before.into_values().collect(), Vec::new())
    } else {
        state.store.save_alerts(id, &before, &next, now_ms).await?
    };
    notify(state, open, resolved, now_ms).await
}

/// Queues what webhooks have not heard yet: a firing alert no silence covers (also one whose
/// silence just ended), and the resolve of an alert they were told about.
async fn notify(
    state: &AppState,
    open: Vec<StoredAlert>,
    resolved: Vec<StoredAlert>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let due: Vec<StoredAlert> = open
        .into_iter()
        .filter(|a| a.state.fired_ms.is_some() && !a.notified)
        .collect();
    let resolved: Vec<StoredAlert> = resolved.into_iter().filter(|a| a.notified).collect();
    for a in &resolved {
        tracing::info!(alert.kind = a.state.key.kind.as_str(), cluster.id = %a.state.key.cluster,
            connector = a.state.key.connector.as_deref().unwrap_or(""), "alert resolved");
    }
    if due.is_empty() && resolved.is_empty() {
        return Ok(());
    }
    let silences = state.store.active_silences(now_ms).await?;
    for a in due {
        if silences
            .iter()
            .any(|s| s.silence.matches(&a.state.key, now_ms))
        {
            continue;
        }
        tracing::warn!(alert.kind = a.state.key.kind.as_str(), cluster.id = %a.state.key.cluster,
            connector = a.state.key.connector.as_deref().unwrap_or(""), summary = %a.state.summary,
            "alert firing");
        enqueue(state, &a, &Change::Fired(a.state.clone()), "fired", now_ms).await?;
        state.store.mark_alert_notified(&a.id).await?;
    }
    for a in resolved {
        let change = Change::Resolved {
            alert: a.state.clone(),
            at_ms: a.resolved_ms.unwrap_or(now_ms),
        };
        enqueue(state, &a, &change, "resolved", now_ms).await?;
    }
    Ok(())
}

async fn enqueue(
    state: &AppState,
    alert: &StoredAlert,
    change: &Change,
    what: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    let alerts: &Alerts = &state.alerts;
    for w in alerts
        .webhooks
        .iter()
        .filter(|w| w.takes(WebhookEvents::Alerts) && alert.state.severity >= w.min_severity)
    {
        let body = match w.format {
            WebhookFormat::Generic => {
                let mut b = generic_body(change);
                b["alert_id"] = alert.id.clone().into();
                b["event"] = "alert".into();
                b
            }
            WebhookFormat::Slack => slack_body(change),
        };
        state
            .store
            .enqueue_delivery(
                &w.name,
                &format!("{}:{what}", alert.id),
                &format!("alert_{what}"),
                &alert.state.summary,
                &body.to_string(),
                now_ms,
            )
            .await?;
    }
    Ok(())
}
