//! One cluster: its identity, state counts and live connector table, or a clear
//! "unreachable" state with the reason when Connect does not answer.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::{ClusterSummary, StateCounts};

use crate::api;
use crate::components::{ConnectorTable, ErrorNotice, use_polled};

/// How often the connector list refreshes.
const CONNECTORS_EVERY: Duration = Duration::from_secs(3);

#[component]
pub fn ClusterPanel(id: String, summary: Signal<Option<ClusterSummary>>) -> impl IntoView {
    let connectors = use_polled(CONNECTORS_EVERY, {
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { api::connectors(&id).await }
        }
    });
    let title = move || summary.get().map(|s| s.display_name).unwrap_or_default();
    let meta = move || {
        summary.get().and_then(|s| {
            s.connect_version.map(|v| {
                format!(
                    "Kafka {v} · cluster {}",
                    s.kafka_cluster_id.unwrap_or_default()
                )
            })
        })
    };
    let reachable = move || matches!(connectors.get(), Some(Ok(_)));
    view! {
        <section class="cluster" data-testid="cluster" data-cluster=id.clone()>
            <header class="cluster-head">
                <div>
                    <h2>{title}</h2>
                    <span class="cluster-id">{id.clone()}</span>
                    <span class="cluster-meta">{meta}</span>
                </div>
                <span
                    class=move || if reachable() { "reach reach-up" } else { "reach reach-down" }
                    data-testid="cluster-reachability"
                >
                    {move || match connectors.get() {
                        None => "checking…",
                        Some(Ok(_)) => "reachable",
                        Some(Err(_)) => "unreachable",
                    }}
                </span>
            </header>
            {move || match connectors.get() {
                None => view! { <p class="loading">"Loading connectors…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorNotice error=e />
                    <p class="hint">"Sluice retries every few seconds; this page updates by itself when the cluster answers."</p>
                }.into_any(),
                Some(Ok(list)) => {
                    let counts = StateCounts::of(&list.connectors);
                    view! {
                        <CountsBar counts=counts total=list.connectors.len() />
                        <ConnectorTable connectors=list.connectors />
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn CountsBar(counts: StateCounts, total: usize) -> impl IntoView {
    let chips = [
        ("running", counts.running),
        ("degraded", counts.degraded),
        ("failed", counts.failed),
        ("paused", counts.paused),
        ("stopped", counts.stopped),
        ("pending", counts.unassigned + counts.restarting),
    ];
    view! {
        <div class="counts" data-testid="state-counts">
            <span class="count-total">{total} " connectors"</span>
            {chips
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(label, n)| view! { <span class=format!("chip chip-{label}")>{n} " " {label}</span> })
                .collect_view()}
        </div>
    }
}
