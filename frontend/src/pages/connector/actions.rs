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
            Act::Delete => api::delete_connector(cluster, name, false, csrf)
                .await
                .map(drop),
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
            if act == Act::Delete {
                return view! { <DeleteDialog ctx=ctx.clone() on_cancel=move || pending.set(None) /> }.into_any();
            }
            let run = run.clone();
            view! {
                <ConfirmDialog
                    title=format!("{} {}?", act.label(), ctx.name)
                    confirm_label=act.label()
                    danger=matches!(act, Act::Stop)
                    busy=busy
                    on_confirm=move || run(act)
                    on_cancel=move || pending.set(None)
                >
                    <p>{act.explain()}</p>
                </ConfirmDialog>
            }.into_any()
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

/// Delete, and for a Debezium PostgreSQL source the choice to drop its replication slot too:
/// shown with what the slot holds, and asked a second time before anything is dropped.
#[component]
fn DeleteDialog(ctx: Ctx, on_cancel: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let postgres = ctx.detail.with_untracked(|d| {
        d.as_ref()
            .and_then(|d| d.connector_class.clone())
            .as_deref()
            == Some(sluice_shared::connector::POSTGRES_CONNECTOR)
    });
    let slot = LocalResource::new({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            async move {
                if postgres {
                    Some(api::slot(&c, &n).await)
                } else {
                    None
                }
            }
        }
    });
    let drop_slot = RwSignal::new(false);
    let second = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let slot_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let confirm = {
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            if drop_slot.get_untracked() && !second.get_untracked() {
                second.set(true);
                return;
            }
            let Some(token) = csrf() else { return };
            let (c, n) = (c.clone(), n.clone());
            let navigate = navigate.clone();
            busy.set(true);
            spawn_local(async move {
                match api::delete_connector(&c, &n, drop_slot.get_untracked(), &token).await {
                    Ok(r) => match r.slot.and_then(|s| {
                        s.error
                            .map(|e| format!("Slot `{}` was not dropped: {e}", s.slot_name))
                    }) {
                        Some(m) => slot_error.set(Some(m)),
                        None => navigate("/", Default::default()),
                    },
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let label = Signal::derive(move || {
        if second.get() {
            "Yes: delete and drop the slot".to_owned()
        } else {
            "Delete".to_owned()
        }
    });
    view! {
        <ConfirmDialog title=format!("Delete {}?", ctx.name) confirm_label=label danger=true busy=busy on_confirm=confirm on_cancel=on_cancel>
            <p>{Act::Delete.explain()}</p>
            {move || slot.get().flatten().map(|info| match info {
                Ok(s) => view! {
                    <div class="notice notice-warn" data-testid="slot-info">
                        <p>{format!("Replication slot `{}` on {} / {}: {}{}.", s.slot_name, s.host, s.database,
                            if !s.exists { "does not exist" } else if s.active { "in use by the connector" } else { "not in use" },
                            s.retained_wal_bytes.map(|b| format!(", keeping {:.1} MiB of WAL", b as f64 / 1_048_576.0)).unwrap_or_default())}</p>
                        {s.exists.then(|| view! {
                            <label><input type="checkbox" data-testid="drop-slot" prop:checked=move || drop_slot.get()
                                on:change=move |e| { drop_slot.set(event_target_checked(&e)); second.set(false); } />
                                " Also drop the slot (with the connector's credentials, once its task has let go)"</label>
                        })}
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="hint">"The slot could not be checked: " {e.message}</p> }.into_any(),
            })}
            {move || second.get().then(|| view! {
                <p class="form-error" data-testid="drop-slot-warning">"Dropping the slot cannot be undone: a connector created again with this slot starts with a new snapshot, and changes made meanwhile are not captured."</p>
            })}
            {move || slot_error.get().map(|m| view! { <p class="form-error" data-testid="slot-error">{m} " The connector is deleted."</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </ConfirmDialog>
    }
}
