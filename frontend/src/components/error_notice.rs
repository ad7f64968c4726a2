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
        _ => "Something went wrong",
    };
    view! {
        <div class="notice notice-error" role="alert" data-testid="error-notice">
            <strong>{title}</strong>
            <span class="notice-message">{error.message.clone()}</span>
        </div>
    }
}
