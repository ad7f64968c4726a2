//! Fleet health over time, per cluster: how many connectors (or tasks) were in each state,
//! stacked, and which connectors failed how often per hour. Refreshed while open.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::ClusterSummary;
use sluice_shared::health::{FailureHeatmap, FleetHistory};

use crate::api;
use crate::clusters::Clusters;
use crate::components::Loaded;
use crate::components::charts::{Heatmap, StackedStates};
use crate::hooks::use_polled;

const EVERY: Duration = Duration::from_secs(30);
const RANGES: [(i64, &str); 3] = [
    (3_600_000, "1 hour"),
    (86_400_000, "24 hours"),
    (7 * 86_400_000, "7 days"),
];

#[component]
pub fn FleetHealthPage() -> impl IntoView {
    let clusters = Clusters::get();
    let range = RwSignal::new(RANGES[1].0);
    let tasks = RwSignal::new(false);
    view! {
        <h1 class="page-title">"Fleet health"</h1>
        <div class="toolbar" role="group" aria-label="Range and what to count">
            {RANGES.iter().map(|(ms, label)| {
                let ms = *ms;
                view! {
                    <button type="button" class="secondary small" data-testid=format!("range-{ms}")
                        aria-pressed=move || (range.get() == ms).to_string()
                        on:click=move |_| range.set(ms)>{*label}</button>
                }
            }).collect_view()}
            <label class="toggle"><input type="checkbox" data-testid="count-tasks"
                prop:checked=move || tasks.get() on:change=move |ev| tasks.set(event_target_checked(&ev)) />" count tasks instead of connectors"</label>
        </div>
        <Loaded resource=clusters.resource() loading="Loading clusters…" view={move |list: Vec<ClusterSummary>| {
            if list.is_empty() {
                return view! { <div class="empty"><h3>"No Connect clusters configured"</h3></div> }.into_any();
            }
            list.into_iter().map(|c| view! { <ClusterHealth cluster=c range=range tasks=tasks /> }).collect_view().into_any()
        }} />
    }
}

#[component]
fn ClusterHealth(
    cluster: ClusterSummary,
    range: RwSignal<i64>,
    tasks: RwSignal<bool>,
) -> impl IntoView {
    let id = cluster.id.clone();
    let history = use_polled(EVERY, {
        let id = id.clone();
        move || {
            let (id, from) = (id.clone(), js_sys::Date::now() as i64 - range.get());
            async move { api::history(&id, from).await }
        }
    });
    let failures = use_polled(EVERY, {
        let id = id.clone();
        move || {
            let (id, from) = (id.clone(), js_sys::Date::now() as i64 - range.get());
            async move { api::failures(&id, from).await }
        }
    });
    view! {
        <section class="cluster" data-testid="cluster-health" data-cluster=id.clone()>
            <header class="cluster-head">
                <div><h2>{cluster.display_name.clone()}</h2><span class="cluster-id">{id.clone()}</span></div>
            </header>
            <h3>"States over time"</h3>
            <Loaded resource=history loading="Loading states…" view=move |h: FleetHistory| {
                if h.points.is_empty() {
                    return view! { <p class="hint" data-testid="no-history">"No samples yet: the scheduler records counts every minute, the first within one health interval."</p> }.into_any();
                }
                view! { <StackedStates points=h.points from_ms=h.from_ms to_ms=h.to_ms bucket_ms=h.bucket_ms tasks=tasks.get() /> }.into_any()
            } />
            <h3>"Failures per connector"</h3>
            <Loaded resource=failures loading="Loading failures…" view=move |m: FailureHeatmap| {
                if m.rows.is_empty() {
                    return view! { <p class="hint" data-testid="no-failures">"No connector or task failed in this range."</p> }.into_any();
                }
                view! { <Heatmap map=m /> }.into_any()
            } />
        </section>
    }
}
