//! What a page cannot show because of the cluster's Kafka: not configured (and how to
//! configure it), or unreachable (and that the page keeps trying).

use leptos::prelude::*;
use sluice_shared::records::KafkaState;

#[component]
pub fn KafkaNotice(state: KafkaState) -> impl IntoView {
    match state {
        KafkaState::Reachable => ().into_any(),
        KafkaState::NotConfigured => view! {
            <div class="notice notice-warn" role="status" data-testid="kafka-not-configured">
                <strong>"Kafka not configured for this cluster"</strong>
                <span>"Sluice reads connector configs from Connect but no topics: set "
                    <code>"kafka_bootstrap"</code> " (or a " <code>"[clusters.kafka]"</code>
                    " table for TLS or SASL) for this cluster in " <code>"sluice.toml"</code>
                    " and restart Sluice to see depths, records and topic settings."</span>
            </div>
        }
        .into_any(),
        KafkaState::Unreachable { message } => view! {
            <div class="notice notice-error" role="alert" data-testid="kafka-unreachable">
                <strong>"Kafka unreachable"</strong>
                <span class="notice-message">{message}</span>
                <span class="hint">"Depths, records and topic settings show again once it answers; this page keeps asking."</span>
            </div>
        }
        .into_any(),
    }
}
