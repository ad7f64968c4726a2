//! The editor's form mode: the plugin's definitions in groups, then the keys none defines.

use leptos::prelude::*;
use sluice_shared::config_form::{OTHER, form_groups};

use super::state::Editor;
use crate::components::{AddKey, Config, Field, FreeRow, KeyMessages};

#[component]
pub fn FormView(
    editor: Editor,
    field_errors: KeyMessages,
    /// Plain-words notes by key (a refused sign-in at the credentials).
    field_notes: KeyMessages,
) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let recommended = editor.recommended();
    let extra_keys = editor.extra_keys();
    let may_edit = editor.may_edit;
    let edited = editor.edited;
    view! {
        <label class="toggle"><input type="checkbox" prop:checked=move || show_all.get()
            on:change=move |e| show_all.set(event_target_checked(&e)) />
            {move || format!(" Show all {} settings (otherwise: set, required or HIGH importance)", editor.defs.with(Vec::len))}</label>
        // Laid out from the stored config, not the live edit, so typing never rebuilds the
        // form (and never steals focus).
        {move || editor.defs.with(|d| editor.original.with(|o| {
            let empty = Config::new();
            form_groups(d, o.as_ref().unwrap_or(&empty), show_all.get()).into_iter().map(|g| view! {
                <fieldset class="form-group">
                    <legend>{g.name.clone()}</legend>
                    {g.keys.into_iter().map(|def| view! {
                        <Field def=def.clone() edited=edited errors=field_errors recommended=recommended editable=may_edit notes=field_notes />
                    }).collect_view()}
                </fieldset>
            }).collect_view()
        }))}
        <fieldset class="form-group" data-testid="other-keys">
            <legend>{OTHER}</legend>
            {move || extra_keys.get().into_iter().map(|k| view! { <FreeRow key=k edited=edited errors=field_errors editable=may_edit notes=field_notes /> }).collect_view()}
            {may_edit.then(|| view! { <AddKey edited=edited /> })}
        </fieldset>
    }
}
