//! JSON shown highlighted with line numbers, and a copy button for the whole text.

use leptos::prelude::*;
use sluice_shared::json_tokens::highlight;

use super::CopyButton;

#[component]
pub fn JsonView(
    #[prop(into)] text: Signal<String>,
    /// `data-testid` of the `<pre>`: its text content is the JSON, line numbers aside.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    view! {
        <div class="json-view">
            <CopyButton text=text label="Copy JSON" class="secondary small json-copy" />
            <pre class="json json-lines" data-testid=testid>
                {move || {
                    let lines = highlight(&text.get());
                    let last = lines.len().saturating_sub(1);
                    lines.into_iter().enumerate().map(|(i, pieces)| view! {
                        // Numbers come from CSS counters, so selecting and copying takes the JSON only.
                        <span class="json-line">
                            {pieces.into_iter().map(|(kind, s)| view! { <span class=kind.class()>{s}</span> }).collect_view()}
                        </span>
                        {(i < last).then_some("\n")}
                    }).collect_view()
                }}
            </pre>
        </div>
    }
}
