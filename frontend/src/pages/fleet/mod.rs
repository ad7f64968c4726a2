//! The fleet: every connector the user may see across clusters, live over Server-Sent Events,
//! with state counts, search, filters, sorting, paging (1,000+ rows stay responsive) and bulk
//! actions on a selection.

mod bulk;
mod cluster_strip;
mod filters;
mod selection;
mod table;

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use sluice_shared::bulk::{BulkAction, BulkResponse};
use sluice_shared::fleet::{FleetEntry, FleetQuery};
use sluice_shared::fleet_link::FleetView;
use sluice_shared::policy::Action;

use crate::api::Session;
use crate::components::LinkState;
use crate::hooks::fleet_feed::use_fleet_feed;
use crate::routes::Page;
use bulk::{BulkBar, BulkConfirm, BulkResults};
use cluster_strip::ClusterStrip;
use filters::{Filters, HealthChips};
use selection::Key;
use table::FleetTable;

#[component]
pub fn FleetPage() -> impl IntoView {
    let feed = use_fleet_feed();
    // The view starts as the URL says (Back, a reload, a shared link) and writes itself back.
    let start = use_query_map().with_untracked(|m| {
        let pairs: Vec<(String, String)> = m
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_owned()))
            .collect();
        FleetView::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let query = RwSignal::new(start.query);
    let page = RwSignal::new(start.page);
    let selected = RwSignal::new(BTreeSet::<Key>::new());
    let pending = RwSignal::new(None::<BulkAction>);
    let results = RwSignal::new(None::<BulkResponse>);
    // Filtering changes the rows: go back to the first page (not on the first run, which
    // would undo the page the URL asked for).
    Effect::watch(move || query.track(), move |_, _, _| page.set(0), false);
    let navigate = use_navigate();
    Effect::new(move || {
        let view = FleetView {
            query: query.get(),
            page: page.get(),
        };
        let search = view
            .to_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v)))
            .collect::<Vec<_>>()
            .join("&");
        let href = if search.is_empty() {
            Page::Fleet.href()
        } else {
            format!("{}?{search}", Page::Fleet.href())
        };
        let here = window().location();
        let now = format!(
            "{}{}",
            here.pathname().unwrap_or_default(),
            here.search().unwrap_or_default()
        );
        if now != href {
            // Replaced, not pushed: each keystroke is not a step Back walks through.
            navigate(
                &href,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
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
    let may_operate = move || session.may_at_home(Action::OperateConnector);
    let may_create = move || session.may_at_home(Action::CreateConnector);

    view! {
        <div class="page-head">
            <h1 class="page-title">"Connectors"</h1>
            <LinkState link=feed.link />
        </div>
        <ClusterStrip fleet=feed.fleet />
        <HealthChips feed=feed.fleet query=query />
        <Filters feed=feed.fleet query=query />
        <Show when=move || !selected.with(BTreeSet::is_empty) && may_operate()>
            <BulkBar selected=selected pending=pending results=results />
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
            } else if total == 0 && may_create() {
                view! {
                    <div class="empty" data-testid="no-connectors">
                        <h3>"No connectors yet"</h3>
                        <p>"Create one with the " <a href=Page::NewConnector.href()>"connector wizard"</a>
                           " (it checks the database first), through Connect's REST API, or with "
                           <code>"sluice connectors create -f connector.json"</code>
                           "; it appears here within seconds, without a reload."</p>
                    </div>
                }.into_any()
            } else if total == 0 {
                // Offer only what the role may do: a viewer or support cannot create.
                view! {
                    <div class="empty" data-testid="no-connectors">
                        <h3>"No connectors to show yet"</h3>
                        <p>"When an operator or admin creates one"
                           {session.me_untracked().and_then(|m| m.tenant).map(|t| format!(" in {t}"))}
                           ", it appears here within seconds, without a reload."</p>
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
