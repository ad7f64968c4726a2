//! The topology: workers → connectors → tasks → topics, drawn as small SVG (no chart crate: none
//! for Leptos 0.8 draws a tree this simple without adding more to the download than this file).
//!
//! Readable with 1,000 connectors: each worker starts as one line with its task bar and opens
//! on demand, an open worker draws at most [`PAGE`] connectors until asked for more, and the
//! filter narrows everything (small results open by themselves). Tasks sit under the worker
//! that runs them, so a connector whose tasks span workers appears under each. Topics are the
//! ones the config names; the active topics (KIP-558, one Connect call) are asked only for the
//! connector the user opens.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::ApiError;
use sluice_shared::fleet::Health;
use sluice_shared::overview::{ClusterTopology, TopologyConnector, WorkerGroup, group_by_worker};

use super::workers::{state_bar, summary};
use crate::api;
use crate::components::{ErrorNotice, Loaded, StateBadge};
use crate::routes::Page;

/// Connectors drawn per open worker before "show more".
const PAGE: usize = 40;
/// Up to this many connector rows in all, every worker opens by itself.
const AUTO_OPEN: usize = 30;
/// Tasks drawn per row; the rest are counted.
const TASKS_SHOWN: usize = 10;

const ROW_H: f64 = 28.0;
const NODE_H: f64 = 22.0;
const WIDTH: f64 = 1000.0;
const WORKER_W: f64 = 160.0;
const CONNECTOR_X: f64 = 210.0;
const CONNECTOR_W: f64 = 290.0;
const TASK_X: f64 = 530.0;
const TASK_W: f64 = 22.0;
const TOPIC_X: f64 = 790.0;

/// What the user opened and typed, kept across refreshes.
#[derive(Clone, Copy)]
struct Ui {
    filter: RwSignal<String>,
    /// Workers toggled away from their default (open when the result is small).
    toggled: RwSignal<BTreeSet<String>>,
    /// Rows shown per open worker, when more than [`PAGE`].
    shown: RwSignal<BTreeMap<String, usize>>,
    selected: RwSignal<Option<String>>,
}

#[component]
pub fn Topology(
    cluster: String,
    resource: LocalResource<Result<ClusterTopology, ApiError>>,
) -> impl IntoView {
    let ui = Ui {
        filter: RwSignal::new(String::new()),
        toggled: RwSignal::new(BTreeSet::new()),
        shown: RwSignal::new(BTreeMap::new()),
        selected: RwSignal::new(None),
    };
    view! {
        <section class="panel topology" data-testid="topology">
            <div class="panel-head">
                <h2>"Topology"</h2>
                <span class="hint">"workers → connectors → tasks → topics"</span>
            </div>
            <div class="filters">
                <input type="search" placeholder="Filter by connector, worker, state or topic" aria-label="Filter the topology"
                    data-testid="topology-filter"
                    prop:value=move || ui.filter.get()
                    on:input=move |ev| ui.filter.set(event_target_value(&ev)) />
            </div>
            <p class="hint topo-legend">"Each worker opens on click. A dashed connector runs its instance on another worker and only these tasks here. "
                "Click a connector, or focus it and press Enter, for its tasks and the topics Connect saw it use."</p>
            <Loaded resource=resource loading="Loading the topology…" view=move |t: ClusterTopology| {
                let cluster = cluster.clone();
                view! {
                    {
                        let t = t.clone();
                        move || groups_view(&t, ui)
                    }
                    {move || ui.selected.get().and_then(|name| {
                        let c = t.connectors.iter().find(|c| c.name == name)?.clone();
                        Some(view! { <Selected cluster=cluster.clone() c=c ui=ui /> })
                    })}
                }
            } />
        </section>
    }
}

fn groups_view(t: &ClusterTopology, ui: Ui) -> AnyView {
    if t.connectors.is_empty() {
        return view! {
            <div class="empty" data-testid="topology-empty">
                <h3>"No connectors you can see on this cluster"</h3>
                <p>"Create one with New connector; it appears here under the worker that runs it."</p>
            </div>
        }
        .into_any();
    }
    let groups = group_by_worker(&t.connectors, &ui.filter.get());
    if groups.is_empty() {
        return view! {
            <p class="empty" data-testid="topology-empty">"No connector matches the filter: clear it to see all."</p>
        }
        .into_any();
    }
    let rows: usize = groups.iter().map(|g| g.parts.len()).sum();
    let open_by_default = rows <= AUTO_OPEN;
    let scale = groups.iter().map(|g| g.tasks.total()).max().unwrap_or(0);
    let toggled = ui.toggled.get();
    groups
        .into_iter()
        .map(|g| {
            let open = open_by_default != toggled.contains(&g.worker_id);
            worker_view(g, open, scale, ui)
        })
        .collect_view()
        .into_any()
}

fn worker_view(g: WorkerGroup, open: bool, scale: u32, ui: Ui) -> impl IntoView {
    let id = g.worker_id.clone();
    let label = if id.is_empty() {
        "no worker (unassigned)".to_owned()
    } else {
        id.clone()
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            ui.toggled.update(|t| {
                if !t.remove(&id) {
                    t.insert(id.clone());
                }
            });
        }
    };
    let limit = ui
        .shown
        .with_untracked(|s| s.get(&id).copied())
        .unwrap_or(PAGE);
    let total = g.parts.len();
    let more = (open && total > limit).then(|| {
        let id = id.clone();
        view! {
            <button class="link topo-more" on:click=move |_| ui.shown.update(|s| { s.insert(id.clone(), limit + PAGE); })>
                {format!("Show {} more of {total}", PAGE.min(total - limit))}
            </button>
        }
    });
    let tasks = g.tasks.total();
    let counts = format!(
        "{total} connector{} · {tasks} task{} ({})",
        if total == 1 { "" } else { "s" },
        if tasks == 1 { "" } else { "s" },
        summary(&g.tasks)
    );
    let svg = open.then(|| worker_svg(&label, &g, limit, ui));
    view! {
        <div class="topo-worker" data-testid="topo-worker" data-worker=id.clone()>
            <button class="topo-toggle" aria-expanded=open.to_string() on:click=toggle>
                <span class="caret" aria-hidden="true">{if open { "▾" } else { "▸" }}</span>
                <span class="topo-worker-id">{label.clone()}</span>
                {state_bar(&g.tasks, scale)}
                <span class="hint">{counts}</span>
            </button>
            {svg}
            {more}
        </div>
    }
}

/// "name…" cut to `max` characters.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn health_class(h: Health) -> &'static str {
    match h {
        Health::Running => "seg-running",
        Health::Degraded => "seg-degraded",
        Health::Failed => "seg-failed",
        Health::Paused => "seg-paused",
        Health::Stopped => "seg-stopped",
        Health::Unassigned | Health::Restarting => "seg-pending",
        Health::Unknown => "seg-unknown",
    }
}

fn worker_svg(label: &str, g: &WorkerGroup, limit: usize, ui: Ui) -> impl IntoView + use<> {
    let parts: Vec<_> = g.parts.iter().take(limit).cloned().collect();
    let height = ROW_H * parts.len() as f64 + 6.0;
    let worker_y = 3.0;
    let rows = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let y = 3.0 + ROW_H * i as f64;
            let mid = y + NODE_H / 2.0;
            let from = worker_y + NODE_H / 2.0;
            let bend = (WORKER_W + CONNECTOR_X) / 2.0;
            let link = format!(
                "M{WORKER_W} {from} C{bend} {from} {bend} {mid} {CONNECTOR_X} {mid}"
            );
            let c = p.connector;
            let name = c.name.clone();
            let select = {
                let name = name.clone();
                move || ui.selected.set(Some(name.clone()))
            };
            let on_key = {
                let select = select.clone();
                move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        select();
                    }
                }
            };
            let where_ = if p.runs_connector {
                "connector and tasks here"
            } else {
                "connector instance on another worker; these tasks here"
            };
            let aria = format!(
                "{name}: {}, {} task(s) on this worker; {where_}. Enter shows details.",
                c.health.as_str(),
                p.tasks.len()
            );
            let node_class = if p.runs_connector {
                "topo-node"
            } else {
                "topo-node topo-remote"
            };
            let extra = p.tasks.len().saturating_sub(TASKS_SHOWN);
            let tasks = p
                .tasks
                .iter()
                .take(TASKS_SHOWN)
                .enumerate()
                .map(|(j, t)| {
                    let x = TASK_X + (TASK_W + 4.0) * j as f64;
                    view! {
                        <g data-testid="topo-task" data-task=t.id.to_string() data-state=t.state.to_string()>
                            <rect x=x y=y width=TASK_W height=NODE_H rx=3 class=format!("seg-{}", state_part(&t.state))>
                                <title>{format!("task {} {} on {}", t.id, t.state, t.worker_id)}</title>
                            </rect>
                            <text x=x + TASK_W / 2.0 y=y + 15.0 class="topo-task-id" text-anchor="middle">{t.id}</text>
                        </g>
                    }
                })
                .collect_view();
            let tasks_end = TASK_X + (TASK_W + 4.0) * p.tasks.len().min(TASKS_SHOWN) as f64;
            let topics = c.topics.summary();
            let topics_title = if topics.is_empty() {
                "no topic in the config; open the connector for its active topics".to_owned()
            } else {
                format!("configured: {topics}")
            };
            view! {
                <path d=link class="topo-link" />
                <g class="topo-connector" tabindex="0" role="button" aria-label=aria
                    data-testid="topo-connector" data-connector=name.clone() data-state=c.health.as_str()
                    on:click=move |_| select() on:keydown=on_key>
                    <rect x=CONNECTOR_X y=y width=CONNECTOR_W height=NODE_H rx=4 class=node_class />
                    <rect x=CONNECTOR_X y=y width=6 height=NODE_H rx=2 class=health_class(c.health) />
                    <text x=CONNECTOR_X + 14.0 y=y + 15.0 class="topo-name">{cut(&name, 40)}</text>
                    <title>{format!("{name} ({}) — {where_}", c.health.as_str())}</title>
                </g>
                {(!p.tasks.is_empty()).then(|| view! {
                    <line x1=CONNECTOR_X + CONNECTOR_W y1=mid x2=TASK_X y2=mid class="topo-link" />
                })}
                {tasks}
                {(extra > 0).then(|| view! {
                    <text x=tasks_end + 2.0 y=y + 15.0 class="topo-label">{format!("+{extra}")}</text>
                })}
                <text x=TOPIC_X y=y + 15.0 class="topo-topics">
                    {if topics.is_empty() { "—".to_owned() } else { cut(&topics, 34) }}
                    <title>{topics_title}</title>
                </text>
            }
        })
        .collect_view();
    view! {
        <svg class="topo" viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="group"
            aria-label=format!("connectors and tasks on {label}")>
            <g class="topo-worker-node">
                <rect x=0 y=worker_y width=WORKER_W height=NODE_H rx=4 />
                <text x=8 y=worker_y + 15.0>{cut(label, 24)}</text>
                <title>{label.to_owned()}</title>
            </g>
            {rows}
        </svg>
    }
}

fn state_part(s: &sluice_shared::ConnectorState) -> &'static str {
    use sluice_shared::ConnectorState as S;
    match s {
        S::Running => "running",
        S::Failed => "failed",
        S::Paused => "paused",
        S::Stopped => "stopped",
        S::Unassigned | S::Restarting => "pending",
        S::Unknown(_) => "unknown",
    }
}

/// The connector the user opened: its tasks by worker, its configured topics and, asked now,
/// the topics Connect saw it use (KIP-558).
#[component]
fn Selected(cluster: String, c: TopologyConnector, ui: Ui) -> impl IntoView {
    let active = LocalResource::new({
        let (cluster, name) = (cluster.clone(), c.name.clone());
        move || {
            let (cluster, name) = (cluster.clone(), name.clone());
            async move { api::topics(&cluster, &name).await }
        }
    });
    let href = Page::Connector {
        cluster,
        name: c.name.clone(),
    }
    .href();
    let degraded = c.health == Health::Degraded;
    let configured = c.topics.summary();
    view! {
        <div class="topo-selected" data-testid="topo-selected">
            <div class="panel-head">
                <h3><A href=href>{c.name.clone()}</A></h3>
                <StateBadge state=c.state.clone() degraded=degraded />
                <button class="link" on:click=move |_| ui.selected.set(None)>"Close"</button>
            </div>
            <dl class="facts">
                <dt>"Connector on"</dt><dd><code>{if c.worker_id.is_empty() { "no worker".to_owned() } else { c.worker_id.clone() }}</code></dd>
                <dt>"Tasks"</dt>
                <dd>{if c.tasks.is_empty() { "none".to_owned() } else {
                    c.tasks.iter().map(|t| format!("#{} {} on {}", t.id, t.state, if t.worker_id.is_empty() { "no worker" } else { &t.worker_id })).collect::<Vec<_>>().join(" · ")
                }}</dd>
                <dt>"Configured topics"</dt><dd>{if configured.is_empty() { "none named in the config".to_owned() } else { configured }}</dd>
                <dt>"Active topics"</dt>
                <dd data-testid="active-topics">
                    <Transition fallback=|| view! { <span class="loading">"Asking Connect…"</span> }>
                        {move || Suspend::new(async move {
                            match active.await {
                                Ok(t) if t.value.topics.is_empty() => view! { <span>"none yet (Connect records a topic once a record passes)"</span> }.into_any(),
                                Ok(t) => view! { <span>{t.value.topics.join(", ")}</span> }.into_any(),
                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            }
                        })}
                    </Transition>
                </dd>
            </dl>
        </div>
    }
}
