//! `GET /metrics` for Prometheus (with an API key of a console-wide role: the answer names
//! every tenant's connectors), and the layer that counts every API request by route.

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sluice_shared::policy::{Action, Resource};

use crate::auth::Caller;
use crate::error::AppError;
use crate::metrics::{self, HttpLabels};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape))
}

async fn scrape(State(state): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    // Admins and support see every tenant; a tenant's key would see the others' names.
    if caller.principal.tenant.is_some() {
        return Err(AppError::Forbidden(Action::ReadConnector));
    }
    caller.require(Action::ReadConnector, &Resource::Connector { owner: None })?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics::render(&state).await,
    )
        .into_response())
}

/// Counts each matched API request once its answer is known.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let method = request.method().to_string();
    let response = next.run(request).await;
    state
        .metrics
        .http
        .get_or_create(&HttpLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}
