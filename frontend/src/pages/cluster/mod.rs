//! One cluster: the Connect version it runs, its workers and how tasks are spread across them,
//! the installed plugins, and the topology (workers → connectors → tasks → topics). Refreshes
//! by itself; counts and connectors are those the signed-in user may read.

mod plugins;
mod topology;
mod workers;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use sluice_shared::overview::ClusterOverview;

use crate::api;
use crate::components::Loaded;
use crate::components::time::local_time;
use crate::hooks::use_polled;
use crate::routes::Page;

/// The fleet feed behind both answers refreshes about this often.
const REFRESH: Duration = Duration::from_secs(10);

#[component]
pub fn ClusterPage() -> impl IntoView {
    let params = use_params_map();
    let cluster = params.with_untracked(|p| p.get("cluster").unwrap_or_default());
    let overview = use_polled(REFRESH, {
        let c = cluster.clone();
        move || {
            let c = c.clone();
            async move { api::cluster_overview(&c).await }
        }
    });
    let topology = use_polled(REFRESH, {
        let c = cluster.clone();
        move || {
            let c = c.clone();
            async move { api::cluster_topology(&c).await }
        }
    });
    // Kept outside the refreshed views, so a refresh keeps what the user typed and opened.
    let plugin_filter = RwSignal::new(String::new());
    view! {
        <nav class="crumbs"><A href=Page::Fleet.href()>"Connectors"</A> " / cluster"</nav>
        <Loaded resource=overview loading="Loading the cluster…" view=move |o: ClusterOverview| view! {
            <Header o=o.clone() />
            <workers::Workers o=o.clone() />
            <plugins::Plugins plugins=o.plugins filter=plugin_filter />
        } />
        <topology::Topology cluster=cluster resource=topology />
    }
}

#[component]
fn Header(o: ClusterOverview) -> impl IntoView {
    let fetched = i64::try_from(o.fetched_at_ms).ok();
    view! {
        <header class="detail-head cluster-overview-head" data-testid="cluster-header">
            <div>
                <h1 class="page-title">{o.display_name.clone()}
                    <span class="cluster-id">{o.cluster_id.clone()}</span>
                </h1>
                <dl class="facts">
                    <dt>"Kafka Connect"</dt><dd data-testid="connect-version">{o.version.clone()}</dd>
                    <dt>"Commit"</dt><dd><code>{o.commit.clone()}</code></dd>
                    <dt>"Kafka cluster"</dt><dd><code data-testid="kafka-cluster-id">{o.kafka_cluster_id.clone()}</code></dd>
                    <dt>"Status as of"</dt><dd>{local_time(fetched)}</dd>
                </dl>
            </div>
        </header>
    }
}
