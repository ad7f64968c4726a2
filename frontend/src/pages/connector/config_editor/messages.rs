//! Connect's verdict on the edit, above the fields: a failure to reach or sign in to the
//! database first, in plain words (Debezium reports even a wrong password on
//! `database.hostname`), with Connect's own message a click away; then, in the JSON view, which
//! shows no fields, every other error by key.

use leptos::prelude::*;

use super::state::{Editor, Mode};
use crate::components::{CodeText, KeyMessages};

#[component]
pub fn ValidationMessages(editor: Editor, field_errors: KeyMessages) -> impl IntoView {
    let diagnosis = editor.diagnosis();
    // Every error but the one the diagnosis already tells, by key.
    let others = Memo::new(move |_| {
        let told = diagnosis.with(|d| d.as_ref().map(|d| (d.key.clone(), d.original.clone())));
        field_errors.with(|errors| {
            errors
                .iter()
                .flat_map(|(k, msgs)| msgs.iter().map(move |m| (k.clone(), m.clone())))
                .filter(|e| told.as_ref() != Some(e))
                .collect::<Vec<_>>()
        })
    });
    let listed = move || editor.mode.get() == Mode::Json && others.with(|o| !o.is_empty());
    view! {
        {move || diagnosis.get().map(|d| view! {
            <div class="notice notice-error db-diagnosis" role="alert" data-testid="db-diagnosis" data-failure=d.failure.as_str()>
                <strong><CodeText text=d.summary /></strong>
                <details>
                    <summary>{format!("Connect's message (on {})", d.key)}</summary>
                    <p class="error-message" data-testid="db-diagnosis-original">{d.original}</p>
                </details>
            </div>
        })}
        <Show when=listed>
            <ul class="validation-messages" data-testid="validation-messages">
                {move || others.get().into_iter().map(|(k, m)| view! {
                    <li data-key=k.clone()><code>{k.clone()}</code>" "{m}</li>
                }).collect_view()}
            </ul>
        </Show>
    }
}
