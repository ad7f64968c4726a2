//! A config map edited key by key: a field laid out from the plugin's definition, a free row
//! for a key no definition knows, and a form to add one. The connector's config editor and the
//! wizard's generic plugin step share them.

use std::collections::BTreeMap;

use leptos::prelude::*;
use sluice_shared::config_form::{choices, doc_summary};
use sluice_shared::{ConfigInfos, ConfigKeyInfo};

use super::CodeText;

/// A connector config being edited.
pub type Config = BTreeMap<String, String>;

/// Messages per key: Connect's errors, or its recommended values.
pub type KeyMessages = Memo<BTreeMap<String, Vec<String>>>;

/// Connect's errors in a validation answer, by key.
pub fn errors_by_key(infos: &ConfigInfos) -> BTreeMap<String, Vec<String>> {
    infos
        .field_errors()
        .into_iter()
        .map(|(k, e)| (k.to_owned(), e.to_vec()))
        .collect()
}

/// One defined key: label, input fitting its type (a choice where the plugin has a fixed set
/// of values), documentation (collapsed to a line when long), errors from Connect, and notes.
#[component]
pub fn Field(
    def: ConfigKeyInfo,
    edited: RwSignal<Config>,
    errors: KeyMessages,
    recommended: KeyMessages,
    editable: bool,
    /// Plain-words notes by key: what a message Connect reported elsewhere means for this key.
    #[prop(optional)]
    notes: Option<KeyMessages>,
) -> impl IntoView {
    let key = def.name.clone();
    let value = {
        let key = key.clone();
        move || edited.with(|e| e.get(&key).cloned().unwrap_or_default())
    };
    let set = {
        let key = key.clone();
        move |v: String| {
            edited.update(|e| {
                if v.is_empty() {
                    e.remove(&key);
                } else {
                    e.insert(key.clone(), v);
                }
            })
        }
    };
    let my_errors = Signal::derive({
        let key = key.clone();
        move || errors.with(|e| e.get(&key).cloned().unwrap_or_default())
    });
    // The latest validation's values for this key, else the definition's. A memo, so the
    // input is rebuilt only when this key's values change, never while someone types.
    let values = Memo::new({
        let (key, defined) = (key.clone(), def.recommended_values.clone());
        move |_| {
            recommended
                .with(|r| r.get(&key).cloned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| defined.clone())
        }
    });
    let label = def.display_name.clone().unwrap_or_else(|| def.name.clone());
    let input = {
        let (def, key) = (def.clone(), key.clone());
        move || {
            let current = edited.with_untracked(|e| e.get(&key).cloned().unwrap_or_default());
            let values = values.get();
            match choices(&def, &values, &current) {
                Some(options) => {
                    let set = set.clone();
                    view! {
                        <select data-key=key.clone() data-testid="config-field" disabled=!editable prop:value=value.clone()
                            on:change=move |e| set(event_target_value(&e))>
                            {options.into_iter().map(|c| {
                                let selected = c.value == current;
                                view! { <option value=c.value selected=selected>{c.label}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                }
                None => {
                    let set = set.clone();
                    let list_id = format!("rec-{}", key.replace('.', "-"));
                    let kind = if def.is_password() {
                        "password"
                    } else {
                        "text"
                    };
                    let placeholder = def
                        .default_value
                        .clone()
                        .map(|d| format!("default: {d}"))
                        .unwrap_or_default();
                    view! {
                        <input type=kind data-key=key.clone() data-testid="config-field" readonly=!editable autocomplete="off"
                            list=list_id.clone() placeholder=placeholder prop:value=value.clone()
                            on:input=move |e| set(event_target_value(&e)) />
                        <datalist id=list_id>{values.into_iter().map(|o| view! { <option value=o /> }).collect_view()}</datalist>
                    }.into_any()
                }
            }
        }
    };
    let importance = def.importance.clone().unwrap_or_default();
    let notes = view! { <FieldNotes key=key.clone() notes=notes /> };
    view! {
        <div class=move || if my_errors.with(Vec::is_empty) { "field" } else { "field field-bad" }>
            <label>
                <span class="field-label">{label}
                    {def.required.then_some(view! { <span class="req" title="required">" *"</span> })}
                    {(importance == "HIGH").then_some(view! { <span class="importance">"high"</span> })}
                </span>
                <code class="field-key">{key.clone()}</code>
                {input}
            </label>
            {def.documentation.clone().filter(|d| !d.is_empty()).map(|d| view! { <FieldDoc doc=d /> })}
            {move || my_errors.get().into_iter().map(|m| view! { <p class="field-error" data-testid="field-error" data-key=key.clone()>{m}</p> }).collect_view()}
            {notes}
        </div>
    }
}

/// The notes for one key, keys named in them shown as code.
#[component]
fn FieldNotes(key: String, notes: Option<KeyMessages>) -> impl IntoView {
    move || {
        let mine = notes.and_then(|n| n.with(|n| n.get(&key).cloned()));
        mine.unwrap_or_default().into_iter().map(|m| view! {
            <p class="field-note" data-testid="field-note" data-key=key.clone()><CodeText text=m /></p>
        }).collect_view()
    }
}

/// A key's documentation: whole when short, else its first line with "more" to unfold it.
#[component]
fn FieldDoc(doc: String) -> impl IntoView {
    match doc_summary(&doc) {
        None => view! { <p class="field-doc">{doc}</p> }.into_any(),
        Some(line) => view! {
            <details class="field-doc field-doc-long" data-testid="field-doc">
                <summary><span class="doc-line">{line}</span>
                    <span class="doc-more">"more"</span><span class="doc-less">"less"</span></summary>
                <p>{doc}</p>
            </details>
        }.into_any(),
    }
}

/// A key no definition knows (`converters.*`, `transforms.*`, …): editable value, removable.
#[component]
pub fn FreeRow(
    key: String,
    edited: RwSignal<Config>,
    errors: KeyMessages,
    editable: bool,
    /// As [`Field`]'s.
    #[prop(optional)]
    notes: Option<KeyMessages>,
) -> impl IntoView {
    let k = key.clone();
    let value = move || edited.with(|e| e.get(&k).cloned().unwrap_or_default());
    let k2 = key.clone();
    let k3 = key.clone();
    let k4 = key.clone();
    let k5 = key.clone();
    // A key named like a secret is typed unseen, as a PASSWORD definition's is.
    let kind = if sluice_shared::redact::is_secret_key(&key) {
        "password"
    } else {
        "text"
    };
    view! {
        <div class="field free-row">
            <label>
                <code class="field-key">{key.clone()}</code>
                <input type=kind autocomplete="off" data-key=key.clone() data-testid="config-field" readonly=!editable prop:value=value
                    on:input=move |e| { let v = event_target_value(&e); edited.update(|m| { m.insert(k2.clone(), v); }) } />
            </label>
            {editable.then(|| view! { <button type="button" class="link" on:click=move |_| edited.update(|m| { m.remove(&k3); })>"Remove"</button> })}
            // Keyed like a defined field's errors: a form drawn before the definitions came is
            // read the same way.
            {move || errors.with(|e| e.get(&k4).cloned().unwrap_or_default()).into_iter().map(|m| view! { <p class="field-error" data-testid="field-error" data-key=k5.clone()>{m}</p> }).collect_view()}
            <FieldNotes key=key.clone() notes=notes />
        </div>
    }
}

#[component]
pub fn AddKey(edited: RwSignal<Config>) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let add = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let k = key.get_untracked().trim().to_owned();
        if !k.is_empty() {
            edited.update(|m| {
                m.insert(k, value.get_untracked());
            });
            key.set(String::new());
            value.set(String::new());
        }
    };
    view! {
        <form class="add-key" on:submit=add>
            <input type="text" placeholder="new.key" aria-label="New key" data-testid="add-key-name" prop:value=move || key.get() on:input=move |e| key.set(event_target_value(&e)) />
            <input type="text" placeholder="value" aria-label="New value" data-testid="add-key-value" prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            <button type="submit" class="secondary small">"Add key"</button>
        </form>
    }
}
