//! One connector: header, lifecycle actions with confirmation, tasks with traces, and tabs
//! for config, offsets and active topics. Status refreshes live from the shared fleet listing.

mod actions;
pub(crate) mod config_editor;
mod history;
mod offsets;
mod tasks;
mod topics;

pub use config_editor::DiffTable;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use sluice_shared::ConnectorDetail;
use sluice_shared::policy::{Action, Resource};

use crate::api;
use crate::components::{ErrorNotice, StateBadge, use_polled};
use crate::session::Session;

const STATUS_EVERY: Duration = Duration::from_secs(2);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Tasks,
    Config,
    History,
    Offsets,
    Topics,
}

/// What the page knows about the connector, shared with its panels.
#[derive(Clone)]
pub struct Ctx {
    pub cluster: String,
    pub name: String,
    pub detail: Signal<Option<ConnectorDetail>>,
    /// Whether the signed-in user may do `action` on this connector (the shared policy).
    pub may: Signal<Vec<Action>>,
}

impl Ctx {
    pub fn allows(&self, action: Action) -> bool {
        self.may.with(|m| m.contains(&action))
    }
}

pub fn csrf() -> Option<String> {
    Session::get()
        .and_then(|s| s.me.get_untracked())
        .map(|m| m.csrf_token)
}

#[component]
pub fn ConnectorPage() -> impl IntoView {
    let params = use_params_map();
    let cluster = params.with_untracked(|p| p.get("cluster").unwrap_or_default());
    let name = params.with_untracked(|p| p.get("name").unwrap_or_default());
    let polled = use_polled(STATUS_EVERY, {
        let (cluster, name) = (cluster.clone(), name.clone());
        move || {
            let (cluster, name) = (cluster.clone(), name.clone());
            async move { api::connector(&cluster, &name).await }
        }
    });
    let detail = Signal::derive(move || polled.get().and_then(Result::ok));
    let known = Memo::new(move |_| detail.with(Option::is_some));
    let session = Session::get();
    let may = Signal::derive(move || {
        let owner = detail.with(|d| d.as_ref().and_then(|d| d.tenant.clone()));
        let on = Resource::Connector { owner };
        session
            .and_then(|s| s.me.get())
            .map(|me| {
                let p = sluice_shared::policy::Principal {
                    role: me.role,
                    tenant: me.tenant,
                };
                Action::ALL.into_iter().filter(|a| p.may(*a, &on)).collect()
            })
            .unwrap_or_default()
    });
    let ctx = Ctx {
        cluster: cluster.clone(),
        name: name.clone(),
        detail,
        may,
    };
    let tab = RwSignal::new(Tab::Tasks);
    let tab_button = move |t: Tab, label: &'static str, id: &'static str| {
        view! {
            <button type="button" role="tab" class=move || if tab.get() == t { "tab tab-on" } else { "tab" }
                aria-selected=move || (tab.get() == t).to_string() data-testid=id on:click=move |_| tab.set(t)>{label}</button>
        }
    };
    view! {
        <nav class="crumbs"><A href="/">"Connectors"</A> " / " <span>{cluster.clone()}</span> " / " <strong>{name.clone()}</strong></nav>
        {move || match polled.get() {
            None => view! { <p class="loading">"Loading connector…"</p> }.into_any(),
            Some(Err(e)) if detail.with(Option::is_none) => view! {
                <ErrorNotice error=e />
                <p class="hint">"If it was just deleted, go back to the " <A href="/">"connector list"</A> "."</p>
            }.into_any(),
            _ => ().into_any(),
        }}
        {move || detail.get().map(|d| view! { <Header d=d /> })}
        // Mounted once the connector is known, not on every refresh: dialogs and editors
        // inside keep their state while the status updates.
        {
            let ctx = ctx.clone();
            move || known.get().then(|| {
                let ctx = ctx.clone();
                view! {
                    <actions::Actions ctx=ctx.clone() />
                    <div class="tabs" role="tablist">
                        {tab_button(Tab::Tasks, "Tasks", "tab-tasks")}
                        {tab_button(Tab::Config, "Config", "tab-config")}
                        {tab_button(Tab::History, "History", "tab-history")}
                        {tab_button(Tab::Offsets, "Offsets", "tab-offsets")}
                        {tab_button(Tab::Topics, "Topics", "tab-topics")}
                    </div>
                    {move || match tab.get() {
                        Tab::Tasks => view! { <tasks::Tasks ctx=ctx.clone() /> }.into_any(),
                        Tab::Config => view! { <config_editor::ConfigEditor ctx=ctx.clone() /> }.into_any(),
                        Tab::History => view! { <history::History ctx=ctx.clone() /> }.into_any(),
                        Tab::Offsets => view! { <offsets::Offsets ctx=ctx.clone() /> }.into_any(),
                        Tab::Topics => view! { <topics::Topics ctx=ctx.clone() /> }.into_any(),
                    }}
                }
            })
        }
    }
}

#[component]
fn Header(d: ConnectorDetail) -> impl IntoView {
    let degraded = d.status.connector.state == sluice_shared::ConnectorState::Running
        && d.status
            .tasks
            .iter()
            .any(|t| t.state == sluice_shared::ConnectorState::Failed);
    let kind = format!("{:?}", d.connector_type).to_lowercase();
    view! {
        <header class="detail-head" data-testid="connector-header" data-state=d.status.connector.state.to_string()>
            <div>
                <h1 class="page-title">{d.name.clone()}</h1>
                <dl class="facts">
                    <dt>"Cluster"</dt><dd>{d.cluster_id.clone()}</dd>
                    <dt>"Tenant"</dt><dd>{d.tenant.clone().unwrap_or_else(|| "unowned".into())}</dd>
                    <dt>"Type"</dt><dd>{kind}</dd>
                    <dt>"Plugin"</dt><dd title=d.connector_class.clone().unwrap_or_default()>
                        {d.connector_class.clone().unwrap_or_else(|| "—".into())}
                        {d.status.connector.version.clone().map(|v| view! { <span class="version">{v}</span> })}
                    </dd>
                    <dt>"Worker"</dt><dd>{d.status.connector.worker_id.clone()}</dd>
                </dl>
            </div>
            <StateBadge state=d.status.connector.state.clone() degraded=degraded />
        </header>
        {d.status.connector.trace.clone().map(|t| view! { <tasks::Trace label="Connector failed".to_owned() trace=t /> })}
    }
}
