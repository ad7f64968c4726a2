//! The overview: every configured cluster with its connectors, refreshed live.

use std::time::Duration;

use leptos::prelude::*;

use crate::api;
use crate::components::{ClusterPanel, ErrorNotice, use_polled};

/// How often the cluster list (reachability, versions) is refreshed.
const CLUSTERS_EVERY: Duration = Duration::from_secs(10);

#[component]
pub fn ClustersPage() -> impl IntoView {
    let clusters = use_polled(CLUSTERS_EVERY, api::clusters);
    view! {
        <h1 class="page-title">"Clusters"</h1>
        {move || match clusters.get() {
            None => view! { <p class="loading">"Loading clusters…"</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <section class="empty">
                    <h2>"No Connect clusters configured"</h2>
                    <p>
                        "Add a " <code>"[[clusters]]"</code> " entry with an " <code>"id"</code>
                        " and " <code>"url"</code> " to " <code>"sluice.toml"</code> ", or set "
                        <code>"SLUICE_CONNECT_URL"</code> ", then restart Sluice."
                    </p>
                </section>
            }.into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        // Keyed, so each panel keeps its own live connector list across cluster refreshes.
        <For
            each=move || clusters.get().and_then(Result::ok).unwrap_or_default()
            key=|c| c.id.clone()
            let(cluster)
        >
            <ClusterPanel
                id=cluster.id.clone()
                summary=Signal::derive({
                    let id = cluster.id.clone();
                    move || {
                        clusters.get().and_then(Result::ok).and_then(|l| l.into_iter().find(|c| c.id == id))
                    }
                })
            />
        </For>
    }
}
