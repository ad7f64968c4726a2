//! The fleet: every connector the user may see across clusters, live over Server-Sent Events,
//! with state counts, search, filters, sorting, paging (1,000+ rows stay responsive) and bulk
//! actions on a selection.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use sluice_shared::bulk::{BulkAction, BulkRequest, BulkResponse, ConnectorRef, Effect};
use sluice_shared::fleet::{FleetEntry, FleetQuery, Health, SortKey, UNOWNED, health_counts};
use sluice_shared::policy::Action;
use sluice_shared::{ClusterSummary, ConnectorType};

use crate::api;
use crate::components::fleet_feed::{Link, use_fleet_feed};
use crate::components::{ConfirmDialog, ErrorNotice, StateBadge, use_polled};
use crate::session::Session;

/// Rows rendered at once; the rest are a page away. Keeps 1,000+ connectors snappy.
const PAGE: usize = 100;
const CLUSTERS_EVERY: Duration = Duration::from_secs(10);

type Key = (String, String);

#[component]
pub fn FleetPage() -> impl IntoView {
    let feed = use_fleet_feed();
    let clusters = use_polled(CLUSTERS_EVERY, api::clusters);
    let query = RwSignal::new(FleetQuery::default());
    let page = RwSignal::new(0usize);
    let selected = RwSignal::new(BTreeSet::<Key>::new());
    let pending = RwSignal::new(None::<BulkAction>);
    let results = RwSignal::new(None::<BulkResponse>);
    // Filtering changes the rows: go back to the first page.
    leptos::prelude::Effect::new(move || {
        query.track();
        page.set(0);
    });
    let rows = Memo::new(move |_| {
        let q = query.get();
        feed.fleet.with(|f| {
            q.apply(f.entries())
                .into_iter()
                .cloned()
                .collect::<Vec<FleetEntry>>()
        })
    });
    let session = Session::get();
    let may_operate = move || {
        session.is_some_and(|s| {
            s.me.with(|m| {
                m.as_ref()
                    .is_some_and(|m| m.may_at_home(Action::OperateConnector))
            })
        })
    };

    view! {
        <div class="page-head">
            <h1 class="page-title">"Connectors"</h1>
            <LinkState link=feed.link />
        </div>
        <ClusterStrip clusters=clusters feed_errors=Signal::derive(move || {
            feed.fleet.with(|f| f.clusters.values().filter_map(|c| c.error.clone().map(|e| (c.cluster_id.clone(), e))).collect::<Vec<_>>())
        }) />
        {move || match clusters.get() {
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
            _ => ().into_any(),
        }}
        <HealthChips feed=feed.fleet query=query />
        <Filters feed=feed.fleet query=query />
        <Show when=move || !selected.with(BTreeSet::is_empty) && may_operate()>
            <div class="bulk-bar" data-testid="bulk-bar">
                <span>{move || selected.with(BTreeSet::len)} " selected"</span>
                {BulkAction::ALL.into_iter().map(|a| view! {
                    <button type="button" class="secondary" data-testid=format!("bulk-{}", a.label().to_lowercase().replace(' ', "-"))
                        on:click=move |_| { results.set(None); pending.set(Some(a)); }>
                        {a.label()}
                    </button>
                }).collect_view()}
                <button type="button" class="secondary" data-testid="bulk-export" on:click=move |_| export_selection(selected)>"Export"</button>
                <button type="button" class="link" on:click=move |_| selected.set(BTreeSet::new())>"Clear selection"</button>
            </div>
        </Show>
        {move || pending.get().map(|action| view! {
            <BulkConfirm action=action feed=feed.fleet selected=selected results=results on_close=move || pending.set(None) />
        })}
        {move || results.get().map(|r| view! { <BulkResults results=r on_dismiss=move || results.set(None) /> })}
        {move || {
            let total = feed.fleet.with(|f| f.len());
            let shown = rows.with(Vec::len);
            if !feed.loaded.get() {
                view! { <p class="loading">"Loading connectors…"</p> }.into_any()
            } else if total == 0 {
                view! {
                    <div class="empty" data-testid="no-connectors">
                        <h3>"No connectors yet"</h3>
                        <p>"Create one with the " <a href="/new">"connector wizard"</a>
                           " (it checks the database first), through Connect's REST API, or with "
                           <code>"sluice connectors create -f connector.json"</code>
                           "; it appears here within seconds, without a reload."</p>
                    </div>
                }.into_any()
            } else if shown == 0 {
                view! {
                    <div class="empty" data-testid="no-matches">
                        <h3>"Nothing matches these filters"</h3>
                        <button type="button" class="secondary" on:click=move |_| query.set(FleetQuery::default())>"Clear filters"</button>
                    </div>
                }.into_any()
            } else {
                view! { <FleetTable rows=rows page=page query=query selected=selected selectable=may_operate() /> }.into_any()
            }
        }}
    }
}

/// Downloads the selected connectors' configs (secrets as sentinels).
fn export_selection(selected: RwSignal<BTreeSet<Key>>) {
    let Some(csrf) = Session::get()
        .and_then(|s| s.me.get_untracked())
        .map(|m| m.csrf_token)
    else {
        return;
    };
    let req = sluice_shared::transfer::ExportRequest {
        connectors: selected.with_untracked(|s| {
            s.iter()
                .map(|(c, n)| ConnectorRef {
                    cluster_id: c.clone(),
                    name: n.clone(),
                })
                .collect()
        }),
        tenant: None,
    };
    spawn_local(async move {
        if let Ok(doc) = api::export(&req, &csrf).await {
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            crate::components::download::download_json("sluice-export.json", &text);
        }
    });
}

#[component]
fn LinkState(link: RwSignal<Link>) -> impl IntoView {
    view! {
        <span class=move || match link.get() { Link::Live => "live live-on", _ => "live live-off" } data-testid="live-state">
            {move || match link.get() {
                Link::Connecting => "connecting…",
                Link::Live => "live",
                Link::Reconnecting => "reconnecting…",
            }}
        </span>
    }
}

/// Each configured cluster with its version and whether it answers.
#[component]
fn ClusterStrip(
    clusters: ReadSignal<Option<Result<Vec<ClusterSummary>, sluice_shared::ApiError>>>,
    feed_errors: Signal<Vec<(String, sluice_shared::ApiError)>>,
) -> impl IntoView {
    view! {
        {move || match clusters.get() {
            None => view! { <p class="loading">"Loading clusters…"</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
            Some(Ok(list)) => view! {
                <div class="cluster-strip">
                    {list.into_iter().map(|c| {
                        let id = c.id.clone();
                        let error = Signal::derive({
                            let id = id.clone();
                            let fallback = c.error.clone();
                            move || feed_errors.with(|errs| errs.iter().find(|(k, _)| *k == id).map(|(_, e)| e.clone())).or(fallback.clone())
                        });
                        let meta = c.connect_version.clone().map(|v| format!("Kafka {v}"));
                        view! {
                            <section class="cluster" data-testid="cluster" data-cluster=id.clone()>
                                <header class="cluster-head">
                                    <div>
                                        <h2>{c.display_name.clone()}</h2>
                                        <span class="cluster-id">{id.clone()}</span>
                                        <span class="cluster-meta">{meta}</span>
                                    </div>
                                    <span class=move || if error.with(Option::is_none) { "reach reach-up" } else { "reach reach-down" }
                                        data-testid="cluster-reachability">
                                        {move || if error.with(Option::is_none) { "reachable" } else { "unreachable" }}
                                    </span>
                                </header>
                                {move || error.get().map(|e| view! {
                                    <ErrorNotice error=e />
                                    <p class="hint">"Sluice keeps trying; this updates by itself when the cluster answers."</p>
                                })}
                            </section>
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
        }}
    }
}

/// Counts per state; clicking one filters by it (several may be on).
#[component]
fn HealthChips(
    feed: RwSignal<sluice_shared::fleet::Fleet>,
    query: RwSignal<FleetQuery>,
) -> impl IntoView {
    let counts = Memo::new(move |_| feed.with(|f| health_counts(f.entries())));
    view! {
        <div class="counts" data-testid="state-counts">
            <span class="count-total">{move || feed.with(|f| f.len())} " connectors"</span>
            {Health::ALL.into_iter().map(|h| {
                let n = move || counts.with(|c| c.get(&h).copied().unwrap_or(0_usize));
                let on = move || query.with(|q| q.health.contains(&h));
                view! {
                    <Show when=move || (n() > 0_usize) || on()>
                        <button type="button"
                            class=move || format!("chip chip-{} {}", h.as_str(), if on() { "chip-on" } else { "" })
                            aria-pressed=move || on().to_string()
                            data-testid=format!("count-{}", h.as_str())
                            on:click=move |_| query.update(|q| {
                                if let Some(i) = q.health.iter().position(|x| *x == h) { q.health.remove(i); } else { q.health.push(h); }
                            })>
                            {n} " " {h.as_str()}
                        </button>
                    </Show>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn Filters(
    feed: RwSignal<sluice_shared::fleet::Fleet>,
    query: RwSignal<FleetQuery>,
) -> impl IntoView {
    let options = Memo::new(move |_| {
        feed.with(|f| {
            let mut plugins = BTreeSet::new();
            let mut tenants = BTreeSet::new();
            for e in f.entries() {
                if let Some(c) = &e.connector.connector_class {
                    plugins.insert(c.clone());
                }
                tenants.insert(e.tenant.clone().unwrap_or_else(|| UNOWNED.to_owned()));
            }
            let clusters: Vec<String> = f.clusters.keys().cloned().collect();
            (plugins, tenants, clusters)
        })
    });
    let some = |v: String| (!v.is_empty()).then_some(v);
    view! {
        <div class="filters" role="search">
            <input type="search" placeholder="Search by name or plugin…" aria-label="Search connectors"
                data-testid="fleet-search"
                prop:value=move || query.with(|q| q.text.clone())
                on:input=move |e| query.update(|q| q.text = event_target_value(&e)) />
            <select aria-label="Type" data-testid="filter-kind" on:change=move |e| {
                let v = event_target_value(&e);
                query.update(|q| q.kind = match v.as_str() { "source" => Some(ConnectorType::Source), "sink" => Some(ConnectorType::Sink), _ => None });
            }>
                <option value="">"Any type"</option>
                <option value="source">"Sources"</option>
                <option value="sink">"Sinks"</option>
            </select>
            <select aria-label="Plugin" data-testid="filter-plugin" on:change=move |e| { let v = some(event_target_value(&e)); query.update(|q| q.plugin = v); }>
                <option value="">"Any plugin"</option>
                {move || options.with(|(p, _, _)| p.iter().map(|c| {
                    let short = c.rsplit('.').next().unwrap_or(c).to_owned();
                    view! { <option value=c.clone()>{short}</option> }
                }).collect_view())}
            </select>
            <select aria-label="Tenant" data-testid="filter-tenant" on:change=move |e| { let v = some(event_target_value(&e)); query.update(|q| q.tenant = v); }>
                <option value="">"Any tenant"</option>
                {move || options.with(|(_, t, _)| t.iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view())}
            </select>
            <select aria-label="Cluster" data-testid="filter-cluster" on:change=move |e| { let v = some(event_target_value(&e)); query.update(|q| q.cluster = v); }>
                <option value="">"Any cluster"</option>
                {move || options.with(|(_, _, c)| c.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view())}
            </select>
        </div>
    }
}

#[component]
fn FleetTable(
    rows: Memo<Vec<FleetEntry>>,
    page: RwSignal<usize>,
    query: RwSignal<FleetQuery>,
    selected: RwSignal<BTreeSet<Key>>,
    selectable: bool,
) -> impl IntoView {
    let pages = move || rows.with(Vec::len).div_ceil(PAGE).max(1);
    let visible = move || {
        let p = page.get().min(pages() - 1);
        rows.with(|r| {
            r.iter()
                .skip(p * PAGE)
                .take(PAGE)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let header = move |label: &'static str, key: SortKey| {
        let arrow = move || {
            query.with(|q| (q.sort == key).then_some(if q.descending { " ↓" } else { " ↑" }))
        };
        view! {
            <th aria-sort=move || query.with(|q| if q.sort != key { "none" } else if q.descending { "descending" } else { "ascending" })>
                <button type="button" class="sort" on:click=move |_| query.update(|q| {
                    if q.sort == key { q.descending = !q.descending } else { q.sort = key; q.descending = false }
                })>{label}{arrow}</button>
            </th>
        }
    };
    let all_filtered_selected = move || {
        rows.with(|r| !r.is_empty() && selected.with(|s| r.iter().all(|e| s.contains(&key_of(e)))))
    };
    let toggle_all = move |_| {
        let everything = all_filtered_selected();
        rows.with(|r| {
            selected.update(|s| {
                for e in r {
                    if everything {
                        s.remove(&key_of(e));
                    } else {
                        s.insert(key_of(e));
                    }
                }
            })
        });
    };
    view! {
        <table class="connectors" data-testid="fleet-table">
            <thead>
                <tr>
                    {selectable.then(|| view! {
                        <th class="check"><input type="checkbox" aria-label="Select every connector that matches"
                            data-testid="select-all" prop:checked=all_filtered_selected on:change=toggle_all /></th>
                    })}
                    {header("Connector", SortKey::Name)}
                    {header("State", SortKey::Health)}
                    {header("Type", SortKey::Kind)}
                    {header("Plugin", SortKey::Plugin)}
                    {header("Tasks", SortKey::Tasks)}
                    {header("Tenant", SortKey::Tenant)}
                    {header("Cluster", SortKey::Cluster)}
                </tr>
            </thead>
            <tbody>
                {move || visible().into_iter().map(|e| view! { <FleetRow e=e selected=selected selectable=selectable /> }).collect_view()}
            </tbody>
        </table>
        <div class="pager">
            <span data-testid="fleet-range">{move || {
                let n = rows.with(Vec::len);
                let p = page.get().min(pages() - 1);
                format!("{}–{} of {n}", (p * PAGE + 1).min(n), ((p + 1) * PAGE).min(n))
            }}</span>
            <button type="button" class="secondary small" disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
            <button type="button" class="secondary small" data-testid="next-page" disabled=move || { page.get() + 1 >= pages() }
                on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
        </div>
    }
}

fn key_of(e: &FleetEntry) -> Key {
    (e.cluster_id.clone(), e.connector.name.clone())
}

fn kind_label(t: ConnectorType) -> &'static str {
    match t {
        ConnectorType::Source => "source",
        ConnectorType::Sink => "sink",
        ConnectorType::Unknown => "unknown",
    }
}

#[component]
fn FleetRow(e: FleetEntry, selected: RwSignal<BTreeSet<Key>>, selectable: bool) -> impl IntoView {
    let key = key_of(&e);
    let health = e.health();
    let problem = e.problem();
    let href = format!(
        "/clusters/{}/connectors/{}",
        js_sys::encode_uri_component(&e.cluster_id),
        js_sys::encode_uri_component(&e.connector.name)
    );
    let FleetEntry {
        cluster_id,
        tenant,
        connector: c,
    } = e;
    let (running, failed, total) = (c.tasks_running(), c.tasks_failed(), c.tasks.len());
    let kind = kind_label(c.connector_type);
    let name = c.name.clone();
    let checked = {
        let key = key.clone();
        move || selected.with(|s| s.contains(&key))
    };
    let toggle = {
        let key = key.clone();
        move |_| {
            selected.update(|s| {
                if !s.remove(&key) {
                    s.insert(key.clone());
                }
            })
        }
    };
    view! {
        <tr data-testid="connector-row" data-connector=c.name.clone() data-cluster=cluster_id.clone()
            data-state=c.state.to_string() data-health=health.as_str()>
            {selectable.then(|| view! {
                <td class="check"><input type="checkbox" aria-label=format!("Select {name}")
                    data-testid="select-row" prop:checked=checked on:change=toggle /></td>
            })}
            <td class="name">
                <A href=href attr:class="connector-name">{name.clone()}</A>
                {problem.map(|p| view! { <div class="row-error" title=p.clone()>{p.clone()}</div> })}
            </td>
            <td><StateBadge state=c.state.clone() degraded=health == Health::Degraded /></td>
            <td><span class=format!("kind kind-{kind}")>{kind}</span></td>
            <td title=c.connector_class.clone().unwrap_or_default()>
                {c.short_class().unwrap_or("—").to_owned()}
                {c.plugin_version.clone().map(|v| view! { <span class="version">{v}</span> })}
            </td>
            <td class="num" data-testid="task-counts">
                {running} "/" {total}
                {(failed > 0).then(|| view! { <span class="tasks-failed">{failed} " failed"</span> })}
            </td>
            <td>{tenant.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="worker">{cluster_id.clone()}</td>
        </tr>
    }
}

/// Lists what the action changes and what it skips, then sends only the changes.
#[component]
fn BulkConfirm(
    action: BulkAction,
    feed: RwSignal<sluice_shared::fleet::Fleet>,
    selected: RwSignal<BTreeSet<Key>>,
    results: RwSignal<Option<BulkResponse>>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let plan: Vec<(Key, Effect)> = feed.with_untracked(|f| {
        selected.with_untracked(|s| {
            s.iter()
                .filter_map(|(c, n)| {
                    f.get(c, n)
                        .map(|e| ((c.clone(), n.clone()), action.effect(e)))
                })
                .collect()
        })
    });
    let changes: Vec<ConnectorRef> = plan
        .iter()
        .filter(|(_, e)| matches!(e, Effect::Change(_)))
        .map(|((c, n), _)| ConnectorRef {
            cluster_id: c.clone(),
            name: n.clone(),
        })
        .collect();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None);
    let count = changes.len();
    let confirm = {
        let on_close = on_close.clone();
        move || {
            if changes.is_empty() {
                on_close();
                return;
            }
            let Some(csrf) = Session::get()
                .and_then(|s| s.me.get_untracked())
                .map(|m| m.csrf_token)
            else {
                return;
            };
            let req = BulkRequest {
                action,
                connectors: changes.clone(),
            };
            let on_close = on_close.clone();
            busy.set(true);
            spawn_local(async move {
                let answer = api::bulk(&req, &csrf).await;
                // This dialog may be gone by now (the page changed): try_set, never panic.
                busy.try_set(false);
                match answer {
                    Ok(r) => {
                        results.try_set(Some(r));
                        on_close();
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
    };
    view! {
        <ConfirmDialog
            title=format!("{} {} connector{}?", action.label(), count, if count == 1 { "" } else { "s" })
            confirm_label=if count == 0 { "Nothing to do".to_owned() } else { format!("{} {count}", action.label()) }
            danger=matches!(action, BulkAction::Stop)
            busy=busy
            on_confirm=confirm
            on_cancel=on_close
        >
            <ul class="plan" data-testid="bulk-plan">
                {plan.into_iter().map(|((cluster, name), effect)| {
                    let (class, text) = match effect {
                        Effect::Change(t) => ("plan-change", t),
                        Effect::Skip(t) => ("plan-skip", format!("skipped: {t}")),
                    };
                    let shown = name.clone();
                    view! { <li class=class data-connector=name><code>{shown}</code> <span class="cluster-id">{cluster}</span> " — " {text}</li> }
                }).collect_view()}
            </ul>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </ConfirmDialog>
    }
}

#[component]
fn BulkResults(results: BulkResponse, on_dismiss: impl Fn() + 'static) -> impl IntoView {
    let failures = results.failures();
    let total = results.results.len();
    view! {
        <div class=if failures == 0 { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="bulk-results">
            <strong>{format!("{} of {total} done", total - failures)}
                {(failures > 0).then(|| format!(", {failures} failed"))}</strong>
            <ul class="plan">
                {results.results.into_iter().map(|r| {
                    let ok = r.error.is_none();
                    let shown = r.name.clone();
                    view! {
                        <li class=if ok { "plan-change" } else { "plan-skip" } data-connector=r.name data-ok=ok.to_string()>
                            <code>{shown}</code> " — " {r.error.map_or_else(|| "done".to_owned(), |e| e.message)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button type="button" class="secondary small" on:click=move |_| on_dismiss()>"Dismiss"</button>
        </div>
    }
}
