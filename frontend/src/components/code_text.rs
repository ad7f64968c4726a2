//! A message whose backticked parts are code (see `sluice_shared::inline_code`).

use leptos::prelude::*;
use sluice_shared::inline_code::{Span, code_spans};

/// `text` with each `code` span shown as `<code>`, the backticks dropped.
#[component]
pub fn CodeText(#[prop(into)] text: String) -> impl IntoView {
    code_spans(&text)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) => t.to_owned().into_any(),
            Span::Code(c) => view! { <code>{c.to_owned()}</code> }.into_any(),
        })
        .collect_view()
}
