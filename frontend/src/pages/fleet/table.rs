//! The fleet table: sortable columns, a page of rows at a time (1,000+ connectors stay
//! responsive), and checkboxes for the selection.

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::ConnectorType;
use sluice_shared::fleet::{FleetEntry, FleetQuery, Health, SortKey};

use super::selection::{Selection, key_of};
use crate::components::StateBadge;
use crate::routes::Page;

/// Rows rendered at once; the rest are a page away. Keeps 1,000+ connectors snappy.
const PAGE: usize = 100;

#[component]
pub fn FleetTable(
    rows: Memo<Vec<FleetEntry>>,
    page: RwSignal<usize>,
    query: RwSignal<FleetQuery>,
    selected: Selection,
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

fn kind_label(t: ConnectorType) -> &'static str {
    match t {
        ConnectorType::Source => "source",
        ConnectorType::Sink => "sink",
        ConnectorType::Unknown => "unknown",
    }
}

#[component]
fn FleetRow(e: FleetEntry, selected: Selection, selectable: bool) -> impl IntoView {
    let key = key_of(&e);
    let health = e.health();
    let problem = e.problem();
    let href = Page::Connector {
        cluster: e.cluster_id.clone(),
        name: e.connector.name.clone(),
    }
    .href();
    let FleetEntry {
        cluster_id,
        tenant,
        connector: c,
        ..
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
