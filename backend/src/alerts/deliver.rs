//! Webhook deliveries: the lease holder queues new audit entries for webhooks that take them,
//! then posts every due delivery, retrying on the shared schedule
//! (`sluice_shared::health::retry_delay_secs`) and giving up visibly.

use std::time::Duration;

use futures::StreamExt;
use sluice_shared::health::{WebhookEvents, audit_text, retry_delay_secs};

use super::Webhook;
use crate::clock::now_ms;
use crate::settings::WebhookFormat;
use crate::state::AppState;
use crate::store::{AuditEntry, Delivery, Outcome, StoreError};

/// How far back an audit entry written late (its time is taken before a slow Connect call)
/// is still picked up.
const AUDIT_LATE_MS: i64 = 10 * 60_000;
/// Posts in flight at once.
const CONCURRENCY: usize = 4;

/// Notes when each audit webhook was first configured, before anything is audited: from
/// then on it gets every entry.
pub async fn register(state: &AppState) -> Result<(), StoreError> {
    for w in state
        .alerts
        .webhooks
        .iter()
        .filter(|w| w.takes(WebhookEvents::Audit))
    {
        state.store.webhook_since(&w.name, now_ms()).await?;
    }
    Ok(())
}

pub fn start(state: AppState) {
    if state.alerts.webhooks.is_empty() {
        return;
    }
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(1));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if !state.health.leadership.is_leader() {
                continue;
            }
            if let Err(e) = queue_audit(&state).await {
                tracing::warn!(error = %e, "audit entries not queued for webhooks");
            }
            if let Err(e) = deliver_due(&state).await {
                tracing::warn!(error = %e, "webhook deliveries not read");
            }
        }
    });
}

async fn queue_audit(state: &AppState) -> Result<(), StoreError> {
    let now = now_ms();
    for w in state
        .alerts
        .webhooks
        .iter()
        .filter(|w| w.takes(WebhookEvents::Audit))
    {
        let since = state
            .store
            .webhook_since(&w.name, now)
            .await?
            .max(now - AUDIT_LATE_MS);
        for e in state.store.audit_not_queued(&w.name, since, 200).await? {
            let summary = audit_text(&e.actor, &e.action, target(&e).as_deref(), &e.result);
            let body = audit_body(w.format, &e, &summary);
            state
                .store
                .enqueue_delivery(&w.name, &e.id, "audit", &summary, &body.to_string(), now)
                .await?;
        }
    }
    Ok(())
}

fn target(e: &AuditEntry) -> Option<String> {
    match (&e.cluster_id, &e.connector_name) {
        (Some(c), Some(n)) => Some(format!("{c}/{n}")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(n)) => Some(n.clone()),
        (None, None) => None,
    }
}

/// The audit entry as a webhook gets it; its detail was redacted before it was stored.
fn audit_body(format: WebhookFormat, e: &AuditEntry, summary: &str) -> serde_json::Value {
    match format {
        WebhookFormat::Slack => serde_json::json!({ "text": summary }),
        WebhookFormat::Generic => serde_json::json!({
            "event": "audit",
            "id": e.id,
            "at_ms": e.at,
            "actor": e.actor,
            "action": e.action,
            "tenant": e.tenant_id,
            "cluster": e.cluster_id,
            "connector": e.connector_name,
            "detail": e.detail.as_deref().map(|d| serde_json::from_str::<serde_json::Value>(d)
                .unwrap_or_else(|_| d.into())),
            "result": e.result,
        }),
    }
}

async fn deliver_due(state: &AppState) -> Result<(), StoreError> {
    let due = state.store.due_deliveries(now_ms(), 50).await?;
    let results: Vec<Result<(), StoreError>> = futures::stream::iter(due)
        .map(|d| attempt(state, d))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    results.into_iter().collect()
}

async fn attempt(state: &AppState, d: Delivery) -> Result<(), StoreError> {
    let Some(w) = state.alerts.webhooks.iter().find(|w| w.name == d.webhook) else {
        // Configured once, gone since: nobody to deliver to.
        return state
            .store
            .delivery_attempted(
                &d.id,
                Outcome::Failed {
                    error: "the webhook is no longer configured",
                },
                now_ms(),
            )
            .await;
    };
    let result = post(state, w, &d.body).await;
    let now = now_ms();
    let label = crate::metrics::WebhookLabels {
        webhook: w.name.clone(),
        result: if result.is_ok() { "delivered" } else { "error" }.to_owned(),
    };
    state.metrics.webhook_posts.get_or_create(&label).inc();
    let outcome = match &result {
        Ok(()) => Outcome::Delivered,
        Err(error) => match retry_delay_secs(d.attempts) {
            Some(secs) => Outcome::Retry {
                next_ms: now + i64::try_from(secs).unwrap_or(i64::MAX / 2) * 1000,
                error,
            },
            None => {
                tracing::warn!(webhook = %w.name, event = %d.event, %error, "webhook delivery given up");
                Outcome::Failed { error }
            }
        },
    };
    state.store.delivery_attempted(&d.id, outcome, now).await
}

/// Posts a body; any 2xx is delivered. Errors never carry the URL.
async fn post(state: &AppState, w: &Webhook, body: &str) -> Result<(), String> {
    let answer = state
        .alerts
        .http
        .post(w.url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::USER_AGENT, "sluice")
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    let status = answer.status();
    if status.is_success() {
        return Ok(());
    }
    let text = answer.text().await.unwrap_or_default();
    let text: String = text.chars().take(200).collect();
    Err(format!("HTTP {}: {}", status.as_u16(), text.trim()))
}
