//! `/api/v1` and the health probes. One module per resource; handlers stay thin.

mod access;
mod api_keys;
mod audit;
mod auth;
mod bulk;
mod clusters;
mod config;
mod connector_ops;
mod connectors;
mod fleet;
mod health;
mod json;
mod lifecycle;
mod offsets;
mod plugins;
mod tenants;
mod transfer;
mod users;
mod wizard;

use axum::Router;

use crate::app::AppState;
use crate::error::AppError;

pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .merge(api_keys::router())
        .merge(audit::router())
        .merge(tenants::router())
        .merge(users::router())
        .merge(auth::router())
        .merge(clusters::router())
        .merge(connectors::router())
        .merge(connector_ops::router())
        .merge(config::router())
        .merge(plugins::router())
        .merge(lifecycle::router())
        .merge(offsets::router())
        .merge(fleet::router())
        .merge(bulk::router())
        .merge(transfer::router())
        .merge(wizard::router())
        // Unknown API paths are JSON 404s, never the UI's index.html.
        .fallback(|| async { AppError::RouteNotFound });
    Router::new()
        .nest("/api/v1", v1)
        .merge(health::router())
        .with_state(state)
}
