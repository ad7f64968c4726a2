//! The redrive dialog: where to (each record's original topic, or one chosen), how fast, a dry
//! run that counts per target and says what an earlier redrive already sent, then the start;
//! refused as already redriven, it offers to send them again on purpose.

use leptos::prelude::*;
use sluice_shared::dlq::{
    DEFAULT_RATE, DlqFilter, MAX_RATE, RedriveAnswer, RedriveJob, RedrivePlan, RedriveRequest,
    Selection,
};
use sluice_shared::{ApiError, ErrorCode};

use super::queue::Queue;
use crate::api;
use crate::components::{ConfirmDialog, ErrorNotice};

/// What the user asked to redrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub selection: Selection,
    /// The listing jumped back in time, which a filter selection does not do.
    pub time_jump: bool,
}

impl Ask {
    fn describe(&self) -> String {
        match &self.selection {
            Selection::Records { records } if records.len() == 1 => format!(
                "Record {}:{} of the queue.",
                records[0].partition, records[0].offset
            ),
            Selection::Records { records } => {
                format!("The {} selected records.", records.len())
            }
            Selection::Filter { filter } if filter.is_empty() => {
                "Every record the queue holds.".to_owned()
            }
            Selection::Filter { filter } => {
                format!(
                    "Every record the queue holds with {}.",
                    filter_words(filter)
                )
            }
        }
    }
}

fn filter_words(f: &DlqFilter) -> String {
    [
        ("exception", &f.exception),
        ("message", &f.message),
        ("original topic", &f.topic),
        ("text", &f.text),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} “{v}”")))
    .collect::<Vec<_>>()
    .join(", ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    DryRun,
    Start,
    /// Start again after the server refused offsets an earlier redrive sent.
    Force,
}

impl Step {
    fn label(self) -> &'static str {
        match self {
            Step::DryRun => "Dry run",
            Step::Start => "Start redrive",
            Step::Force => "Redrive again anyway",
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Step::DryRun => "redrive-dry-run",
            Step::Start => "redrive-start",
            Step::Force => "redrive-force",
        }
    }
}

#[component]
pub fn RedriveDialog(
    q: Queue,
    ask: Ask,
    on_close: Callback<()>,
    on_started: Callback<RedriveJob>,
) -> impl IntoView {
    let target = RwSignal::new(String::new());
    let rate = RwSignal::new(DEFAULT_RATE.to_string());
    let plan = RwSignal::new(None::<RedrivePlan>);
    let rate_value = move || {
        rate.with(|r| r.trim().parse::<u32>().ok())
            .filter(|r| (1..=MAX_RATE).contains(r))
    };
    let send = Action::new_local({
        let (c, n, selection) = (q.cluster.clone(), q.name.clone(), ask.selection.clone());
        move |step: &Step| {
            let req = RedriveRequest {
                selection: selection.clone(),
                target: Some(target.get_untracked().trim().to_owned()).filter(|t| !t.is_empty()),
                dry_run: *step == Step::DryRun,
                force: *step == Step::Force,
                rate_per_second: rate_value(),
            };
            let (c, n) = (c.clone(), n.clone());
            async move {
                match api::redrive(&c, &n, &req).await? {
                    RedriveAnswer::Plan(p) => {
                        plan.try_set(Some(p));
                    }
                    RedriveAnswer::Started(job) => on_started.run(job),
                }
                Ok::<_, ApiError>(())
            }
        }
    });
    let error = move || send.value().get().and_then(Result::err);
    let error_at = move |field: &'static str| {
        move || {
            error()
                .filter(|e| e.field.as_deref() == Some(field))
                .map(|e| view! { <p class="field-error-inline" data-testid=format!("redrive-error-{field}")>{e.message}</p> })
        }
    };
    let step = Signal::derive(move || {
        if plan.with(Option::is_none) {
            Step::DryRun
        } else if error().is_some_and(|e| e.code == ErrorCode::Conflict) {
            Step::Force
        } else {
            Step::Start
        }
    });
    // A plan holds for the target it was made for.
    let change_target = move |v: String| {
        target.set(v);
        plan.set(None);
        send.clear();
    };
    let blocked = Signal::derive(move || {
        rate_value().is_none()
            || (step.get() != Step::DryRun
                && plan.with(|p| p.as_ref().is_some_and(|p| p.count == 0)))
    });
    let describe = ask.describe();
    view! {
        <ConfirmDialog title="Redrive dead letters" confirm_label=Signal::derive(move || step.get().label().to_owned())
            confirm_testid=Signal::derive(move || step.get().testid().to_owned())
            busy=send.pending() blocked=blocked
            on_confirm=move || { send.dispatch(step.get_untracked()); } on_cancel=move || on_close.run(())>
            <div data-testid="redrive-dialog">
                <p data-testid="redrive-what">{describe}</p>
                {ask.time_jump.then(|| view! {
                    <p class="hint">"The “written before” time only moves the listing: the redrive takes matching records from the whole queue."</p>
                })}
                <p class="hint">"Each record is produced again with its key, value and headers; Connect's "
                    <code>"__connect.errors.*"</code> " headers are removed and " <code>"sluice.redrive.job"</code>
                    " names this redrive. The queue keeps its copy: Kafka cannot delete single records."</p>
                // A form, so Enter in either field takes the next step.
                <form class="form-row" on:submit=move |e| {
                    e.prevent_default();
                    if !blocked.get_untracked() && !send.pending().get_untracked() {
                        send.dispatch(step.get_untracked());
                    }
                }>
                    <label>"Target topic"
                        <input data-testid="redrive-target" autocomplete="off" placeholder="each record's original topic"
                            prop:value=move || target.get() on:input=move |e| change_target(event_target_value(&e)) />
                    </label>
                    <label>"Records per second"
                        <input type="number" data-testid="redrive-rate" min="1" max=MAX_RATE.to_string() step="1"
                            prop:value=move || rate.get() on:input=move |e| rate.set(event_target_value(&e)) />
                    </label>
                    <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">{move || step.get().label()}</button>
                </form>
                {error_at("target")}
                {error_at("rate_per_second")}
                {move || rate_value().is_none().then(|| view! {
                    <p class="field-error-inline">{format!("A rate of 1 to {MAX_RATE} records per second.")}</p>
                })}
                {move || plan.get().map(|p| view! { <PlanView plan=p /> })}
                {move || error().map(|e| match (e.code, e.field.as_deref()) {
                    (_, Some("target" | "rate_per_second")) => ().into_any(),
                    (ErrorCode::Conflict, _) => view! {
                        <div class="notice notice-warn" role="alert" data-testid="redrive-conflict">
                            <strong>"Already redriven"</strong>
                            <span>{e.message}</span>
                            <span>"“Redrive again anyway” sends them once more: whatever consumes the target sees them twice."</span>
                        </div>
                    }.into_any(),
                    _ => view! { <ErrorNotice error=e /> }.into_any(),
                })}
            </div>
        </ConfirmDialog>
    }
}

/// What a dry run found.
#[component]
fn PlanView(plan: RedrivePlan) -> impl IntoView {
    const SHOWN_RANGES: usize = 12;
    let ranges: Vec<String> = plan.ranges.iter().map(ToString::to_string).collect();
    let more = ranges.len().saturating_sub(SHOWN_RANGES);
    let ranges = ranges
        .into_iter()
        .take(SHOWN_RANGES)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <div class="redrive-plan" data-testid="redrive-plan">
            {if plan.count == 0 {
                view! { <p data-testid="redrive-plan-count" data-count="0">"Nothing to redrive: no record matches."</p> }.into_any()
            } else {
                view! {
                    <p><strong data-testid="redrive-plan-count" data-count=plan.count.to_string()>{plan.count}</strong>
                        {if plan.count == 1 { " record would be sent:" } else { " records would be sent:" }}</p>
                    <ul class="plan">
                        {plan.targets.iter().map(|(topic, n)| view! {
                            <li data-testid="redrive-plan-target" data-topic=topic.clone() data-count=n.to_string()>
                                <code>{topic.clone()}</code> {format!(" ← {n}")}
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="hint">"DLQ offsets (partition:offset): " {ranges}
                        {(more > 0).then(|| format!(" and {more} more ranges"))}</p>
                }.into_any()
            }}
            {(plan.already_redriven > 0).then(|| view! {
                <p class="field-warn" data-testid="redrive-plan-already" data-count=plan.already_redriven.to_string()>
                    {format!("{} of them were redriven before: starting asks to confirm sending them again.", plan.already_redriven)}
                </p>
            })}
        </div>
    }
}
