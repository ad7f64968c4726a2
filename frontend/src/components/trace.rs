//! A Java stack trace summarised by its innermost cause (what went wrong, not the wrapper
//! Connect or Debezium put around it); the whole trace expandable and copyable.

use leptos::prelude::*;
use sluice_shared::stack_trace::TraceSummary;

use super::copy_button::CopyButton;

#[component]
pub fn Trace(label: String, trace: String) -> impl IntoView {
    let summary = TraceSummary::of(&trace).map(|s| {
        let message = s.message.clone().unwrap_or_default();
        let class = (!s.exception.is_empty()).then(|| {
            let short = s.short_exception().to_owned();
            let sep = if message.is_empty() { "" } else { ": " };
            view! { <code title=s.exception.clone()>{short}</code> {sep} }
        });
        view! {
            <span class="trace-cause" data-testid="root-cause" data-cause=s.is_cause.to_string()>
                {class}{message}
            </span>
        }
    });
    view! {
        <details class="trace" data-testid="trace">
            <summary><strong>{label}</strong> ": " {summary}</summary>
            <div class="trace-tools"><CopyButton text=trace.clone() label="Copy trace" /></div>
            <pre>{trace}</pre>
        </details>
    }
}
