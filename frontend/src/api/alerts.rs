//! Alerts: open and past ones, acknowledging, silences and the webhooks' deliveries.

use sluice_shared::ApiError;
use sluice_shared::health::{AlertList, AlertView, NewSilence, SilenceView, WebhookStatus};

use super::http::{Method, call, call_empty, call_with, encode, get, query};

/// `GET /api/v1/alerts` (open), or `?status=resolved` before a time (past).
pub async fn alerts(resolved: bool, before_ms: Option<i64>) -> Result<AlertList, ApiError> {
    let mut q = vec![(
        "status",
        if resolved { "resolved" } else { "open" }.to_owned(),
    )];
    if let Some(b) = before_ms {
        q.push(("before_ms", b.to_string()));
    }
    q.push(("limit", "50".to_owned()));
    get(&format!("/api/v1/alerts?{}", query(&q))).await
}

/// `POST /api/v1/alerts/{id}/ack`
pub async fn acknowledge_alert(id: &str) -> Result<AlertView, ApiError> {
    call(Method::Post, &format!("/api/v1/alerts/{}/ack", encode(id))).await
}

/// `GET /api/v1/alerts/silences`
pub async fn silences() -> Result<Vec<SilenceView>, ApiError> {
    get("/api/v1/alerts/silences").await
}

/// `POST /api/v1/alerts/silences`
pub async fn add_silence(new: &NewSilence) -> Result<SilenceView, ApiError> {
    call_with(Method::Post, "/api/v1/alerts/silences", new).await
}

/// `DELETE /api/v1/alerts/silences/{id}`
pub async fn end_silence(id: &str) -> Result<(), ApiError> {
    call_empty(
        Method::Delete,
        &format!("/api/v1/alerts/silences/{}", encode(id)),
    )
    .await
}

/// `GET /api/v1/alerts/webhooks`
pub async fn webhooks() -> Result<Vec<WebhookStatus>, ApiError> {
    get("/api/v1/alerts/webhooks").await
}
