//! Reviewing an edit: the diff against the stored config, then PUT (whole config) or PATCH
//! (changed keys only), with Connect's remaining errors said before applying.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::state::Editor;
use crate::components::{DiffTable, ErrorNotice, KeyMessages};

#[component]
pub fn ReviewPanel(editor: Editor, field_errors: KeyMessages) -> impl IntoView {
    let changes = editor.changes();
    let save = editor.save;
    let saving = save.pending();
    let reviewing = editor.reviewing;
    view! {
        <div class="row-actions">
            <button type="button" class="primary" data-testid="config-review"
                disabled=move || changes.with(Vec::is_empty)
                on:click=move |_| { save.clear(); reviewing.set(true); }>
                {move || format!("Review {} change(s)…", changes.with(Vec::len))}
            </button>
            <button type="button" class="secondary" disabled=move || changes.with(Vec::is_empty)
                on:click=move |_| if let Some(o) = editor.original.get_untracked() { editor.edited.set(o) }>"Discard edits"</button>
        </div>
        {move || save.value().get().and_then(Result::ok).map(|m| view! { <div class="notice notice-ok" role="status" data-testid="config-saved">{m}</div> })}
        <Show when=move || reviewing.get()>
            <div class="review" data-testid="config-diff">
                <h3>"Changes to apply"</h3>
                <DiffTable changes=changes />
                {move || (!field_errors.with(BTreeMap::is_empty)).then(|| view! {
                    <p class="form-error">"Connect still reports errors for this config; applying will be refused until they are fixed."</p>
                })}
                {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
                <div class="row-actions">
                    <button type="button" class="primary" data-testid="apply-put" disabled=move || saving.get()
                        on:click=move |_| { save.dispatch(false); }>"Apply whole config (PUT)"</button>
                    <button type="button" class="secondary" data-testid="apply-patch" disabled=move || saving.get()
                        on:click=move |_| { save.dispatch(true); }>"Apply changed keys only (PATCH)"</button>
                    <button type="button" class="link" on:click=move |_| reviewing.set(false)>"Keep editing"</button>
                </div>
            </div>
        </Show>
    }
}
