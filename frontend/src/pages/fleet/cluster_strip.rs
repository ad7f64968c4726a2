//! Each configured cluster with its version and whether it answers. The live stream says
//! first whether a cluster answers; the cluster list (asked once) fills in the rest and is
//! asked again when a cluster it saw down comes back.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::fleet::Fleet;
use sluice_shared::{ApiError, ClusterSummary};

use crate::clusters::Clusters;
use crate::components::{ErrorNotice, Loaded, StaleNotice};
use crate::routes::Page;

#[component]
pub fn ClusterStrip(fleet: RwSignal<Fleet>) -> impl IntoView {
    let clusters = Clusters::get();
    refresh_when_back(clusters, fleet);
    view! {
        <Loaded resource=clusters.resource() loading="Loading clusters…" view={move |list: Vec<ClusterSummary>| {
            let empty = list.is_empty();
            view! {
                <div class="cluster-strip">
                    {list.into_iter().map(|c| view! { <ClusterCard cluster=c fleet=fleet /> }).collect_view()}
                </div>
                {empty.then(|| view! {
                    <section class="empty">
                        <h2>"No Connect clusters configured"</h2>
                        <p>
                            "Add a " <code>"[[clusters]]"</code> " entry with an " <code>"id"</code>
                            " and " <code>"url"</code> " to " <code>"sluice.toml"</code> ", or set "
                            <code>"SLUICE_CONNECT_URL"</code> ", then restart Sluice."
                        </p>
                    </section>
                })}
            }
        }} />
    }
}

#[component]
fn ClusterCard(cluster: ClusterSummary, fleet: RwSignal<Fleet>) -> impl IntoView {
    let ClusterSummary {
        id,
        display_name,
        connect_version,
        error: listed,
        pending_since_ms: listed_pending,
        ..
    } = cluster;
    // The stream's word wins once it has said anything about this cluster.
    let pending = Signal::derive({
        let id = id.clone();
        move || {
            fleet.with(|f| {
                f.clusters
                    .get(&id)
                    .map_or(listed_pending.map(|s| (s, None)), |c| {
                        c.pending_since_ms.map(|s| (s, Some(c.fetched_at_ms)))
                    })
            })
        }
    });
    let error = Signal::derive({
        let id = id.clone();
        move || {
            fleet
                .with(|f| live_error(f, &id))
                .unwrap_or_else(|| listed.clone())
        }
    });
    let meta = connect_version.map(|v| format!("Kafka {v}"));
    view! {
        <section class="cluster" data-testid="cluster" data-cluster=id.clone()>
            <header class="cluster-head">
                <div>
                    <h2><A href=Page::Cluster { cluster: id.clone() }.href() attr:data-testid="cluster-overview-link"
                        attr:title="Workers, task balance, plugins and topology">{display_name}</A></h2>
                    <span class="cluster-id">{id.clone()}</span>
                    <span class="cluster-meta">{meta}</span>
                </div>
                <span class=move || reach(error.with(Option::is_none), pending.with(Option::is_some)).0
                    data-testid="cluster-reachability">
                    {move || reach(error.with(Option::is_none), pending.with(Option::is_some)).1}
                </span>
            </header>
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e />
                <p class="hint">"Sluice keeps trying; this updates by itself when the cluster answers."</p>
            })}
            {move || pending.get().map(|(since, listed)| view! {
                <StaleNotice since_ms=since shown_ms=listed what="The states shown are" testid="cluster-pending" />
            })}
        </section>
    }
}

/// The badge's class and word: an error says unreachable; no answer yet to a pending refresh
/// says so rather than the reachability it had before.
fn reach(answered: bool, pending: bool) -> (&'static str, &'static str) {
    match (answered, pending) {
        (false, _) => ("reach reach-down", "unreachable"),
        (true, true) => ("reach reach-wait", "not answering"),
        (true, false) => ("reach reach-up", "reachable"),
    }
}

/// What the stream last said about a cluster: `None` when it has not said anything yet.
fn live_error(fleet: &Fleet, cluster: &str) -> Option<Option<ApiError>> {
    fleet.clusters.get(cluster).map(|c| c.error.clone())
}

/// Asks for the cluster list again when a cluster it listed as down answers the stream, so
/// its version shows; once per recovery.
fn refresh_when_back(clusters: Clusters, fleet: RwSignal<Fleet>) {
    let asked = StoredValue::new(BTreeSet::<String>::new());
    Effect::new(move || {
        let Some(Ok(list)) = clusters.list() else {
            return;
        };
        let mut back = false;
        fleet.with(|f| {
            for c in &list {
                match (&c.error, live_error(f, &c.id)) {
                    (Some(_), Some(None)) => {
                        back |= asked
                            .try_update_value(|a| a.insert(c.id.clone()))
                            .unwrap_or(false);
                    }
                    (_, Some(Some(_))) => {
                        asked.try_update_value(|a| a.remove(&c.id));
                    }
                    _ => {}
                }
            }
        });
        if back {
            clusters.refresh();
        }
    });
}
