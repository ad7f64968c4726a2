//! A modal confirmation: what will happen, then Confirm or Cancel. Escape cancels; focus
//! starts on Cancel so an accidental Enter does nothing destructive.

use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: Signal<String>,
    /// Styles the confirm button as dangerous (delete, stop).
    #[prop(optional)]
    danger: bool,
    #[prop(into)] busy: Signal<bool>,
    /// Keeps the confirm button disabled (input not ready) without saying "Working…".
    #[prop(optional, into)]
    blocked: Option<Signal<bool>>,
    /// `data-testid` of the confirm button, for dialogs whose button changes meaning;
    /// `confirm` unless said.
    #[prop(optional, into)]
    confirm_testid: Option<Signal<String>>,
    on_confirm: impl Fn() + 'static,
    on_cancel: impl Fn() + Clone + 'static,
    children: Children,
) -> impl IntoView {
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move || {
        if let Some(b) = cancel_ref.get() {
            let _ = b.focus();
        }
    });
    let on_key = {
        let on_cancel = on_cancel.clone();
        move |e: web_sys::KeyboardEvent| {
            if e.key() == "Escape" {
                on_cancel();
            }
        }
    };
    view! {
        <div class="modal-backdrop" on:keydown=on_key>
            <div class="modal" role="dialog" aria-modal="true" aria-label=title.clone() data-testid="confirm-dialog">
                <h2>{title.clone()}</h2>
                <div class="modal-body">{children()}</div>
                <div class="modal-actions">
                    <button type="button" class="secondary" node_ref=cancel_ref on:click=move |_| on_cancel()>"Cancel"</button>
                    <button
                        type="button"
                        class=if danger { "danger" } else { "primary" }
                        disabled=move || busy.get() || blocked.is_some_and(|b| b.get())
                        data-testid=move || confirm_testid.map_or_else(|| "confirm".to_owned(), |t| t.get())
                        on:click=move |_| on_confirm()
                    >
                        {move || if busy.get() { "Working…".to_owned() } else { confirm_label.get() }}
                    </button>
                </div>
            </div>
        </div>
    }
}
