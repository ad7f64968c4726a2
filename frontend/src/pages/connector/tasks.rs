//! Tasks with state, worker and trace (first line shown, the rest expandable and copyable),
//! each restartable on its own.

use leptos::prelude::*;
use sluice_shared::policy::Action as Permission;

use super::ctx::Ctx;
use crate::api::{self, Lifecycle};
use crate::components::{ConfirmDialog, ErrorNotice, StateBadge, Trace};

#[component]
pub fn Tasks(ctx: Ctx) -> impl IntoView {
    let may_operate = ctx.allows(Permission::OperateConnector);
    let confirming = RwSignal::new(None::<u32>);
    let restart = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |task: &u32| {
            let (c, n, task) = (c.clone(), n.clone(), *task);
            async move {
                let result = api::lifecycle(&c, &n, Lifecycle::RestartTask(task)).await;
                confirming.try_set(None);
                result
            }
        }
    });
    let run = move || {
        if let Some(task) = confirming.get_untracked() {
            restart.dispatch(task);
        }
    };
    // Rebuilt only when the tasks change, not on every poll: a rebuild between a click's press
    // and release loses the click, and it would close a trace someone opened.
    let tasks = Memo::new(move |_| {
        ctx.detail.with(|d| {
            d.as_ref()
                .map(|d| d.status.tasks.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <section class="panel" data-testid="tasks">
            {move || restart.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {move || {
                let tasks = tasks.get();
                if tasks.is_empty() {
                    return view! { <p class="hint" data-testid="no-tasks">"No tasks. A stopped connector has none; a running one without tasks needs a look at the worker's log."</p> }.into_any();
                }
                view! {
                    <table class="connectors">
                        <thead><tr><th>"Task"</th><th>"State"</th><th>"Worker"</th><th></th></tr></thead>
                        <tbody>
                            {tasks.into_iter().map(|t| view! {
                                <tr data-testid="task-row" data-task=t.id.to_string() data-state=t.state.to_string()>
                                    <td>{t.id}</td>
                                    <td><StateBadge state=t.state.clone() /></td>
                                    <td class="worker">{t.worker_id.clone()}</td>
                                    <td>{may_operate.then(|| view! {
                                        <button type="button" class="secondary small" data-testid="restart-task" on:click=move |_| confirming.set(Some(t.id))>"Restart task"</button>
                                    })}</td>
                                </tr>
                                {t.trace.clone().map(|tr| view! { <tr class="trace-row"><td colspan="4"><Trace label=format!("Task {}", t.id) trace=tr /></td></tr> })}
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {move || confirming.get().map(|task| view! {
            <ConfirmDialog title=format!("Restart task {task}?") confirm_label="Restart task" busy=restart.pending()
                on_confirm=run on_cancel=move || confirming.set(None)>
                <p>"Only this task restarts, on the worker it is assigned to; the connector and its other tasks keep running."</p>
            </ConfirmDialog>
        })}
    }
}
