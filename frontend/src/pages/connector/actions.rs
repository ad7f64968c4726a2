//! Lifecycle actions on one connector, each confirmed first. A failure (a rebalance that did
//! not settle within the retry budget, a restart racing a reconfiguration) is shown with a
//! Retry button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use sluice_shared::policy::Action;
use sluice_shared::{ApiError, ConnectorState};

use super::{Ctx, csrf};
use crate::api;
use crate::components::{ConfirmDialog, ErrorNotice};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Pause,
    Resume,
    Stop,
    RestartConnector,
    RestartAll,
    RestartFailed,
    Delete,
}

impl Act {
    fn label(self) -> &'static str {
        match self {
            Act::Pause => "Pause",
            Act::Resume => "Resume",
            Act::Stop => "Stop",
            Act::RestartConnector => "Restart connector",
            Act::RestartAll => "Restart with all tasks",
            Act::RestartFailed => "Restart failed only",
            Act::Delete => "Delete",
        }
    }

    fn test_id(self) -> String {
        format!("action-{}", self.label().to_lowercase().replace(' ', "-"))
    }

    /// What the confirmation says will happen.
    fn explain(self) -> &'static str {
        match self {
            Act::Pause => {
                "Tasks stop processing but stay assigned: a source keeps its database connection and replication slot."
            }
            Act::Resume => "The connector and its tasks run again from their committed offsets.",
            Act::Stop => {
                "Tasks shut down and release their resources. Offsets can be changed only in this state."
            }
            Act::RestartConnector => {
                "Restarts the connector instance only; its tasks keep running."
            }
            Act::RestartAll => "Restarts the connector and every task, in one request.",
            Act::RestartFailed => {
                "Restarts only the instances that FAILED (KIP-745), in one request."
            }
            Act::Delete => {
                "Removes the connector and its tasks from the cluster. Its offsets stay in Connect's offsets topic; a PostgreSQL source's replication slot stays in the database and keeps WAL until dropped."
            }
        }
    }

    fn required(self) -> Action {
        match self {
            Act::Delete => Action::DeleteConnector,
            _ => Action::OperateConnector,
        }
    }

    async fn run(self, cluster: &str, name: &str, csrf: &str) -> Result<(), ApiError> {
        match self {
            Act::Pause => api::lifecycle(cluster, name, "pause", csrf).await,
            Act::Resume => api::lifecycle(cluster, name, "resume", csrf).await,
            Act::Stop => api::lifecycle(cluster, name, "stop", csrf).await,
            Act::RestartConnector => api::restart(cluster, name, false, false, csrf)
                .await
                .map(drop),
            Act::RestartAll => api::restart(cluster, name, true, false, csrf)
                .await
                .map(drop),
            Act::RestartFailed => api::restart(cluster, name, true, true, csrf)
                .await
                .map(drop),
            Act::Delete => api::delete_connector(cluster, name, csrf).await,
        }
    }
}

#[component]
pub fn Actions(ctx: Ctx) -> impl IntoView {
    let pending = RwSignal::new(None::<Act>);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<(Act, Result<(), ApiError>)>);
    let navigate = use_navigate();
    let state = {
        let d = ctx.detail;
        move || d.with(|d| d.as_ref().map(|d| d.status.connector.state.clone()))
    };
    let any_failed = {
        let d = ctx.detail;
        move || {
            d.with(|d| {
                d.as_ref().is_some_and(|d| {
                    d.status.connector.state == ConnectorState::Failed
                        || d.status
                            .tasks
                            .iter()
                            .any(|t| t.state == ConnectorState::Failed)
                })
            })
        }
    };
    let run = {
        let ctx = ctx.clone();
        move |act: Act| {
            let Some(token) = csrf() else { return };
            let (cluster, name) = (ctx.cluster.clone(), ctx.name.clone());
            let navigate = navigate.clone();
            busy.set(true);
            spawn_local(async move {
                let result = act.run(&cluster, &name, &token).await;
                busy.set(false);
                pending.set(None);
                if act == Act::Delete && result.is_ok() {
                    navigate("/", Default::default());
                    return;
                }
                outcome.set(Some((act, result)));
            });
        }
    };
    let button = {
        let ctx = ctx.clone();
        move |act: Act, enabled: Box<dyn Fn() -> bool + Send + Sync>| {
            let allowed = ctx.allows(act.required());
            allowed.then(|| view! {
                <button type="button" class=if act == Act::Delete { "danger small" } else { "secondary small" }
                    data-testid=act.test_id() disabled=move || !enabled() || busy.get()
                    on:click=move |_| { outcome.set(None); pending.set(Some(act)); }>
                    {act.label()}
                </button>
            })
        }
    };
    let not = move |s: ConnectorState| {
        Box::new(move || state() != Some(s.clone())) as Box<dyn Fn() -> bool + Send + Sync>
    };
    let always = || Box::new(|| true) as Box<dyn Fn() -> bool + Send + Sync>;
    view! {
        <div class="actions" data-testid="actions">
            {button(Act::Pause, not(ConnectorState::Paused))}
            {button(Act::Resume, Box::new({ move || matches!(state(), Some(ConnectorState::Paused | ConnectorState::Stopped)) }))}
            {button(Act::Stop, not(ConnectorState::Stopped))}
            {button(Act::RestartConnector, always())}
            {button(Act::RestartAll, always())}
            {button(Act::RestartFailed, Box::new(any_failed))}
            {button(Act::Delete, always())}
        </div>
        {move || pending.get().map(|act| {
            let run = run.clone();
            view! {
                <ConfirmDialog
                    title=format!("{} {}?", act.label(), ctx.name)
                    confirm_label=act.label()
                    danger=matches!(act, Act::Delete | Act::Stop)
                    busy=busy
                    on_confirm=move || run(act)
                    on_cancel=move || pending.set(None)
                >
                    <p>{act.explain()}</p>
                </ConfirmDialog>
            }
        })}
        {move || outcome.get().map(|(act, result)| match result {
            Ok(()) => view! {
                <div class="notice notice-ok" role="status" data-testid="action-result">
                    <strong>{act.label()}</strong> " sent; the state below updates by itself."
                </div>
            }.into_any(),
            Err(e) => view! {
                <div data-testid="action-error">
                    <ErrorNotice error=e />
                    <button type="button" class="secondary small" on:click=move |_| pending.set(Some(act))>"Retry"</button>
                </div>
            }.into_any(),
        })}
    }
}
