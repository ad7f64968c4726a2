//! One connector: header, lifecycle actions with confirmation, where its failed records go,
//! tasks with traces, and tabs for health (auto-restart and timeline), config, offsets, active
//! topics and change events. Status refreshes live from the shared fleet listing.

mod act;
mod actions;
mod config_editor;
mod ctx;
mod delete;
mod dlq_link;
mod events;
mod header;
mod health;
mod history;
mod offset_fields;
mod offsets;
mod tasks;
mod topics;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use sluice_shared::ConnectorDetail;

use crate::api;
use crate::components::ErrorNotice;
use crate::hooks::use_polled;
use crate::routes::Page;
use ctx::Ctx;

const STATUS_EVERY: Duration = Duration::from_secs(2);

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tab {
    Tasks,
    Health,
    Config,
    History,
    Offsets,
    Topics,
    Events,
}

impl Tab {
    const ALL: [Tab; 7] = [
        Tab::Tasks,
        Tab::Health,
        Tab::Config,
        Tab::History,
        Tab::Offsets,
        Tab::Topics,
        Tab::Events,
    ];

    /// Its name in the URL (`?tab=offsets`): Back, a reload and a shared link open it.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Tab::Tasks => "tasks",
            Tab::Health => "health",
            Tab::Config => "config",
            Tab::History => "history",
            Tab::Offsets => "offsets",
            Tab::Topics => "topics",
            Tab::Events => "events",
        }
    }

    fn from_slug(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == s)
    }
}

#[component]
pub fn ConnectorPage() -> impl IntoView {
    let (cluster, name) = Page::connector_from_route();
    let polled = use_polled(STATUS_EVERY, {
        let (cluster, name) = (cluster.clone(), name.clone());
        move || {
            let (cluster, name) = (cluster.clone(), name.clone());
            async move { api::connector(&cluster, &name).await }
        }
    });
    // A memo: a poll that brings the same detail rebuilds nothing below it (the header, the
    // tasks), so a click in progress or a row someone opened survives it.
    let detail: Signal<Option<ConnectorDetail>> =
        Memo::new(move |_| polled.get().and_then(Result::ok)).into();
    let known = Memo::new(move |_| detail.with(Option::is_some));
    let ctx = Ctx::new(cluster.clone(), name.clone(), detail);
    // The tab follows the URL: a topic's link to the change events, Back and reloads open it.
    let query = use_query_map();
    let tab = Memo::new(move |_| {
        query
            .with(|q| q.get("tab").and_then(|t| Tab::from_slug(&t)))
            .unwrap_or(Tab::Tasks)
    });
    let navigate = use_navigate();
    let here = Page::Connector {
        cluster: cluster.clone(),
        name: name.clone(),
    }
    .href();
    let tab_button = move |t: Tab, label: &'static str, id: &'static str| {
        let (navigate, href) = (navigate.clone(), format!("{here}?tab={}", t.slug()));
        view! {
            <button type="button" role="tab" class=move || if tab.get() == t { "tab tab-on" } else { "tab" }
                aria-selected=move || (tab.get() == t).to_string() data-testid=id
                on:click=move |_| navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() })>{label}</button>
        }
    };
    view! {
        <nav class="crumbs"><A href=Page::Fleet.href()>"Connectors"</A> " / " <span>{cluster.clone()}</span> " / " <strong>{name.clone()}</strong></nav>
        {move || match polled.get() {
            None => view! { <p class="loading">"Loading connector…"</p> }.into_any(),
            Some(Err(e)) if detail.with(Option::is_none) => view! {
                <ErrorNotice error=e />
                <p class="hint">"If it was just deleted, go back to the " <A href=Page::Fleet.href()>"connector list"</A> "."</p>
            }.into_any(),
            _ => ().into_any(),
        }}
        {
            let ctx = ctx.clone();
            move || detail.get().map(|d| {
                let may_release = ctx.allows(sluice_shared::policy::Action::AssignOwnership);
                view! { <header::Header d=d may_release=may_release /> }
            })
        }
        // Mounted once the connector is known, not on every refresh: dialogs and editors
        // inside keep their state while the status updates.
        {
            let ctx = ctx.clone();
            move || known.get().then(|| {
                let ctx = ctx.clone();
                view! {
                    <actions::Actions ctx=ctx.clone() />
                    <dlq_link::DlqLink ctx=ctx.clone() />
                    <div class="tabs" role="tablist">
                        {tab_button(Tab::Tasks, "Tasks", "tab-tasks")}
                        {tab_button(Tab::Health, "Health", "tab-health")}
                        {tab_button(Tab::Config, "Config", "tab-config")}
                        {tab_button(Tab::History, "History", "tab-history")}
                        {tab_button(Tab::Offsets, "Offsets", "tab-offsets")}
                        {tab_button(Tab::Topics, "Topics", "tab-topics")}
                        {tab_button(Tab::Events, "Change events", "tab-events")}
                    </div>
                    {move || match tab.get() {
                        Tab::Tasks => view! { <tasks::Tasks ctx=ctx.clone() /> }.into_any(),
                        Tab::Health => view! { <health::Health ctx=ctx.clone() /> }.into_any(),
                        Tab::Config => view! { <config_editor::ConfigEditor ctx=ctx.clone() /> }.into_any(),
                        Tab::History => view! { <history::History ctx=ctx.clone() /> }.into_any(),
                        Tab::Offsets => view! { <offsets::Offsets ctx=ctx.clone() /> }.into_any(),
                        Tab::Topics => view! { <topics::Topics ctx=ctx.clone() /> }.into_any(),
                        Tab::Events => view! { <events::Events ctx=ctx.clone() /> }.into_any(),
                    }}
                }
            })
        }
    }
}
