//! Narrowing the fleet: counts per health state that filter when clicked, search, and filters
//! by type, plugin, tenant and cluster.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sluice_shared::ConnectorType;
use sluice_shared::fleet::{Fleet, FleetQuery, Health, UNOWNED, health_counts};

/// Counts per state; clicking one filters by it (several may be on).
#[component]
pub fn HealthChips(feed: RwSignal<Fleet>, query: RwSignal<FleetQuery>) -> impl IntoView {
    let counts = Memo::new(move |_| feed.with(|f| health_counts(f.entries())));
    view! {
        <div class="counts" data-testid="state-counts">
            <span class="count-total">{move || feed.with(|f| match f.len() {
                1 => "1 connector".to_owned(),
                n => format!("{n} connectors"),
            })}</span>
            {Health::ALL.into_iter().map(|h| {
                let n = move || counts.with(|c| c.get(&h).copied().unwrap_or(0_usize));
                let on = move || query.with(|q| q.health.contains(&h));
                // Every state is shown, zero counts dimmed: the row of chips keeps its shape
                // and says "none failed" as plainly as "3 failed".
                view! {
                    <button type="button"
                        class=move || format!("chip chip-{}{}{}", h.as_str(), if on() { " chip-on" } else { "" }, if n() == 0 { " chip-zero" } else { "" })
                        aria-pressed=move || on().to_string()
                        data-testid=format!("count-{}", h.as_str())
                        on:click=move |_| query.update(|q| {
                            if let Some(i) = q.health.iter().position(|x| *x == h) { q.health.remove(i); } else { q.health.push(h); }
                        })>
                        {n} " " {h.as_str()}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn Filters(feed: RwSignal<Fleet>, query: RwSignal<FleetQuery>) -> impl IntoView {
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
            <select aria-label="Type" data-testid="filter-kind"
                prop:value=move || query.with(|q| match q.kind { Some(ConnectorType::Source) => "source", Some(ConnectorType::Sink) => "sink", _ => "" })
                on:change=move |e| {
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
                    let on = query.with_untracked(|q| q.plugin.as_deref() == Some(c.as_str()));
                    view! { <option value=c.clone() selected=on>{short}</option> }
                }).collect_view())}
            </select>
            <select aria-label="Tenant" data-testid="filter-tenant" on:change=move |e| { let v = some(event_target_value(&e)); query.update(|q| q.tenant = v); }>
                <option value="">"Any tenant"</option>
                {move || options.with(|(_, t, _)| t.iter().map(|t| {
                    let on = query.with_untracked(|q| q.tenant.as_deref() == Some(t.as_str()));
                    view! { <option value=t.clone() selected=on>{t.clone()}</option> }
                }).collect_view())}
            </select>
            <select aria-label="Cluster" data-testid="filter-cluster" on:change=move |e| { let v = some(event_target_value(&e)); query.update(|q| q.cluster = v); }>
                <option value="">"Any cluster"</option>
                {move || options.with(|(_, _, c)| c.iter().map(|c| {
                    let on = query.with_untracked(|q| q.cluster.as_deref() == Some(c.as_str()));
                    view! { <option value=c.clone() selected=on>{c.clone()}</option> }
                }).collect_view())}
            </select>
        </div>
    }
}
