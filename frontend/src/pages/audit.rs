//! The audit log: every change made through Sluice, newest first, filterable, exportable
//! as JSON lines. Admins see everything, operators their tenant.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::admin::AuditRecord;

use crate::api;
use crate::components::Loaded;
use crate::components::time::local_time;
use crate::hooks::use_polled;

#[component]
pub fn AuditPage() -> impl IntoView {
    let connector = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let filters = move || {
        api::query(&[
            ("connector", connector.get()),
            ("action", action.get()),
            ("actor", actor.get()),
        ])
    };
    // Re-created whenever a filter changes, so the list always matches the form.
    view! {
        <h1 class="page-title">"Audit log"</h1>
        <form class="panel form-row" on:submit=|ev| ev.prevent_default()>
            <label>"Connector" <input prop:value=move || connector.get() on:change=move |ev| connector.set(event_target_value(&ev)) /></label>
            <label>"Action" <input placeholder="restart, set_owner…" prop:value=move || action.get() on:change=move |ev| action.set(event_target_value(&ev)) /></label>
            <label>"Who" <input placeholder="admin or key:name" prop:value=move || actor.get() on:change=move |ev| actor.set(event_target_value(&ev)) /></label>
            <a class="button-link" href=move || api::audit_export_href(&filters()) download="sluice-audit.jsonl">
                "Export JSON lines"
            </a>
        </form>
        {move || {
            let q = filters();
            view! { <AuditTable query=q /> }
        }}
    }
}

#[component]
fn AuditTable(query: String) -> impl IntoView {
    let records = use_polled(Duration::from_secs(10), move || {
        let q = query.clone();
        async move { api::audit(&q).await }
    });
    view! { <Loaded resource=records loading="Loading…" view=audit_table /> }
}

fn audit_table(list: Vec<AuditRecord>) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <div class="empty"><h3>"Nothing recorded"</h3><p>"Changes made through Sluice appear here: restarts, ownership, users, tenants."</p></div>
        }.into_any();
    }
    view! {
        <table class="connectors">
            <thead><tr><th>"When"</th><th>"Who"</th><th>"Action"</th><th>"Tenant"</th><th>"Connector"</th><th>"Detail"</th><th>"Result"</th></tr></thead>
            <tbody>{list.into_iter().map(|r| view! { <AuditRow r=r /> }).collect_view()}</tbody>
        </table>
    }.into_any()
}

#[component]
fn AuditRow(r: AuditRecord) -> impl IntoView {
    let ok = r.result == "ok";
    view! {
        <tr data-testid="audit-row" data-action=r.action.clone()>
            <td class="worker">{local_time(Some(r.at_ms))}</td>
            <td>{r.actor.clone()}</td>
            <td><code>{r.action.clone()}</code></td>
            <td>{r.tenant.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="connector-name">{r.connector.clone().map(|c| format!("{}/{c}", r.cluster.clone().unwrap_or_default())).unwrap_or_else(|| "—".into())}</td>
            <td class="worker">{r.detail.as_ref().map(ToString::to_string).unwrap_or_default()}</td>
            <td><span class=if ok { "badge badge-running" } else { "badge badge-failed" }>{r.result.clone()}</span></td>
        </tr>
    }
}
