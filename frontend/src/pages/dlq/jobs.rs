//! The queue's redrives, newest first: progress, state, rate, the DLQ offsets each covers, who
//! started it and when, and Cancel while one runs. Jobs live on the server, so a reload or
//! another browser shows the same.

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::dlq::{JobState, RedriveJob};
use sluice_shared::policy::Action as Permission;

use super::queue::Queue;
use crate::api;
use crate::components::time::local_time;
use crate::components::{ErrorNotice, Loaded};

fn state_name(s: JobState) -> &'static str {
    match s {
        JobState::Running => "running",
        JobState::Done => "done",
        JobState::Cancelled => "cancelled",
        JobState::Failed => "failed",
        JobState::Interrupted => "interrupted",
    }
}

fn state_class(s: JobState) -> &'static str {
    match s {
        JobState::Running => "badge badge-pending",
        JobState::Done => "badge badge-running",
        JobState::Cancelled => "badge badge-stopped",
        JobState::Failed | JobState::Interrupted => "badge badge-failed",
    }
}

#[component]
pub fn Jobs(q: Queue, jobs: LocalResource<Result<Vec<RedriveJob>, ApiError>>) -> impl IntoView {
    let may_cancel = {
        let q = q.clone();
        Signal::derive(move || q.allows(Permission::ReplayDlq))
    };
    let cancel = Action::new_local({
        let (c, n) = (q.cluster.clone(), q.name.clone());
        move |id: &String| {
            let (c, n, id) = (c.clone(), n.clone(), id.clone());
            async move {
                let result = api::cancel_redrive(&c, &n, &id).await.map(drop);
                jobs.refetch();
                result
            }
        }
    });
    view! {
        <section class="panel" data-testid="redrive-jobs">
            <div class="panel-head"><h2>"Redrives"</h2></div>
            {move || cancel.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            <Loaded resource=jobs loading="Loading redrives…" view={move |list: Vec<RedriveJob>| if list.is_empty() {
                view! { <p class="hint" data-testid="redrive-jobs-empty">"No redrive yet. Fix what made the records fail (the groups above say what), then select records and redrive them to where they came from."</p> }.into_any()
            } else {
                view! {
                    <ol class="jobs">
                        {list.into_iter().map(|j| view! { <JobItem job=j may_cancel=may_cancel cancel=cancel /> }).collect_view()}
                    </ol>
                }.into_any()
            }} />
        </section>
    }
}

#[component]
fn JobItem(
    job: RedriveJob,
    may_cancel: Signal<bool>,
    cancel: Action<String, Result<(), ApiError>>,
) -> impl IntoView {
    let running = job.state == JobState::Running;
    let ranges = job
        .ranges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let percent = (job.sent * 100).checked_div(job.total).unwrap_or(0);
    let id = job.id.clone();
    let target = job
        .target
        .clone()
        .map(|t| view! { <code>{t}</code> }.into_any())
        .unwrap_or_else(|| "their original topics".into_any());
    let finished = job
        .finished_ms
        .map(|t| format!(", finished {}", local_time(Some(t))));
    view! {
        <li class="job" data-testid="redrive-job" data-job=job.id.clone() data-state=state_name(job.state)>
            <div class="job-head">
                <span class=state_class(job.state) data-testid="job-state" data-state=state_name(job.state)>{state_name(job.state)}</span>
                <strong data-testid="job-count">{format!("{} / {}", job.sent, job.total)}</strong>
                <span>" records to " {target} {format!(" at {} per second", job.rate_per_second)}</span>
                {(running && may_cancel.get_untracked()).then(|| view! {
                    <button type="button" class="secondary small" data-testid="job-cancel"
                        title="Stops sending; records already sent stay sent"
                        disabled=move || cancel.pending().get() on:click=move |_| { cancel.dispatch(id.clone()); }>"Cancel"</button>
                })}
            </div>
            <div class="progress">
                <progress data-testid="job-progress" max=job.total.max(1).to_string() value=job.sent.to_string()
                    data-sent=job.sent.to_string() data-total=job.total.to_string()
                    aria-label=format!("{} of {} records sent", job.sent, job.total)></progress>
                <span class="hint">{format!("{percent}%")}</span>
            </div>
            <p class="hint job-meta">
                {format!("Started by {}, {}", job.created_by, local_time(Some(job.created_ms)))}{finished}
                " · DLQ offsets " <code data-testid="job-ranges">{ranges}</code>
            </p>
            {job.error.clone().map(|e| view! { <p class="form-error" data-testid="job-error">{e}</p> })}
        </li>
    }
}
