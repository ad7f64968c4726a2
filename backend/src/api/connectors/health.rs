//! A connector's health: its timeline, how far it is behind, and its auto-restart (state, override and pause, the
//! acknowledgement of a persistent failure).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use sluice_shared::health::{AutoRestart, AutoRestartChange, ConnectorLag, Timeline};

use super::authorized::{Authorized, Operate, Read};
use crate::api::extract::{JsonBody, Query};
use crate::api::routes::Routes;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::service::{auto_restart, lag, timeline};
use crate::state::AppState;

pub fn routes() -> Routes {
    let auto = "/clusters/{cluster}/connectors/{name}/auto-restart";
    Routes::default()
        .get(
            "/clusters/{cluster}/connectors/{name}/timeline",
            read_timeline,
        )
        .get("/clusters/{cluster}/connectors/{name}/lag", read_lag)
        .get(auto, read_auto_restart)
        .put(auto, change_auto_restart)
        .post(
            "/clusters/{cluster}/connectors/{name}/auto-restart/acknowledge",
            acknowledge,
        )
}

/// A time range; the last day when not given.
#[derive(Debug, Deserialize)]
pub struct Range {
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl Range {
    pub fn resolve(&self) -> Result<(i64, i64), AppError> {
        let to = self.to_ms.unwrap_or_else(now_ms);
        let from = self.from_ms.unwrap_or(to - 86_400_000);
        if from > to {
            return Err(AppError::Invalid {
                field: "from_ms",
                message: "the range starts after it ends".into(),
            });
        }
        Ok((from, to))
    }
}

async fn read_timeline(
    State(state): State<AppState>,
    // Before the connector: a malformed range is refused whoever asks.
    Query(range): Query<Range>,
    a: Authorized<Read>,
) -> Result<Json<Timeline>, AppError> {
    let (from, to) = range.resolve()?;
    Ok(Json(timeline::read(&state, &a.target, from, to).await?))
}

/// The lag now, and the samples of the last day.
async fn read_lag(
    State(state): State<AppState>,
    a: Authorized<Read>,
) -> Result<Json<ConnectorLag>, AppError> {
    let (cluster, name) = (&a.target.cluster, &a.target.name);
    let mut lag = lag::measure(cluster, name).await?;
    lag.history = state
        .store
        .lag_samples(cluster.id.as_str(), name.as_str(), lag.at_ms - 86_400_000)
        .await?;
    Ok(Json(lag))
}

async fn read_auto_restart(
    State(state): State<AppState>,
    a: Authorized<Read>,
) -> Result<Json<AutoRestart>, AppError> {
    Ok(Json(auto_restart::view(&state, &a.target).await?))
}

async fn change_auto_restart(
    State(state): State<AppState>,
    a: Authorized<Operate>,
    JsonBody(change): JsonBody<AutoRestartChange>,
) -> Result<Json<AutoRestart>, AppError> {
    Ok(Json(
        auto_restart::change(&state, &a.caller, &a.target, &change).await?,
    ))
}

async fn acknowledge(
    State(state): State<AppState>,
    a: Authorized<Operate>,
) -> Result<Json<AutoRestart>, AppError> {
    Ok(Json(
        auto_restart::acknowledge(&state, &a.caller, &a.target).await?,
    ))
}
