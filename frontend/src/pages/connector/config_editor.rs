//! The config editor: a form generated from the plugin's definitions (groups, importance,
//! documentation, recommended values; keys no definition knows kept as free rows) or raw JSON,
//! both editing the same map so switching keeps edits. Connect validates every edit (debounced:
//! Debezium opens real database connections to validate) and errors show at their field. A diff
//! against the stored config comes before applying with PUT or PATCH. Secrets stay sentinels:
//! the server puts the stored value back.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::config_form::{OTHER, form_groups, undefined_keys};
use sluice_shared::history::{config_diff, config_patch};
use sluice_shared::policy::Action;
use sluice_shared::redact::REDACTED;
use sluice_shared::{ApiError, ConfigInfos, ConfigKeyInfo, ErrorCode};

use super::{Ctx, csrf};
use crate::api;
use crate::components::{CopyButton, ErrorNotice};

/// Quiet time after the last keystroke before asking Connect to validate.
const VALIDATE_AFTER_MS: u32 = 700;

type Config = BTreeMap<String, String>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Form,
    Json,
}

#[derive(Clone, Debug, PartialEq)]
enum Check {
    Idle,
    Running,
    Done(ConfigInfos),
    Failed(ApiError),
}

#[component]
pub fn ConfigEditor(ctx: Ctx) -> impl IntoView {
    let original = RwSignal::new(None::<Config>);
    let redacted_keys = RwSignal::new(Vec::<String>::new());
    let edited = RwSignal::new(Config::new());
    let defs = RwSignal::new(Vec::<ConfigKeyInfo>::new());
    let load_error = RwSignal::new(None::<ApiError>);
    let (cluster, name) = (ctx.cluster.clone(), ctx.name.clone());
    let may_edit = ctx.allows(Action::EditConfig);

    let load = {
        let (c, n) = (cluster.clone(), name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            spawn_local(async move {
                match api::connector_config(&c, &n).await {
                    Ok(view) => {
                        let class = view
                            .config
                            .get("connector.class")
                            .cloned()
                            .unwrap_or_default();
                        redacted_keys.set(view.redacted_keys.clone());
                        edited.set(view.config.clone());
                        original.set(Some(view.config));
                        if defs.with_untracked(Vec::is_empty)
                            && let Ok(d) = api::plugin_config(&c, &class).await
                        {
                            defs.set(d);
                        }
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        }
    };
    load();

    let mode = RwSignal::new(Mode::Form);
    let json_text = RwSignal::new(String::new());
    let json_error = RwSignal::new(None::<String>);
    let show_all = RwSignal::new(false);
    let check = RwSignal::new(Check::Idle);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let save_error = RwSignal::new(None::<ApiError>);
    let reviewing = RwSignal::new(false);

    // Debounced validation: every edit bumps the generation; only the latest one is sent.
    let generation = StoredValue::new(0u64);
    Effect::new({
        let (c, n) = (cluster.clone(), name.clone());
        move || {
            let config = edited.get();
            if original.with_untracked(Option::is_none) || !may_edit || config.is_empty() {
                return;
            }
            let mine = generation.get_value() + 1;
            generation.set_value(mine);
            let (c, n) = (c.clone(), n.clone());
            // Read here: the context is gone inside the spawned future.
            let Some(token) = csrf() else { return };
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(VALIDATE_AFTER_MS).await;
                if generation.get_value() != mine {
                    return;
                }
                check.set(Check::Running);
                let result = api::validate_config(&c, &n, &config, &token).await;
                if generation.get_value() == mine {
                    check.set(match result {
                        Ok(infos) => Check::Done(infos),
                        Err(e) => Check::Failed(e),
                    });
                }
            });
        }
    });
    let field_errors = Memo::new(move |_| {
        check.with(|c| match c {
            Check::Done(infos) => infos
                .field_errors()
                .into_iter()
                .map(|(k, e)| (k.to_owned(), e.to_vec()))
                .collect::<BTreeMap<_, _>>(),
            _ => BTreeMap::new(),
        })
    });
    let recommended = Memo::new(move |_| {
        check.with(|c| match c {
            Check::Done(infos) => infos
                .configs
                .iter()
                .filter_map(|i| i.value.as_ref())
                .filter(|v| !v.recommended_values.is_empty())
                .map(|v| (v.name.clone(), v.recommended_values.clone()))
                .collect::<BTreeMap<_, _>>(),
            _ => BTreeMap::new(),
        })
    });
    // Changes only when a key no definition knows is added or removed, not on every keystroke.
    let extra_keys = Memo::new(move |_| {
        defs.with(|d| {
            edited.with(|e| {
                undefined_keys(d, e)
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
        })
    });
    let changes = Memo::new(move |_| {
        original.with(|o| {
            o.as_ref()
                .map(|o| edited.with(|e| config_diff(o, e)))
                .unwrap_or_default()
        })
    });

    let to_json = move |_| {
        json_text.set(edited.with(|e| serde_json::to_string_pretty(e).unwrap_or_default()));
        json_error.set(None);
        mode.set(Mode::Json);
    };
    let to_form = move |_| match serde_json::from_str::<Config>(&json_text.get_untracked()) {
        Ok(map) => {
            edited.set(map);
            json_error.set(None);
            mode.set(Mode::Form);
        }
        Err(e) => json_error.set(Some(format!(
            "Fix the JSON first (an object of string values): {e}"
        ))),
    };
    let apply = {
        let (c, n) = (cluster.clone(), name.clone());
        let load = load.clone();
        move |patch: bool| {
            let Some(token) = csrf() else { return };
            let config = edited.get_untracked();
            let body = patch.then(|| {
                original
                    .with_untracked(|o| config_patch(o.as_ref().unwrap_or(&Config::new()), &config))
            });
            let (c, n) = (c.clone(), n.clone());
            let load = load.clone();
            saving.set(true);
            spawn_local(async move {
                match api::save_config(&c, &n, &config, body.as_ref(), &token).await {
                    Ok(_) => {
                        saved.set(Some(format!(
                            "Applied with {}.",
                            if patch { "PATCH" } else { "PUT" }
                        )));
                        save_error.set(None);
                        reviewing.set(false);
                        load();
                    }
                    Err(e) => save_error.set(Some(e)),
                }
                saving.set(false);
            });
        }
    };

    view! {
        <section class="panel" data-testid="config-editor">
            {move || load_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <div class="panel-head">
                <h2>"Config"</h2>
                <ValidateState check=check />
                <div class="seg" role="group" aria-label="Edit as">
                    <button type="button" class=move || if mode.get() == Mode::Form { "seg-on" } else { "" }
                        data-testid="config-mode-form" on:click=to_form>"Form"</button>
                    <button type="button" class=move || if mode.get() == Mode::Json { "seg-on" } else { "" }
                        data-testid="config-mode-json" on:click=to_json>"JSON"</button>
                </div>
                <CopyButton text=Signal::derive(move || edited.with(|e| serde_json::to_string_pretty(e).unwrap_or_default())) label="Copy JSON" />
            </div>
            {move || json_error.get().map(|m| view! { <ErrorNotice error=ApiError::new(ErrorCode::MalformedJson, m) /> })}
            {move || redacted_keys.with(|k| (!k.is_empty()).then(|| view! {
                <p class="hint">{format!("{} secret value(s) show as {REDACTED}: leave them to keep the stored secret, or type a new one.", k.len())}</p>
            }))}
            {move || match mode.get() {
                Mode::Json => view! {
                    <textarea class="json-edit" rows="24" spellcheck="false" data-testid="config-json" readonly=!may_edit
                        prop:value=move || json_text.get()
                        on:input=move |e| {
                            let text = event_target_value(&e);
                            if let Ok(map) = serde_json::from_str::<Config>(&text) { edited.set(map); json_error.set(None); }
                            json_text.set(text);
                        } />
                }.into_any(),
                Mode::Form => view! {
                    <label class="toggle"><input type="checkbox" prop:checked=move || show_all.get()
                        on:change=move |e| show_all.set(event_target_checked(&e)) />
                        {move || format!(" Show all {} settings (otherwise: set, required or HIGH importance)", defs.with(Vec::len))}</label>
                    // Laid out from the stored config, not the live edit, so typing never
                    // rebuilds the form (and never steals focus).
                    {move || defs.with(|d| original.with(|o| {
                        let empty = Config::new();
                        form_groups(d, o.as_ref().unwrap_or(&empty), show_all.get()).into_iter().map(|g| view! {
                            <fieldset class="form-group">
                                <legend>{g.name.clone()}</legend>
                                {g.keys.into_iter().map(|def| view! {
                                    <Field def=def.clone() edited=edited errors=field_errors recommended=recommended editable=may_edit />
                                }).collect_view()}
                            </fieldset>
                        }).collect_view()
                    }))}
                    <fieldset class="form-group" data-testid="other-keys">
                        <legend>{OTHER}</legend>
                        {move || extra_keys.get().into_iter().map(|k| view! { <FreeRow key=k edited=edited errors=field_errors editable=may_edit /> }).collect_view()}
                        {may_edit.then(|| view! { <AddKey edited=edited /> })}
                    </fieldset>
                }.into_any(),
            }}
            {may_edit.then(|| view! {
                <div class="row-actions">
                    <button type="button" class="primary" data-testid="config-review"
                        disabled=move || changes.with(Vec::is_empty)
                        on:click=move |_| { saved.set(None); reviewing.set(true); }>
                        {move || format!("Review {} change(s)…", changes.with(Vec::len))}
                    </button>
                    <button type="button" class="secondary" disabled=move || changes.with(Vec::is_empty)
                        on:click=move |_| if let Some(o) = original.get_untracked() { edited.set(o) }>"Discard edits"</button>
                </div>
            })}
            {move || saved.get().map(|m| view! { <div class="notice notice-ok" role="status" data-testid="config-saved">{m}</div> })}
            <Show when=move || reviewing.get()>
                <div class="review" data-testid="config-diff">
                    <h3>"Changes to apply"</h3>
                    <DiffTable changes=changes />
                    {move || (!field_errors.with(BTreeMap::is_empty)).then(|| view! {
                        <p class="form-error">"Connect still reports errors for this config; applying will be refused until they are fixed."</p>
                    })}
                    {move || save_error.get().map(|e| view! { <ErrorNotice error=e /> })}
                    <div class="row-actions">
                        <button type="button" class="primary" data-testid="apply-put" disabled=move || saving.get()
                            on:click={ let apply = apply.clone(); move |_| apply(false) }>"Apply whole config (PUT)"</button>
                        <button type="button" class="secondary" data-testid="apply-patch" disabled=move || saving.get()
                            on:click={ let apply = apply.clone(); move |_| apply(true) }>"Apply changed keys only (PATCH)"</button>
                        <button type="button" class="link" on:click=move |_| reviewing.set(false)>"Keep editing"</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn ValidateState(check: RwSignal<Check>) -> impl IntoView {
    view! {
        <span class="validate-state" data-testid="validate-state" aria-live="polite">
            {move || match check.get() {
                Check::Idle => String::new(),
                Check::Running => "Validating with Connect…".to_owned(),
                Check::Done(i) if i.error_count == 0 => "Connect: valid".to_owned(),
                Check::Done(i) => format!("Connect: {} error(s)", i.error_count),
                Check::Failed(e) => format!("Could not validate: {}", e.message),
            }}
        </span>
    }
}

#[component]
pub fn DiffTable(
    #[prop(into)] changes: Signal<Vec<sluice_shared::history::ConfigChange>>,
) -> impl IntoView {
    view! {
        <table class="diff">
            <thead><tr><th>"Key"</th><th>"Before"</th><th>"After"</th></tr></thead>
            <tbody>
                {move || changes.get().into_iter().map(|c| view! {
                    <tr data-key=c.key.clone()>
                        <td><code>{c.key.clone()}</code></td>
                        <td class="diff-before">{c.before.unwrap_or_else(|| "(not set)".into())}</td>
                        <td class="diff-after">{c.after.unwrap_or_else(|| "(removed)".into())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One defined key: label, input fitting its type, documentation, errors from Connect.
#[component]
pub(crate) fn Field(
    def: ConfigKeyInfo,
    edited: RwSignal<Config>,
    errors: Memo<BTreeMap<String, Vec<String>>>,
    recommended: Memo<BTreeMap<String, Vec<String>>>,
    editable: bool,
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
    let options = {
        let key = key.clone();
        move || recommended.with(|r| r.get(&key).cloned().unwrap_or_default())
    };
    let placeholder = def
        .default_value
        .clone()
        .map(|d| format!("default: {d}"))
        .unwrap_or_default();
    let label = def.display_name.clone().unwrap_or_else(|| def.name.clone());
    let input = if def.key_type.eq_ignore_ascii_case("BOOLEAN") {
        let set = set.clone();
        view! {
            <select data-key=key.clone() data-testid="config-field" disabled=!editable prop:value=value.clone()
                on:change=move |e| set(event_target_value(&e))>
                <option value="">{format!("(default{})", def.default_value.clone().map(|d| format!(": {d}")).unwrap_or_default())}</option>
                <option value="true">"true"</option>
                <option value="false">"false"</option>
            </select>
        }.into_any()
    } else {
        let set = set.clone();
        let list_id = format!("rec-{}", key.replace('.', "-"));
        let kind = if def.is_password() {
            "password"
        } else {
            "text"
        };
        view! {
            <input type=kind data-key=key.clone() data-testid="config-field" readonly=!editable autocomplete="off"
                list=list_id.clone() placeholder=placeholder prop:value=value.clone()
                on:input=move |e| set(event_target_value(&e)) />
            <datalist id=list_id>{move || options().into_iter().map(|o| view! { <option value=o /> }).collect_view()}</datalist>
        }.into_any()
    };
    let importance = def.importance.clone().unwrap_or_default();
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
            {def.documentation.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="field-doc">{d}</p> })}
            {move || my_errors.get().into_iter().map(|m| view! { <p class="field-error" data-testid="field-error" data-key=key.clone()>{m}</p> }).collect_view()}
        </div>
    }
}

/// A key no definition knows (`converters.*`, `transforms.*`, …): editable value, removable.
#[component]
pub(crate) fn FreeRow(
    key: String,
    edited: RwSignal<Config>,
    errors: Memo<BTreeMap<String, Vec<String>>>,
    editable: bool,
) -> impl IntoView {
    let k = key.clone();
    let value = move || edited.with(|e| e.get(&k).cloned().unwrap_or_default());
    let k2 = key.clone();
    let k3 = key.clone();
    let k4 = key.clone();
    view! {
        <div class="field free-row">
            <label>
                <code class="field-key">{key.clone()}</code>
                <input type="text" data-key=key.clone() data-testid="config-field" readonly=!editable prop:value=value
                    on:input=move |e| { let v = event_target_value(&e); edited.update(|m| { m.insert(k2.clone(), v); }) } />
            </label>
            {editable.then(|| view! { <button type="button" class="link" on:click=move |_| edited.update(|m| { m.remove(&k3); })>"Remove"</button> })}
            {move || errors.with(|e| e.get(&k4).cloned().unwrap_or_default()).into_iter().map(|m| view! { <p class="field-error" data-testid="field-error">{m}</p> }).collect_view()}
        </div>
    }
}

#[component]
pub(crate) fn AddKey(edited: RwSignal<Config>) -> impl IntoView {
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
