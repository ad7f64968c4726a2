//! Alerts as people see and handle them: open and past alerts a caller may see, acknowledging,
//! silences, and how the webhooks are doing. Tenants' callers see their tenant's alerts and the
//! console's (a cluster's); acknowledging and silencing follow `Action::HandleAlerts`.

use sluice_shared::health::{
    AlertList, AlertStatus, AlertView, NewSilence, SilenceView, WebhookStatus,
};
use sluice_shared::policy::{Action, Resource};

use super::target::authorize_raw;
use crate::auth::Caller;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AlertFilter, StoredAlert, StoredSilence};

/// What an alert is about, for the policy: its connector (with the owner it had), or the
/// console when it concerns a whole cluster.
fn resource(connector: Option<&str>, tenant: Option<&str>) -> Resource {
    match connector {
        Some(_) => Resource::Connector {
            owner: tenant.map(str::to_owned),
        },
        None => Resource::Console,
    }
}

fn visible(caller: &Caller, a: &StoredAlert) -> bool {
    match &caller.principal.tenant {
        None => true,
        Some(own) => a.state.key.connector.is_none() || a.state.tenant.as_deref() == Some(own),
    }
}

fn view(caller: &Caller, a: StoredAlert, silences: &[StoredSilence], now: i64) -> AlertView {
    let k = &a.state.key;
    let status = match (a.resolved_ms, a.state.fired_ms) {
        (Some(_), _) => AlertStatus::Resolved,
        (None, Some(_)) => AlertStatus::Firing,
        (None, None) => AlertStatus::Pending,
    };
    let silenced_by = (status != AlertStatus::Resolved)
        .then(|| silences.iter().find(|s| s.silence.matches(k, now)))
        .flatten()
        .map(|s| s.silence.id.clone());
    let may_handle = caller.principal.may(
        Action::HandleAlerts,
        &resource(k.connector.as_deref(), a.state.tenant.as_deref()),
    );
    AlertView {
        id: a.id,
        kind: k.kind,
        severity: a.state.severity,
        status,
        cluster: k.cluster.clone(),
        connector: k.connector.clone(),
        subject: k.subject.clone(),
        tenant: a.state.tenant,
        summary: a.state.summary,
        since_ms: a.state.since_ms,
        fired_ms: a.state.fired_ms,
        resolved_ms: a.resolved_ms,
        acked_by: a.acked_by,
        acked_ms: a.acked_ms,
        notified: a.notified,
        silenced_by,
        may_handle,
    }
}

/// Open alerts (most severe, newest first) or a page of past ones.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    resolved: bool,
    before_ms: Option<i64>,
    limit: i64,
) -> Result<AlertList, AppError> {
    let now = now_ms();
    let filter = AlertFilter {
        resolved,
        tenant: caller.principal.tenant.clone(),
        before_ms,
        limit,
        ..AlertFilter::default()
    };
    let alerts = state.store.alerts(&filter).await?;
    let next_before_ms = (resolved && alerts.len() as i64 >= limit)
        .then(|| alerts.last().and_then(|a| a.resolved_ms))
        .flatten();
    let silences = state.store.active_silences(now).await?;
    Ok(AlertList {
        alerts: alerts
            .into_iter()
            .map(|a| view(caller, a, &silences, now))
            .collect(),
        next_before_ms,
    })
}

/// Marks an alert as seen to by the caller; the first acknowledgement stands.
pub async fn acknowledge(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<AlertView, AppError> {
    let alert = state
        .store
        .alert(id)
        .await?
        .filter(|a| visible(caller, a))
        .ok_or(AppError::NotFound("alert"))?;
    let k = &alert.state.key;
    caller.require(
        Action::HandleAlerts,
        &resource(k.connector.as_deref(), alert.state.tenant.as_deref()),
    )?;
    let now = now_ms();
    let mut entry = caller.audit("alert_acknowledged");
    entry.tenant_id = alert.state.tenant.clone();
    entry.cluster_id = Some(k.cluster.clone());
    entry.connector_name = k.connector.clone();
    entry.detail = Some(
        serde_json::json!({ "kind": k.kind.as_str(), "summary": alert.state.summary }).to_string(),
    );
    // Pending first (see `Store::audited`); someone else may have acknowledged it meanwhile.
    state.store.intend_audit(&entry).await?;
    let acked = state.store.ack_alert(id, &caller.actor.label(), now).await;
    if matches!(acked, Ok(false)) {
        entry.result = "ok: it was already acknowledged".to_owned();
    }
    entry.record_outcome(&acked);
    state.store.append_audit(&entry).await?;
    acked?;
    let alert = state
        .store
        .alert(id)
        .await?
        .ok_or(AppError::NotFound("alert"))?;
    let silences = state.store.active_silences(now).await?;
    Ok(view(caller, alert, &silences, now))
}

fn silence_visible(caller: &Caller, s: &StoredSilence) -> bool {
    match &caller.principal.tenant {
        None => true,
        Some(own) => s.silence.connector.is_none() || s.tenant.as_deref() == Some(own),
    }
}

fn silence_view(caller: &Caller, s: StoredSilence) -> SilenceView {
    let may_end = caller.principal.may(
        Action::HandleAlerts,
        &resource(s.silence.connector.as_deref(), s.tenant.as_deref()),
    );
    SilenceView {
        id: s.silence.id,
        kind: s.silence.kind,
        cluster: s.silence.cluster,
        connector: s.silence.connector,
        created_ms: s.created_ms,
        until_ms: s.silence.until_ms,
        by: s.silence.by,
        reason: s.silence.reason,
        may_end,
    }
}

/// Silences in force the caller may see.
pub async fn silences(state: &AppState, caller: &Caller) -> Result<Vec<SilenceView>, AppError> {
    Ok(state
        .store
        .active_silences(now_ms())
        .await?
        .into_iter()
        .filter(|s| silence_visible(caller, s))
        .map(|s| silence_view(caller, s))
        .collect())
}

/// Silences alerts from now for a while. A tenant's operator silences their own connectors;
/// wider silences (a kind, a cluster, everything) are for console-wide staff.
pub async fn silence(
    state: &AppState,
    caller: &Caller,
    new: NewSilence,
) -> Result<SilenceView, AppError> {
    AppError::check_fields(new.errors())?;
    let tenant = match (&new.cluster, &new.connector) {
        (Some(cluster), Some(connector)) => {
            authorize_raw(state, caller, cluster, connector, Action::HandleAlerts)
                .await?
                .owner
        }
        (cluster, None) => {
            caller.require(Action::HandleAlerts, &Resource::Console)?;
            if let Some(c) = cluster {
                let id = sluice_shared::ClusterId::parse(c)
                    .map_err(|e| AppError::invalid_name("cluster", e))?;
                state.clusters.get(&id)?;
            }
            None
        }
        // `errors()` refused a connector without its cluster.
        (None, Some(_)) => return Err(AppError::NotFound("cluster")),
    };
    let now = now_ms();
    let secs = i64::try_from(new.duration_secs).unwrap_or(i64::MAX / 2_000);
    let stored = StoredSilence {
        silence: sluice_shared::health::Silence {
            id: uuid::Uuid::new_v4().to_string(),
            kind: new.kind,
            cluster: new.cluster.clone(),
            connector: new.connector.clone(),
            until_ms: now + secs * 1000,
            by: caller.actor.label(),
            reason: new.reason.trim().to_owned(),
        },
        tenant,
        created_ms: now,
    };
    let mut entry = caller.audit("alert_silenced");
    entry.tenant_id = stored.tenant.clone();
    entry.cluster_id = new.cluster;
    entry.connector_name = new.connector;
    entry.detail = Some(
        serde_json::json!({
            "silence": stored.silence.id,
            "kind": new.kind.map(|k| k.as_str()),
            "until_ms": stored.silence.until_ms,
            "reason": stored.silence.reason,
        })
        .to_string(),
    );
    state
        .store
        .audited(&mut entry, state.store.add_silence(&stored))
        .await?;
    Ok(silence_view(caller, stored))
}

/// Ends a silence now.
pub async fn end_silence(state: &AppState, caller: &Caller, id: &str) -> Result<(), AppError> {
    let now = now_ms();
    let s = state
        .store
        .silence(id)
        .await?
        .filter(|s| s.silence.until_ms > now && silence_visible(caller, s))
        .ok_or(AppError::NotFound("silence"))?;
    caller.require(
        Action::HandleAlerts,
        &resource(s.silence.connector.as_deref(), s.tenant.as_deref()),
    )?;
    let mut entry = caller.audit("alert_silence_ended");
    entry.tenant_id = s.tenant;
    entry.cluster_id = s.silence.cluster;
    entry.connector_name = s.silence.connector;
    entry.detail = Some(serde_json::json!({ "silence": id }).to_string());
    state
        .store
        .audited(&mut entry, state.store.end_silence(id, now))
        .await?;
    Ok(())
}

/// Each webhook and its deliveries over the last day (console-wide staff only: a webhook
/// carries every tenant's alerts).
pub async fn webhooks(state: &AppState, caller: &Caller) -> Result<Vec<WebhookStatus>, AppError> {
    caller.require(Action::HandleAlerts, &Resource::Console)?;
    let since = now_ms() - 86_400_000;
    let mut out = Vec::new();
    for w in &state.alerts.webhooks {
        let stats = state.store.delivery_stats(&w.name, since).await?;
        out.push(WebhookStatus {
            name: w.name.clone(),
            format: w.format.as_str().to_owned(),
            events: w.events.clone(),
            min_severity: w.min_severity,
            delivered_last_day: stats.delivered,
            failed_last_day: stats.failed,
            pending: stats.pending,
            last_delivered_ms: stats.last_delivered_ms,
            retrying_error: stats.retrying_error,
            recent_failures: stats.recent_failures,
        });
    }
    Ok(out)
}
