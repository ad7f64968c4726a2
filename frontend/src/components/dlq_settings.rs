//! A dead-letter queue's settings that make it less useful than it looks, as chips saying
//! why (the DLQ list and the queue's own page).

use leptos::prelude::*;

/// Settings that make a queue less useful than it looks, each with why.
#[component]
pub fn DlqSettings(context_headers: bool, tolerates_errors: bool) -> impl IntoView {
    if context_headers && tolerates_errors {
        return view! { <span class="chip chip-running">"ok"</span> }.into_any();
    }
    view! {
        {(!context_headers).then(|| view! {
            <span class="chip chip-paused" data-testid="warn-context-headers"
                title="errors.deadletterqueue.context.headers.enable is not true: records carry no __connect.errors.* headers, so nothing says why they failed or where they came from (a redrive needs a topic chosen)">
                "no context headers"
            </span>
        })}
        {(!tolerates_errors).then(|| view! {
            <span class="chip chip-failed" data-testid="warn-tolerance"
                title="errors.tolerance is not all: the first failure stops the task instead of reaching the queue">
                "tolerance not all"
            </span>
        })}
    }
    .into_any()
}
