//! The audit log: every change made through Sluice, newest first, one line per entry with its
//! detail (a diff for config changes) a click away; searched as you type, paged by 50,
//! exportable as JSON lines. Admins see everything, operators their tenant.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::admin::AuditRecord;
use sluice_shared::audit_view::{config_changes, summary};

use crate::api;
use crate::components::time::{live_ago, local_time};
use crate::components::{DiffTable, JsonView, Loaded};
use crate::hooks::use_polled;

const PAGE: usize = 50;
/// How long typing pauses before the search is sent.
const TYPED_MS: u32 = 300;

#[component]
pub fn AuditPage() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    // Each keystroke bumps the generation; only the last one's timer applies the search.
    let generation = StoredValue::new(0u64);
    let on_input = move |ev| {
        typed.set(event_target_value(&ev));
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(TYPED_MS).await;
            if generation.try_get_value() == Some(mine) {
                search.try_set(typed.get_untracked());
            }
        });
    };
    // The pages walked so far: each holds the (at, id) of the entry the next one starts after.
    let cursors = RwSignal::new(Vec::<(i64, String)>::new());
    Effect::watch(
        move || search.track(),
        move |_, _, _| cursors.set(Vec::new()),
        false,
    );
    let filters = move || api::query(&[("q", search.get())]);
    view! {
        <h1 class="page-title">"Audit log"</h1>
        <form class="panel form-row" on:submit=|ev| ev.prevent_default()>
            <label class="grow">"Search"
                <input type="search" placeholder="who, action, connector or tenant — e.g. restart, olga, acme-orders"
                    data-testid="audit-search" prop:value=move || typed.get() on:input=on_input />
            </label>
            <a class="button-link" href=move || api::audit_export_href(&filters()) download="sluice-audit.jsonl">
                "Export JSON lines"
            </a>
        </form>
        {move || {
            let mut q = filters();
            if let Some((at, id)) = cursors.get().last().cloned() {
                q = format!("{q}&before_ms={at}&before_id={}", api::encode(&id));
            }
            view! { <AuditTable query=format!("{q}&limit={PAGE}") cursors=cursors /> }
        }}
    }
}

#[component]
fn AuditTable(query: String, cursors: RwSignal<Vec<(i64, String)>>) -> impl IntoView {
    let records = use_polled(Duration::from_secs(10), move || {
        let q = query.clone();
        async move { api::audit(&q).await }
    });
    view! {
        <Loaded resource=records loading="Loading…" view=move |list| audit_table(list, cursors) />
    }
}

fn audit_table(list: Vec<AuditRecord>, cursors: RwSignal<Vec<(i64, String)>>) -> impl IntoView {
    let first_page = cursors.with_untracked(Vec::is_empty);
    if list.is_empty() && first_page {
        return view! {
            <div class="empty"><h3>"Nothing recorded"</h3><p>"Changes made through Sluice appear here: restarts, config edits, ownership, users, tenants, sign-ins. Clear the search to see everything."</p></div>
        }.into_any();
    }
    let next = (list.len() == PAGE)
        .then(|| list.last().map(|r| (r.at_ms, r.id.clone())))
        .flatten();
    let page_no = cursors.with_untracked(Vec::len) + 1;
    view! {
        <table class="connectors audit">
            <thead><tr><th>"When"</th><th>"Who"</th><th>"Action"</th><th>"On"</th><th>"What"</th><th>"Result"</th></tr></thead>
            <tbody>{list.into_iter().map(|r| view! { <AuditRow r=r /> }).collect_view()}</tbody>
        </table>
        <div class="pager" data-testid="audit-pager">
            <span class="hint">"Page " {page_no}</span>
            <button type="button" class="secondary small" disabled=first_page
                on:click=move |_| cursors.set(Vec::new())>"Newest"</button>
            <button type="button" class="secondary small" disabled=first_page
                on:click=move |_| cursors.update(|c| { c.pop(); })>"Newer"</button>
            <button type="button" class="secondary small" disabled=next.is_none()
                on:click=move |_| if let Some(n) = next.clone() { cursors.update(|c| c.push(n)); }>"Older"</button>
        </div>
    }.into_any()
}

#[component]
fn AuditRow(r: AuditRecord) -> impl IntoView {
    let ok = r.result == "ok";
    let open = RwSignal::new(false);
    let line = summary(&r);
    let target = match (&r.connector, &r.cluster, &r.tenant) {
        (Some(c), Some(k), _) => format!("{k}/{c}"),
        (Some(c), None, _) => c.clone(),
        (None, _, Some(t)) => format!("tenant {t}"),
        (None, _, None) => "—".to_owned(),
    };
    let detail = r.detail.clone();
    let has_detail = detail.is_some() || !ok;
    view! {
        <tr data-testid="audit-row" data-action=r.action.clone() class="audit-row">
            <td class="worker" title=local_time(Some(r.at_ms))>{live_ago(Some(r.at_ms))}</td>
            <td>{r.actor.clone()}</td>
            <td><code>{r.action.clone()}</code></td>
            <td class="connector-name">{target}</td>
            <td class="audit-summary">
                {if has_detail {
                    view! {
                        <button type="button" class="link" aria-expanded=move || open.get().to_string()
                            data-testid="audit-expand" on:click=move |_| open.update(|o| *o = !*o)>
                            {if line.is_empty() { "details".to_owned() } else { line.clone() }}
                        </button>
                    }.into_any()
                } else {
                    view! { <span class="hint">"—"</span> }.into_any()
                }}
            </td>
            <td><span class=if ok { "badge badge-running" } else { "badge badge-failed" }>{if ok { "ok" } else { "failed" }}</span></td>
        </tr>
        {move || open.get().then(|| {
            let result = (!ok).then(|| view! { <p class="form-error">{r.result.clone()}</p> });
            let body = detail.clone().map(|d| match config_changes(&d) {
                Some(changes) => view! { <DiffTable changes=changes /> }.into_any(),
                None => {
                    let pretty = serde_json::to_string_pretty(&d).unwrap_or_default();
                    view! { <JsonView text=pretty testid="audit-detail" /> }.into_any()
                }
            });
            view! { <tr class="usage-row" data-testid="audit-detail-row"><td colspan="6">{result}{body}</td></tr> }
        })}
    }
}
