//! An API error shown where the failed data would have been.

use leptos::prelude::*;
use sluice_shared::{ApiError, ErrorCode};

#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let title = match error.code {
        ErrorCode::ClusterUnreachable => "Cluster unreachable",
        ErrorCode::ClusterTimeout => "Cluster not answering",
        ErrorCode::ClusterUnauthorized => "Cluster rejected Sluice's credentials",
        ErrorCode::RebalanceInProgress => "Cluster is rebalancing",
        ErrorCode::KafkaUnreachable => "Kafka unreachable",
        ErrorCode::KafkaNotConfigured => "Kafka not configured",
        ErrorCode::Forbidden => "Not allowed",
        ErrorCode::InvalidInput | ErrorCode::MalformedJson => "Not accepted",
        ErrorCode::InvalidConfig => "Connect refused the config",
        ErrorCode::NotFound | ErrorCode::ClusterNotFound | ErrorCode::ConnectorNotFound => {
            "Not found"
        }
        ErrorCode::AlreadyExists => "Already exists",
        ErrorCode::Conflict => "Not possible now",
        ErrorCode::NotStopped => "Stop the connector first",
        ErrorCode::DatabaseUnreachable => "Database unreachable",
        ErrorCode::ConsoleDatabaseUnavailable => "Sluice's database is not answering",
        ErrorCode::RateLimited => "Too many requests",
        ErrorCode::Unauthenticated => "Signed out",
        ErrorCode::UpstreamForbidden => "Connect refused",
        ErrorCode::UpstreamError => "Connect answered unexpectedly",
        _ => "Sluice could not do this",
    };
    // The field the server named, and its code: what to fix, and what to search for.
    let field = error.field.clone();
    let code = serde_json::to_value(error.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let data_code = code.clone();
    view! {
        <div class="notice notice-error" role="alert" data-testid="error-notice" data-code=data_code>
            <strong>{title}</strong>
            {field.map(|f| view! { <code class="notice-field">{f}</code> })}
            <span class="notice-message">{error.message.clone()}</span>
            <code class="notice-code" title="The error's code">{code}</code>
        </div>
    }
}
