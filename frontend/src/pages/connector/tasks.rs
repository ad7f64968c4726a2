//! Tasks with state, worker and trace (first line shown, the rest expandable and copyable),
//! each restartable on its own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::connector::first_trace_line;
use sluice_shared::policy::Action;

use super::{Ctx, csrf};
use crate::api;
use crate::components::{CopyButton, ErrorNotice, StateBadge};

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
    let restart = {
        let ctx = ctx.clone();
        move |task: u32| {
            let Some(token) = csrf() else { return };
            let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
            spawn_local(async move {
                error.set(
                    api::lifecycle(&c, &n, &format!("tasks/{task}/restart"), &token)
                        .await
                        .err(),
                );
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
                let restart = restart.clone();
                view! {
                    <table class="connectors">
                        <thead><tr><th>"Task"</th><th>"State"</th><th>"Worker"</th><th></th></tr></thead>
                        <tbody>
                            {tasks.into_iter().map(|t| {
                                let restart = restart.clone();
                                view! {
                                    <tr data-testid="task-row" data-task=t.id.to_string() data-state=t.state.to_string()>
                                        <td>{t.id}</td>
                                        <td><StateBadge state=t.state.clone() /></td>
                                        <td class="worker">{t.worker_id.clone()}</td>
                                        <td>{may_operate.then(|| view! {
                                            <button type="button" class="secondary small" on:click=move |_| restart(t.id)>"Restart task"</button>
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
    }
}
