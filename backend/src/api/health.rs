//! Liveness and readiness probes for orchestrators.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready to take traffic when its database answers. Connect being down does not make Sluice
/// unready: the UI shows that state itself, and restarting the console would not fix the cluster.
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.store.ping().await;
    let clusters: Vec<Value> = state
        .clusters
        .iter()
        .map(|c| json!({"id": c.id.as_str(), "circuit_open": c.client.circuit_open()}))
        .collect();
    let status = if database {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = if database {
        "ready"
    } else {
        "database unreachable"
    };
    (
        status,
        Json(json!({ "status": word, "database": database, "clusters": clusters })),
    )
}
