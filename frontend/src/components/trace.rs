//! A Java stack trace: its first line and its root cause shown, the rest expandable and
//! copyable.

use leptos::prelude::*;
use sluice_shared::connector::{first_trace_line, root_cause_line};

use super::copy_button::CopyButton;

#[component]
pub fn Trace(label: String, trace: String) -> impl IntoView {
    let first = first_trace_line(&trace);
    let cause = root_cause_line(&trace);
    view! {
        <details class="trace" data-testid="trace">
            <summary><strong>{label}</strong> ": " <code>{first}</code>
                {cause.map(|c| view! { <span class="trace-cause" data-testid="root-cause">" caused by " <code>{c}</code></span> })}
            </summary>
            <div class="trace-tools"><CopyButton text=trace.clone() label="Copy trace" /></div>
            <pre>{trace}</pre>
        </details>
    }
}
