//! Tasks with state, worker and trace (first line shown, the rest expandable and copyable),
//! each restartable on its own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::connector::first_trace_line;
use sluice_shared::policy::Action;

use super::{Ctx, csrf};
use crate::api;
use crate::components::{ConfirmDialog, CopyButton, ErrorNotice, StateBadge};

#[component]
pub fn Trace(label: String, trace: String) -> impl IntoView {
    let first = first_trace_line(&trace);
    view! {
        <details class="trace" data-testid="trace">
            <summary><strong>{label}</strong> ": " <code>{first}</code></summary>
            <div class="trace-tools"><CopyButton text=trace.clone() label="Copy trace" /></div>
            <pre>{trace}</pre>
        </details>
    }
}

#[component]
pub fn Tasks(ctx: Ctx) -> impl IntoView {
    let error = RwSignal::new(None);
    let may_operate = ctx.allows(Action::OperateConnector);
    let confirming = RwSignal::new(None::<u32>);
    let busy = RwSignal::new(false);
    let restart = move |task: u32| confirming.set(Some(task));
    let run = {
        let ctx = ctx.clone();
        move || {
            let Some(task) = confirming.get_untracked() else {
                return;
            };
            let Some(token) = csrf() else { return };
            let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
            busy.set(true);
            spawn_local(async move {
                let path = format!("tasks/{task}/restart");
                error.try_set(api::lifecycle(&c, &n, &path, &token).await.err());
                busy.try_set(false);
                confirming.try_set(None);
            });
        }
    };
    view! {
        <section class="panel" data-testid="tasks">
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || {
                let tasks = ctx.detail.with(|d| d.as_ref().map(|d| d.status.tasks.clone()).unwrap_or_default());
                if tasks.is_empty() {
                    return view! { <p class="hint" data-testid="no-tasks">"No tasks. A stopped connector has none; a running one without tasks needs a look at the worker's log."</p> }.into_any();
                }
                view! {
                    <table class="connectors">
                        <thead><tr><th>"Task"</th><th>"State"</th><th>"Worker"</th><th></th></tr></thead>
                        <tbody>
                            {tasks.into_iter().map(|t| {
                                                view! {
                                    <tr data-testid="task-row" data-task=t.id.to_string() data-state=t.state.to_string()>
                                        <td>{t.id}</td>
                                        <td><StateBadge state=t.state.clone() /></td>
                                        <td class="worker">{t.worker_id.clone()}</td>
                                        <td>{may_operate.then(|| view! {
                                            <button type="button" class="secondary small" data-testid="restart-task" on:click=move |_| restart(t.id)>"Restart task"</button>
                                        })}</td>
                                    </tr>
                                    {t.trace.clone().map(|tr| view! { <tr class="trace-row"><td colspan="4"><Trace label=format!("Task {}", t.id) trace=tr /></td></tr> })}
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {move || confirming.get().map(|task| { let run = run.clone(); view! {
            <ConfirmDialog title=format!("Restart task {task}?") confirm_label="Restart task" busy=busy
                on_confirm=run on_cancel=move || confirming.set(None)>
                <p>"Only this task restarts, on the worker it is assigned to; the connector and its other tasks keep running."</p>
            </ConfirmDialog>
        }})}
    }
}
