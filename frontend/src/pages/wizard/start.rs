//! Step 1: cluster, owning tenant (admins choose), and what to create: a Debezium source by
//! database, the JDBC sink, any other installed plugin, or a pasted / uploaded config.

use leptos::prelude::*;
use sluice_shared::templates::{Kind, parse_config_json};

use super::nav::StepNav;
use super::state::{Choice, Wizard};
use crate::clusters::Clusters;
use crate::components::download::read_chosen_file;

#[component]
pub fn StartStep(w: Wizard) -> impl IntoView {
    let clusters = Clusters::get();
    let paste_text = w.paste_text;
    let paste_error = RwSignal::new(None::<String>);
    let use_pasted = move |text: String| match parse_config_json(&text) {
        Ok((name, config)) => {
            if let Some(n) = name {
                w.name.set(n);
                w.name_edited.set(true);
            }
            w.generic.set(config);
            w.choice.set(Some(Choice::Pasted));
            paste_error.set(None);
            w.next();
        }
        Err(e) => paste_error.set(Some(e)),
    };
    let on_file = move |e: leptos::ev::Event| {
        read_chosen_file(&e, move |text| {
            paste_text.set(text.clone());
            use_pasted(text);
        })
    };
    let blocked = Signal::derive(move || {
        if w.cluster.with(String::is_empty) {
            Some("Choose a cluster".to_owned())
        } else if w.choice.with(Option::is_none) {
            Some("Choose what to create".to_owned())
        } else {
            None
        }
    });
    let installed = move |class: &str| {
        w.plugins.with(|p| {
            p.iter()
                .find(|p| p.class == class)
                .map(|p| p.version.clone().unwrap_or_default())
        })
    };
    let others = Memo::new(move |_| {
        w.plugins.with(|p| {
            p.iter()
                .filter(|p| p.plugin_type == "source" || p.plugin_type == "sink")
                .filter(|p| Kind::from_class(&p.class).is_none())
                .map(|p| (p.class.clone(), p.plugin_type.clone(), p.version.clone()))
                .collect::<Vec<_>>()
        })
    });

    view! {
        <form class="panel wizard-panel" data-testid="wizard-start"
            on:submit=move |e| { e.prevent_default(); if blocked.get_untracked().is_none() { w.next() } }>
            <div class="form-row">
                <label>"Cluster"
                    <select data-testid="wizard-cluster" prop:value=move || w.cluster.get()
                        on:change=move |e| { w.cluster.set(event_target_value(&e)); w.connection_changed(); }>
                        {move || clusters.list().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c.id.clone()>{format!("{}{}", c.display_name, if c.reachable { "" } else { " (unreachable)" })}</option>
                        }).collect_view()}
                    </select>
                </label>
                {w.is_admin.then(|| view! {
                    <label>"Owning tenant"
                        <select data-testid="wizard-tenant" prop:value=move || w.tenant.get().unwrap_or_default()
                            on:change=move |e| { let v = event_target_value(&e); w.tenant.set((!v.is_empty()).then_some(v)); }>
                            <option value="">"(unowned: admins only)"</option>
                            {move || w.tenant_list().into_iter().map(|t| view! {
                                <option value=t.id.clone()>{format!("{} ({}…, {}…)", t.display_name, t.connector_prefix, t.topic_prefix)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
            </div>
            <fieldset class="kind-grid" data-testid="wizard-kinds">
                <legend>"What to create"</legend>
                {Kind::ALL.into_iter().map(|k| {
                    let version = move || installed(k.connector_class());
                    let chosen = move || w.choice.get() == Some(Choice::Template(k));
                    view! {
                        <label class=move || if chosen() { "kind-card kind-card-on" } else { "kind-card" }
                            class:kind-card-off=move || version().is_none()>
                            <input type="radio" name="kind" data-testid=format!("kind-{}", kind_id(k))
                                disabled=move || version().is_none() prop:checked=chosen
                                on:change=move |_| {
                                    w.choice.set(Some(Choice::Template(k)));
                                    // Checks, tables and modes belong to the kind chosen before.
                                    w.connection_changed();
                                    w.answers.update(|a| a.snapshot_mode.clear());
                                } />
                            <span class="kind-title">{k.label()}{if k.is_source() { " CDC" } else { "" }}</span>
                            <span class="kind-sub">{move || match version() {
                                Some(v) if !v.is_empty() => format!("Debezium {v}"),
                                Some(_) => "installed".to_owned(),
                                None => "plugin not installed on this cluster".to_owned(),
                            }}</span>
                        </label>
                    }
                }).collect_view()}
                <label class="kind-card kind-card-any" class:kind-card-on=move || matches!(w.choice.get(), Some(Choice::Plugin(_)))>
                    <span class="kind-title">"Any installed plugin"</span>
                    <select data-testid="wizard-plugin"
                        prop:value=move || match w.choice.get() { Some(Choice::Plugin(c)) => c, _ => String::new() }
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            w.choice.set((!v.is_empty()).then_some(Choice::Plugin(v)));
                            w.generic.set(Default::default());
                        }>
                        <option value="">"Choose a plugin…"</option>
                        {move || others.get().into_iter().map(|(class, kind, version)| view! {
                            <option value=class.clone()>{format!("{class} ({kind}{})", version.map(|v| format!(", {v}")).unwrap_or_default())}</option>
                        }).collect_view()}
                    </select>
                </label>
            </fieldset>
            <details class="paste" data-testid="wizard-paste">
                <summary>"…or paste or upload a config and go straight to review"</summary>
                <p class="hint">"Connect's own format ({\"name\": …, \"config\": {…}}) or just the config object."</p>
                <textarea class="json-edit" rows="10" spellcheck="false" data-testid="wizard-paste-text"
                    prop:value=move || paste_text.get() on:input=move |e| paste_text.set(event_target_value(&e)) />
                <div class="row-actions">
                    <button type="button" class="secondary" data-testid="wizard-paste-use"
                        on:click=move |_| use_pasted(paste_text.get_untracked())>"Review this config"</button>
                    <input type="file" accept="application/json,.json" data-testid="wizard-upload" on:change=on_file />
                </div>
                {move || paste_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </details>
            <StepNav w=w blocked=blocked />
        </form>
    }
}

/// The id tests and CSS use for a kind (`postgres`, `maria_db`, …): its JSON name.
pub fn kind_id(k: Kind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
