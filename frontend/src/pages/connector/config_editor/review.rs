//! Reviewing an edit: the diff against the stored config, then PUT (whole config) or PATCH
//! (changed keys only). While Connect reports errors, applying takes an explicit choice: the
//! buttons stay disabled until "apply anyway" is ticked.

use leptos::prelude::*;

use super::state::Editor;
use crate::components::{DiffTable, ErrorNotice};

#[component]
pub fn ReviewPanel(editor: Editor) -> impl IntoView {
    let changes = editor.changes();
    let save = editor.save;
    let saving = save.pending();
    let reviewing = editor.reviewing;
    let errors = editor.error_count();
    let anyway = RwSignal::new(false);
    // The choice was made for one edit's errors, not for the next edit's.
    Effect::new(move || {
        editor.edited.track();
        anyway.set(false);
    });
    let held = move || saving.get() || (errors.get() > 0 && !anyway.get());
    view! {
        <div class="row-actions">
            <button type="button" class="primary" data-testid="config-review"
                disabled=move || changes.with(Vec::is_empty)
                on:click=move |_| { save.clear(); anyway.set(false); reviewing.set(true); }>
                {move || format!("Review {} change(s)…", changes.with(Vec::len))}
            </button>
            <button type="button" class="secondary" disabled=move || changes.with(Vec::is_empty)
                on:click=move |_| if let Some(o) = editor.original.get_untracked() { editor.replace_edit(o) }>"Discard edits"</button>
        </div>
        {move || save.value().get().and_then(Result::ok).map(|m| view! { <div class="notice notice-ok" role="status" data-testid="config-saved">{m}</div> })}
        <Show when=move || reviewing.get()>
            <div class="review" data-testid="config-diff">
                <h3>"Changes to apply"</h3>
                <DiffTable changes=changes />
                {move || (errors.get() > 0).then(|| view! { <ApplyAnyway errors=errors anyway=anyway /> })}
                {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
                <div class="row-actions">
                    <button type="button" class="primary" data-testid="apply-put" disabled=held
                        on:click=move |_| { save.dispatch(false); }>"Apply whole config (PUT)"</button>
                    <button type="button" class="secondary" data-testid="apply-patch" disabled=held
                        on:click=move |_| { save.dispatch(true); }>"Apply changed keys only (PATCH)"</button>
                    <button type="button" class="link" on:click=move |_| reviewing.set(false)>"Keep editing"</button>
                </div>
            </div>
        </Show>
    }
}

/// Connect's refusal said before applying, and the box that applies regardless: its verdict
/// may be stale, or about something this console cannot see.
#[component]
fn ApplyAnyway(errors: Memo<u32>, anyway: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="notice notice-warn apply-gate">
            <p class="form-error">"Connect reports errors for this config: it will likely refuse it until they are fixed."</p>
            <label class="apply-anyway">
                <input type="checkbox" data-testid="apply-anyway"
                    prop:checked=move || anyway.get()
                    on:change=move |e| anyway.set(event_target_checked(&e)) />
                {move || {
                    let n = errors.get();
                    format!(" Apply anyway: Connect reports {n} error{}", if n == 1 { "" } else { "s" })
                }}
            </label>
        </div>
    }
}
