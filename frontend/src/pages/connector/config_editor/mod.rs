//! The config editor: a form generated from the plugin's definitions (groups, importance,
//! documentation, recommended values; keys no definition knows kept as free rows) or raw JSON,
//! both editing the same map so switching keeps edits. Connect validates every edit (debounced:
//! Debezium opens real database connections to validate) and errors show at their field. A diff
//! against the stored config comes before applying with PUT or PATCH. Secrets stay sentinels:
//! the server puts the stored value back; one typed in this edit shows masked in the JSON too.

mod form;
mod messages;
mod review;
mod state;

use leptos::prelude::*;
use sluice_shared::policy::Action;
use sluice_shared::redact::REDACTED;
use sluice_shared::{ApiError, ErrorCode};

use super::ctx::Ctx;
use crate::components::{CopyButton, ErrorNotice, JsonView, LegacyNotice, StaleNotice};
use form::FormView;
use messages::ValidationMessages;
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
    let field_notes = editor.field_notes();
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
                <CopyButton text=Signal::derive(move || editor.masked_json()) label="Copy JSON" />
            </div>
            {move || editor.stale.get().map(|(since, at)| view! {
                <StaleNotice since_ms=since shown_ms=Some(at) what="This config is"
                    retry=Callback::new(move |()| { editor.load.dispatch(()); }) />
            })}
            {move || editor.json_error.get().map(|m| view! { <ErrorNotice error=ApiError::new(ErrorCode::MalformedJson, m) /> })}
            {move || editor.redacted_keys.with(|k| (!k.is_empty()).then(|| view! {
                <p class="hint">{format!("{} secret value(s) show as {REDACTED}: leave them to keep the stored secret, or type a new one.", k.len())}</p>
            }))}
            <LegacyKeys editor=editor />
            <ValidationMessages editor=editor field_errors=field_errors />
            {move || match editor.mode.get() {
                // Who may not edit reads it highlighted; who may edits it with line numbers.
                Mode::Json if !may_edit => view! {
                    <JsonView text=Signal::derive(move || editor.json_text.get()) testid="config-json-view" />
                }.into_any(),
                Mode::Json => view! {
                    <TypedSecretsHint editor=editor />
                    <JsonEdit editor=editor />
                }.into_any(),
                Mode::Form => view! { <FormView editor=editor field_errors=field_errors field_notes=field_notes /> }.into_any(),
            }}
            // An edit of what Connect said before it stopped answering waits until it answers.
            {move || (may_edit && editor.stale.with(Option::is_none)).then(|| view! { <ReviewPanel editor=editor /> })}
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
                    editor.replace_edit(editor.edited.with_untracked(|config| r.rewrite(config)));
                })
            });
            view! { <LegacyNotice report=r on_rewrite=rewrite testid="config-legacy" /> }
        }),
        _ => None,
    }
}

/// In the JSON view: secrets typed in this edit show masked, and are kept unless typed over.
#[component]
fn TypedSecretsHint(editor: Editor) -> impl IntoView {
    move || {
        let n = editor.typed_secret_keys().len();
        (n > 0).then(|| view! {
            <p class="hint" data-testid="typed-secrets-hint">{format!(
                "{n} secret value(s) typed in this edit show as {REDACTED}: leave the mask to keep the value, or type a new one over it."
            )}</p>
        })
    }
}

/// The JSON as text to edit, with a gutter of line numbers that scrolls with it (Connect's
/// and the parser's messages name lines).
#[component]
fn JsonEdit(editor: Editor) -> impl IntoView {
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let numbers = move || {
        let n = editor.json_text.with(|t| t.lines().count().max(1));
        (1..=n)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let follow = move |e: leptos::ev::Event| {
        let area: web_sys::HtmlTextAreaElement = event_target(&e);
        if let Some(g) = gutter.get() {
            g.set_scroll_top(area.scroll_top());
        }
    };
    view! {
        <div class="json-edit-wrap">
            <pre class="json-gutter" aria-hidden="true" node_ref=gutter>{numbers}</pre>
            <textarea class="json-edit" rows="24" spellcheck="false" data-testid="config-json"
                prop:value=move || editor.json_text.get()
                on:scroll=follow
                on:input=move |e| editor.type_json(event_target_value(&e))
                on:change=move |_| editor.leave_json() />
        </div>
    }
}
