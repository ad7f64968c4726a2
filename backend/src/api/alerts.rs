//! Alerts: the open and past ones, acknowledging, silences, and the webhooks' deliveries.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sluice_shared::health::{AlertList, AlertView, NewSilence, SilenceView, WebhookStatus};

use crate::api::extract::{JsonBody, Path, Query};
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::alerts;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/alerts", list)
        .post("/alerts/{id}/ack", acknowledge)
        .get("/alerts/silences", silences)
        .post("/alerts/silences", silence)
        .delete("/alerts/silences/{id}", end_silence)
        .get("/alerts/webhooks", webhooks)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `open` (default) or `resolved`.
    status: Option<String>,
    /// Past alerts resolved before this time (the previous page's `next_before_ms`).
    before_ms: Option<i64>,
    limit: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<AlertList>, AppError> {
    let resolved = match q.status.as_deref() {
        None | Some("open") => false,
        Some("resolved") => true,
        Some(_) => {
            return Err(AppError::Invalid {
                field: "status",
                message: "`open` or `resolved`".into(),
            });
        }
    };
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::Invalid {
            field: "limit",
            message: "1 to 1000 alerts".into(),
        });
    }
    Ok(Json(
        alerts::list(&state, &caller, resolved, q.before_ms, limit).await?,
    ))
}

async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AlertView>, AppError> {
    Ok(Json(alerts::acknowledge(&state, &caller, &id).await?))
}

async fn silences(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<SilenceView>>, AppError> {
    Ok(Json(alerts::silences(&state, &caller).await?))
}

async fn silence(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(new): JsonBody<NewSilence>,
) -> Result<(StatusCode, Json<SilenceView>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(alerts::silence(&state, &caller, new).await?),
    ))
}

async fn end_silence(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    alerts::end_silence(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn webhooks(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<WebhookStatus>>, AppError> {
    Ok(Json(alerts::webhooks(&state, &caller).await?))
}
