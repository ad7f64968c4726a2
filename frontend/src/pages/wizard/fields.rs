//! The wizard's inputs over one answer each: text, select and checkbox, labelled, with the
//! shared validator's error under them; the connector's name. Editing a connection answer
//! makes the last preflight and table list stale (`Wizard::connection_changed`).

use leptos::prelude::*;
use sluice_shared::templates::Answers;

use super::state::Wizard;
use crate::components::CodeText;

/// The answers the connection step owns, in the order a DBA gives them: changing one makes the
/// preflight stale, and an error in one keeps that step's Next disabled.
pub const CONNECTION_FIELDS: &[&str] = &[
    "publication_autocreate",
    "publication_name",
    "host",
    "port",
    "database",
    "user",
    "password",
    "tls_mode",
    "connection_string",
    "jdbc_url",
    "topics",
    "name",
    "topic_prefix",
    "server_id",
    "kafka_bootstrap",
];

fn edited(w: Wizard, field: &'static str) {
    touch(w, field);
    if CONNECTION_FIELDS.contains(&field) {
        w.connection_changed();
    }
}

/// The user has been in `field`: its errors may show from now on.
fn touch(w: Wizard, field: &'static str) {
    if !w.touched.with_untracked(|t| t.contains(field)) {
        w.touched.update(|t| {
            t.insert(field);
        });
    }
}

#[component]
pub fn AnswerInput(
    w: Wizard,
    label: &'static str,
    field: &'static str,
    get: fn(&Answers) -> String,
    set: fn(&mut Answers, String),
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] placeholder: Option<String>,
    #[prop(optional)] help: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="wizard-field">
            <label>
                <span class="field-label">{label}</span>
                <input type=input_type.unwrap_or("text") data-testid=format!("answer-{field}") autocomplete="off"
                    placeholder=placeholder.unwrap_or_default()
                    prop:value=move || w.answers.with(get)
                    on:blur=move |_| touch(w, field)
                    on:input=move |e| {
                        let v = event_target_value(&e);
                        w.answers.update(|a| set(a, v));
                        edited(w, field);
                    } />
            </label>
            {help.map(|h| view! { <p class="field-doc">{h}</p> })}
            <FieldError w=w field=field after_touch=true />
        </div>
    }
}

#[component]
pub fn AnswerSelect(
    w: Wizard,
    label: &'static str,
    field: &'static str,
    get: fn(&Answers) -> String,
    set: fn(&mut Answers, String),
    options: &'static [(&'static str, &'static str)],
    help: &'static str,
) -> impl IntoView {
    view! {
        <div class="wizard-field">
            <label><span class="field-label">{label}</span>
                <select data-testid=format!("answer-{field}") prop:value=move || w.answers.with(get)
                    on:change=move |e| {
                        let v = event_target_value(&e);
                        w.answers.update(|a| set(a, v));
                        edited(w, field);
                    }>
                    {options.iter().map(|(value, text)| view! { <option value=*value>{*text}</option> }).collect_view()}
                </select>
            </label>
            <p class="field-doc">{help}</p>
            <FieldError w=w field=field after_touch=true />
        </div>
    }
}

/// A checkbox over one boolean answer, with its one-line explanation.
#[component]
pub fn AnswerCheck(
    w: Wizard,
    label: &'static str,
    id: &'static str,
    get: fn(&Answers) -> bool,
    set: fn(&mut Answers, bool),
    help: &'static str,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="checkbox" data-testid=format!("answer-{id}") prop:checked=move || w.answers.with(get)
                on:change=move |e| { let v = event_target_checked(&e); w.answers.update(|a| set(a, v)); } />
            <span class="choice-title">{label}</span>
            <span class="choice-doc">{help}</span>
        </label>
    }
}

/// The connector's name: generated until the user types one.
#[component]
pub fn NameInput(w: Wizard) -> impl IntoView {
    view! {
        <div class="wizard-field">
            <label><span class="field-label">"Connector name"</span>
                <input type="text" data-testid="answer-name" prop:value=move || w.name.get()
                    on:blur=move |_| touch(w, "name")
                    on:input=move |e| { w.name.set(event_target_value(&e)); w.name_edited.set(true); touch(w, "name"); } />
            </label>
            <FieldError w=w field="name" after_touch=true />
        </div>
    }
}

/// A field's error from the shared validator, shown under it; with `after_touch`, only once
/// the user has been in the field.
#[component]
pub fn FieldError(
    w: Wizard,
    field: &'static str,
    #[prop(optional)] after_touch: bool,
) -> impl IntoView {
    let message = Memo::new(move |_| {
        if after_touch && !w.touched.with(|t| t.contains(field)) {
            return None;
        }
        w.errors().get(field).cloned()
    });
    move || {
        message.get().map(|m| {
            view! { <p class="field-error" data-testid="field-error" data-field=field><CodeText text=m /></p> }
        })
    }
}

/// The words a person reads for an answer's field id (the ids are the API's).
fn field_label(field: &str) -> String {
    let known = match field.split('.').next().unwrap_or(field) {
        "name" => "Name",
        "topic_prefix" => "Topic prefix",
        "table_include" => "Tables to capture",
        "table_exclude" => "Tables to leave out",
        "column_exclude" => "Columns to leave out",
        "server_id" => "Server id",
        "kafka_bootstrap" => "Kafka for the schema history",
        "publication_name" => "Publication",
        "publication_autocreate" => "Publication handling",
        "connection_string" => "Connection string",
        "jdbc_url" => "JDBC URL",
        "tls_mode" => "TLS",
        "topics" => "Topics to write",
        "pdb" => "Pluggable database (PDB)",
        other => {
            let words = other.replace('_', " ");
            let mut chars = words.chars();
            return chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
    };
    known.to_owned()
}

/// The first problem among `fields`, which keeps Next disabled, under the field's label.
pub fn first_error(w: Wizard, fields: &[&str]) -> Option<String> {
    let errors = w.errors();
    fields.iter().find_map(|f| {
        errors
            .iter()
            .find(|(k, _)| k == f || k.starts_with(&format!("{f}.")))
            .map(|(k, m)| format!("{}: {m}", field_label(k)))
    })
}
