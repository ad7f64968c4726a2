//! The config editor: a form generated from the plugin's definitions (groups, importance,
//! documentation, recommended values; keys no definition knows kept as free rows) or raw JSON,
//! both editing the same map so switching keeps edits. Connect validates every edit (debounced:
//! Debezium opens real database connections to validate) and errors show at their field. A diff
//! against the stored config comes before applying with PUT or PATCH. Secrets stay sentinels:
//! the server puts the stored value back.

mod form;
mod review;
mod state;

use leptos::prelude::*;
use sluice_shared::policy::Action;
use sluice_shared::redact::REDACTED;
use sluice_shared::{ApiError, ErrorCode};

use super::ctx::Ctx;
use crate::components::{CopyButton, ErrorNotice, LegacyNotice};
use form::FormView;
use review::ReviewPanel;
use state::{Check, Editor, Mode};

#[component]
pub fn ConfigEditor(ctx: Ctx) -> impl IntoView {
    let editor = Editor::new(
        ctx.cluster.clone(),
        ctx.name.clone(),
        ctx.allows(Action::EditConfig),
    );
    editor.load.dispatch(());
    editor.validate_when_quiet();
    let field_errors = editor.field_errors();
    let may_edit = editor.may_edit;
    let mode_class = move |m: Mode| if editor.mode.get() == m { "seg-on" } else { "" };
    view! {
        <section class="panel" data-testid="config-editor">
            {move || editor.load.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            <div class="panel-head">
                <h2>"Config"</h2>
                <ValidateState editor=editor />
                <div class="seg" role="group" aria-label="Edit as">
                    <button type="button" class=move || mode_class(Mode::Form)
                        data-testid="config-mode-form" on:click=move |_| editor.show_form()>"Form"</button>
                    <button type="button" class=move || mode_class(Mode::Json)
                        data-testid="config-mode-json" on:click=move |_| editor.show_json()>"JSON"</button>
                </div>
                <CopyButton text=Signal::derive(move || editor.edited_json()) label="Copy JSON" />
            </div>
            {move || editor.json_error.get().map(|m| view! { <ErrorNotice error=ApiError::new(ErrorCode::MalformedJson, m) /> })}
            {move || editor.redacted_keys.with(|k| (!k.is_empty()).then(|| view! {
                <p class="hint">{format!("{} secret value(s) show as {REDACTED}: leave them to keep the stored secret, or type a new one.", k.len())}</p>
            }))}
            <LegacyKeys editor=editor />
            {move || match editor.mode.get() {
                Mode::Json => view! {
                    <textarea class="json-edit" rows="24" spellcheck="false" data-testid="config-json" readonly=!may_edit
                        prop:value=move || editor.json_text.get()
                        on:input=move |e| editor.type_json(event_target_value(&e)) />
                }.into_any(),
                Mode::Form => view! { <FormView editor=editor field_errors=field_errors /> }.into_any(),
            }}
            {may_edit.then(|| view! { <ReviewPanel editor=editor field_errors=field_errors /> })}
        </section>
    }
}

#[component]
fn ValidateState(editor: Editor) -> impl IntoView {
    view! {
        <span class="validate-state" data-testid="validate-state" aria-live="polite">
            {move || match editor.check() {
                Check::Idle => String::new(),
                Check::Running => "Validating with Connect…".to_owned(),
                Check::Done(i) if i.error_count == 0 => "Connect: valid".to_owned(),
                // The console's own refusals (a topic outside the namespace) count here too.
                Check::Done(i) => format!("{} error(s)", i.error_count),
                Check::Failed(e) => format!("Could not validate: {}", e.message),
            }}
        </span>
    }
}

/// Debezium 1.x keys the validation found, each with its replacement, and the rewrite.
#[component]
fn LegacyKeys(editor: Editor) -> impl IntoView {
    move || match editor.check() {
        Check::Done(infos) => infos.legacy.map(|r| {
            let rewrite = editor.may_edit.then(|| {
                let r = r.clone();
                Callback::new(move |()| {
                    editor.edited.update(|config| *config = r.rewrite(config));
                    editor.json_text.set(editor.edited_json());
                })
            });
            view! { <LegacyNotice report=r on_rewrite=rewrite testid="config-legacy" /> }
        }),
        _ => None,
    }
}
