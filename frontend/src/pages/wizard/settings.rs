//! The settings step of a generic plugin: a form generated from its config definitions,
//! validated by Connect at review.

use std::collections::BTreeMap;

use leptos::prelude::*;
use sluice_shared::config_form::{OTHER, form_groups, undefined_keys};

use super::fields::{NameInput, first_error};
use super::nav::StepNav;
use super::state::{Choice, Wizard};
use crate::api;
use crate::components::{AddKey, ErrorNotice, Field, FreeRow};

/// A generic plugin: every setting from its config definitions, validated at review.
#[component]
pub fn SettingsStep(w: Wizard) -> impl IntoView {
    let class = match w.choice.get_untracked() {
        Some(Choice::Plugin(c)) => c,
        _ => String::new(),
    };
    let loaded = LocalResource::new({
        let (cluster, class) = (w.cluster.get_untracked(), class.clone());
        move || {
            let (cluster, class) = (cluster.clone(), class.clone());
            async move { api::plugin_config(&cluster, &class).await }
        }
    });
    let defs = Signal::derive(move || loaded.get().and_then(Result::ok).unwrap_or_default());
    if !w
        .generic
        .with_untracked(|g| g.contains_key("connector.class"))
    {
        w.generic.update(|g| {
            g.insert("connector.class".into(), class.clone());
        });
    }
    let show_all = RwSignal::new(false);
    let no_errors = Memo::new(|_| BTreeMap::<String, Vec<String>>::new());
    let extra = Memo::new(move |_| {
        defs.with(|d| {
            w.generic.with(|g| {
                undefined_keys(d, g)
                    .into_iter()
                    .filter(|k| *k != "name")
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
        })
    });
    let blocked = Signal::derive(move || first_error(w, &["name"]));
    // The free-key adder is a form of its own, so the step's form ends before it and the Next
    // button joins the step's form by id.
    view! {
        <div class="panel wizard-panel" data-testid="wizard-settings">
            <form id="wizard-settings-form"
                on:submit=move |e| { e.prevent_default(); if blocked.get_untracked().is_none() { w.next() } }>
                <h2><code>{class.clone()}</code></h2>
                {move || loaded.get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
                <NameInput w=w />
                <label class="toggle"><input type="checkbox" prop:checked=move || show_all.get()
                    on:change=move |e| show_all.set(event_target_checked(&e)) />
                    {move || format!(" Show all {} settings (otherwise: required or HIGH importance)", defs.with(Vec::len))}</label>
                {move || defs.with(|d| {
                    let start = w.generic.get_untracked();
                    form_groups(d, &start, show_all.get()).into_iter().map(|g| view! {
                        <fieldset class="form-group">
                            <legend>{g.name.clone()}</legend>
                            {g.keys.into_iter().filter(|def| def.name != "name").map(|def| view! {
                                <Field def=def.clone() edited=w.generic errors=no_errors recommended=no_errors editable=true />
                            }).collect_view()}
                        </fieldset>
                    }).collect_view()
                })}
            </form>
            <fieldset class="form-group">
                <legend>{OTHER}</legend>
                {move || extra.get().into_iter().map(|k| view! { <FreeRow key=k edited=w.generic errors=no_errors editable=true /> }).collect_view()}
                <AddKey edited=w.generic />
            </fieldset>
            <p class="hint">"Connect validates every field at review, before anything is created."</p>
            <StepNav w=w blocked=blocked form="wizard-settings-form" />
        </div>
    }
}
