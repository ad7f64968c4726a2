//! Liveness and readiness probes for orchestrators.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready to take traffic. Connect being down does not make Sluice unready: the UI shows
/// that state itself, and restarting the console would not fix the cluster.
async fn readyz(State(state): State<AppState>) -> Json<Value> {
    let clusters: Vec<Value> = state
        .clusters
        .iter()
        .map(|c| json!({"id": c.id.as_str(), "circuit_open": c.client.circuit_open()}))
        .collect();
    Json(json!({ "status": "ready", "clusters": clusters }))
}
