//! Every cluster's dead-letter queues: each sink connector's queue with its depth, newest
//! record and growth over the last hour and day (refreshing by itself), warnings where the
//! connector's error settings hide failures, and source connectors whose DLQ settings Connect
//! ignores.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::ClusterSummary;
use sluice_shared::dlq::{DlqList, DlqSummary, Growth, IgnoredDlq};

use crate::api;
use crate::clusters::Clusters;
use crate::components::time::{live_ago_or, local_time};
use crate::components::{DlqSettings, KafkaNotice, Loaded};
use crate::hooks::use_polled;
use crate::routes::Page;

/// Depth is sampled on the server; asking more often than this shows nothing new.
const REFRESH: Duration = Duration::from_secs(15);

#[component]
pub fn DlqsPage() -> impl IntoView {
    let clusters = Clusters::get();
    view! {
        <h1 class="page-title">"Dead letters"</h1>
        <p class="hint">"Records a sink connector could not process, kept in its dead-letter queue when "
            <code>"errors.tolerance=all"</code> " and " <code>"errors.deadletterqueue.topic.name"</code> " are set."</p>
        <Loaded resource=clusters.resource() loading="Loading clusters…" view={|list: Vec<ClusterSummary>| {
            if list.is_empty() {
                return view! { <div class="empty"><h3>"No Connect clusters configured"</h3></div> }.into_any();
            }
            list.into_iter().map(|c| view! { <ClusterDlqs cluster=c /> }).collect_view().into_any()
        }} />
    }
}

#[component]
fn ClusterDlqs(cluster: ClusterSummary) -> impl IntoView {
    let id = cluster.id.clone();
    let for_list = id.clone();
    let list = use_polled(REFRESH, {
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { api::dlqs(&id).await }
        }
    });
    view! {
        <section class="cluster" data-testid="dlq-cluster" data-cluster=id.clone()>
            <header class="cluster-head">
                <div>
                    <h2>{cluster.display_name.clone()}</h2>
                    <span class="cluster-id">{id.clone()}</span>
                </div>
            </header>
            <Loaded resource=list loading="Loading dead-letter queues…" view=move |l| dlq_list(for_list.clone(), l) />
        </section>
    }
}

fn dlq_list(cluster: String, list: DlqList) -> impl IntoView {
    let DlqList {
        kafka,
        dlqs,
        ignored,
    } = list;
    let table = if dlqs.is_empty() {
        view! {
            <div class="empty" data-testid="no-dlqs">
                <h3>"No dead-letter queues"</h3>
                <p>"None of the sink connectors you can see names one. To keep failed records instead of stopping the task, set "
                    <code>"errors.tolerance=all"</code> ", " <code>"errors.deadletterqueue.topic.name"</code>
                    " and " <code>"errors.deadletterqueue.context.headers.enable=true"</code>
                    " (so each record says why it failed) in the sink's config."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <table class="connectors dlq-table" data-testid="dlq-table">
                <thead><tr>
                    <th>"Connector"</th><th>"Tenant"</th><th>"Topic"</th><th class="num">"Depth"</th>
                    <th>"Newest record"</th><th class="num">"Last hour"</th><th class="num">"Last day"</th><th>"Settings"</th>
                </tr></thead>
                <tbody>{dlqs.into_iter().map(|d| dlq_row(cluster.clone(), d)).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <KafkaNotice state=kafka />
        {table}
        {(!ignored.is_empty()).then(|| ignored_list(cluster.clone(), ignored))}
    }
}

fn dlq_row(cluster: String, d: DlqSummary) -> impl IntoView {
    let href = Page::Dlq {
        cluster: cluster.clone(),
        name: d.connector.clone(),
    }
    .href();
    let label = d.connector.clone();
    let depth = match (d.exists, d.depth) {
        (false, _) => view! { <span class="hint" title="Connect creates the topic with the first failed record">"not created yet"</span> }.into_any(),
        (true, Some(n)) => n.to_string().into_any(),
        (true, None) => view! { <span class="hint" title="Kafka could not be read">"—"</span> }.into_any(),
    };
    view! {
        <tr data-testid="dlq-row" data-cluster=cluster data-connector=d.connector.clone() data-topic=d.topic.clone()>
            <td class="connector-name"><A href=href attr:data-testid="dlq-open" attr:title="Inspect the dead letters">{label}</A></td>
            <td>{d.tenant.clone().unwrap_or_else(|| "unowned".into())}</td>
            <td><code>{d.topic.clone()}</code></td>
            <td class="num" data-testid="dlq-depth">{depth}</td>
            <td title=local_time(d.newest_ms)>{live_ago_or(d.newest_ms, "—")}</td>
            <GrowthCells growth=d.growth />
            <td><DlqSettings context_headers=d.context_headers tolerates_errors=d.tolerates_errors /></td>
        </tr>
    }
}

/// `+12` over the last hour and day; "—" until a sample that old exists.
#[component]
fn GrowthCells(growth: Growth) -> impl IntoView {
    let cell = |n: Option<u64>, window: &'static str, id: &'static str| {
        match n {
        Some(n) => view! { <td class={if n > 0 { "num growth-up" } else { "num" }} data-testid=id>{format!("+{n}")}</td> }.into_any(),
        None => view! {
            <td class="num hint" data-testid=id title=format!("Not known yet: growth needs a depth sample a {window} old")>"—"</td>
        }.into_any(),
    }
    };
    view! {
        {cell(growth.last_hour, "hour", "dlq-growth-hour")}
        {cell(growth.last_day, "day", "dlq-growth-day")}
    }
}

fn ignored_list(cluster: String, ignored: Vec<IgnoredDlq>) -> impl IntoView {
    view! {
        <div class="notice notice-warn" data-testid="ignored-dlqs">
            <strong>"Connect ignores DLQ settings on source connectors"</strong>
            <span>"These source connectors name a dead-letter topic that will never fill: Connect's dead-letter queue exists for sinks only. A failing source record is dropped (with "
                <code>"errors.tolerance=all"</code> ") or stops the task; log it with "
                <code>"errors.log.enable=true"</code> " instead."</span>
            <ul>
                {ignored.into_iter().map(|i| {
                    let href = Page::Connector { cluster: cluster.clone(), name: i.connector.clone() }.href();
                    let label = i.connector.clone();
                    view! {
                        <li data-testid="ignored-dlq" data-connector=i.connector.clone()>
                            <A href=href>{label}</A> " names " <code>{i.topic}</code>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
