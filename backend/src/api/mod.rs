//! `/api/v1` and the health probes. One module per resource (connectors in their own folder);
//! handlers stay thin and leave what the console does to connectors to `crate::service`.

mod alerts;
mod api_keys;
mod audit;
mod auth;
mod bulk;
mod clusters;
mod connectors;
mod envelope;
mod extract;
mod fleet;
mod health;
mod loggers;
mod metrics;
mod overview;
mod path;
mod plugins;
mod routes;
mod scheduler;
mod server_timing;
mod tenants;
mod topic_audit;
mod transfer;
mod users;
mod wizard;

use axum::Router;
use axum::http::Method;

use crate::error::AppError;
use crate::state::AppState;
use routes::Routes;

/// Every `/api/v1` route, through the one table the router and the authorization matrix share.
fn v1() -> Routes {
    Routes::default()
        .merge(api_keys::routes())
        .merge(audit::routes())
        .merge(tenants::routes())
        .merge(users::routes())
        .merge(auth::routes())
        .merge(clusters::routes())
        .merge(overview::routes())
        .merge(connectors::routes())
        .merge(plugins::routes())
        .merge(loggers::routes())
        .merge(fleet::routes())
        .merge(bulk::routes())
        .merge(transfer::routes())
        .merge(wizard::routes())
        .merge(topic_audit::routes())
        .merge(scheduler::routes())
        .merge(alerts::routes())
}

pub fn router(state: AppState) -> Router {
    let v1 = v1()
        .into_router()
        // Unknown API paths are JSON 404s, never the UI's index.html.
        .fallback(|| async { AppError::RouteNotFound })
        .layer(axum::middleware::from_fn(envelope::ensure))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count,
        ))
        .route_layer(axum::middleware::from_fn(server_timing::add));
    Router::new()
        .nest("/api/v1", v1)
        .merge(health::router())
        .merge(metrics::router())
        .with_state(state)
}

/// (method, full path) of every `/api/v1` route the router serves.
pub fn route_table() -> Vec<(Method, String)> {
    v1().table()
        .map(|(m, p)| (m.clone(), format!("/api/v1{p}")))
        .collect()
}
