//! A Java stack trace: its first line shown, the rest expandable and copyable.

use leptos::prelude::*;
use sluice_shared::connector::first_trace_line;

use super::copy_button::CopyButton;

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
