//! A button that copies text to the clipboard and says so.

use leptos::prelude::*;

#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(optional, into)] label: Option<String>,
    /// The button's classes; a small secondary button unless said.
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label = label.unwrap_or_else(|| "Copy".to_owned());
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            // The promise only says whether the browser allowed it; "Copied" is what we know.
            let _promise = window
                .navigator()
                .clipboard()
                .write_text(&text.get_untracked());
            copied.set(true);
        }
    };
    view! {
        <button type="button" class=class.unwrap_or("secondary small") on:click=copy data-testid="copy">
            {move || if copied.get() { "Copied".to_owned() } else { label.clone() }}
        </button>
    }
}
