//! Step 7: the whole config as JSON with secrets masked, Connect's validation per field, the
//! initial state, and Create — which lands on the new connector's detail page.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sluice_shared::redact;
use sluice_shared::templates::describe_plan;
use sluice_shared::{ApiError, ConfigInfos, CreateConnector};

use super::fields::NameInput;
use super::state::{Choice, Config, Wizard};
use crate::api;
use crate::components::{CodeText, ErrorNotice, JsonView, LegacyNotice, errors_by_key};
use crate::routes::Page;

#[derive(Clone, PartialEq)]
enum Verdict {
    Running,
    Done(ConfigInfos),
    Failed(ApiError),
}

#[component]
pub fn ReviewStep(w: Wizard) -> impl IntoView {
    let config = Memo::new(move |_| w.config());
    let masked = Memo::new(move |_| {
        let body = serde_json::json!({
            "name": w.name.get(),
            "config": redact::redact_config(&config.get(), &HashSet::new()),
        });
        serde_json::to_string_pretty(&body).unwrap_or_default()
    });
    let check = Action::new_local(|(cluster, config): &(String, Config)| {
        let (cluster, config) = (cluster.clone(), config.clone());
        async move { api::validate_new(&cluster, &config).await }
    });
    let validate = move || {
        check.dispatch((w.cluster.get_untracked(), config.get_untracked()));
    };
    validate();
    let checking = check.pending();
    let verdict = Memo::new(move |_| match (checking.get(), check.value().get()) {
        (false, Some(Ok(infos))) => Verdict::Done(infos),
        (false, Some(Err(e))) => Verdict::Failed(e),
        _ => Verdict::Running,
    });
    let field_errors = Memo::new(move |_| match verdict.get() {
        Verdict::Done(infos) => errors_by_key(&infos),
        _ => BTreeMap::new(),
    });
    let checked = Memo::new(move |_| match verdict.get() {
        Verdict::Done(infos) => infos.configs.len(),
        _ => 0,
    });

    let navigate = use_navigate();
    // A created connector's page replaces this one; only a failure stays to be shown.
    let create = Action::new_local(move |(cluster, req): &(String, CreateConnector)| {
        let (cluster, req) = (cluster.clone(), req.clone());
        let navigate = navigate.clone();
        async move {
            api::create_connector(&cluster, &req).await?;
            let page = Page::Connector {
                cluster,
                name: req.name,
            };
            navigate(&page.href(), Default::default());
            Ok::<_, ApiError>(())
        }
    });
    // Stays true after a success: the button is gone with the page, never enabled again.
    let creating =
        Memo::new(move |_| create.pending().get() || matches!(create.value().get(), Some(Ok(()))));
    let create_error = move || create.value().get().and_then(Result::err);
    let submit = move |_| {
        let req = CreateConnector {
            name: w.name.get_untracked(),
            config: config.get_untracked(),
            initial_state: Some(w.initial_state.get_untracked()),
            tenant: w.tenant.get_untracked(),
        };
        create.dispatch((w.cluster.get_untracked(), req));
    };
    let own_errors = Memo::new(move |_| w.errors());
    let blocked = move || {
        creating.get()
            || !own_errors.with(BTreeMap::is_empty)
            || !matches!(verdict.get(), Verdict::Done(ref i) if i.error_count == 0)
    };
    let pasted = matches!(w.choice.get_untracked(), Some(Choice::Pasted));

    view! {
        <div class="panel wizard-panel" data-testid="wizard-review">
            <h2>"Review"</h2>
            <NameInput w=w />
            <section class="plan" data-testid="review-plan" aria-label="What will happen">
                <h3>"What will happen"</h3>
                <ul>
                    {move || describe_plan(&config.get()).into_iter().map(|l| view! {
                        <li><CodeText text=l.text /></li>
                    }).collect_view()}
                    {move || {
                        let state = w.initial_state.get();
                        let start = match state.as_str() {
                            "PAUSED" => "It is created paused: nothing is read until you resume it.",
                            "STOPPED" => "It is created stopped, without tasks: set its offsets first, then resume it.",
                            _ => "It starts as soon as Connect assigns it to a worker.",
                        };
                        view! { <li>{start}</li> }
                    }}
                </ul>
            </section>
            {move || {
                let errs = own_errors.get();
                (!errs.is_empty()).then(|| view! {
                    <div class="notice notice-error" role="alert" data-testid="review-own-errors">
                        <strong>"Fix these first"</strong>
                        {errs.into_iter().map(|(f, m)| view! { <span><code>{f}</code>" "{m}</span> }).collect_view()}
                    </div>
                })
            }}
            <div class="panel-head">
                <h3>"Connect's validation"</h3>
                <span class="validate-state" data-testid="review-verdict" aria-live="polite">{move || match verdict.get() {
                    Verdict::Running => "Validating with Connect… (Debezium signs in to the database)".to_owned(),
                    Verdict::Done(i) if i.error_count == 0 => format!("Valid: {} settings checked", checked.get()),
                    Verdict::Done(i) => format!("{} error(s)", i.error_count),
                    Verdict::Failed(e) => format!("Could not validate: {}", e.message),
                }}</span>
                <button type="button" class="secondary small" data-testid="review-revalidate" on:click=move |_| validate()>"Validate again"</button>
            </div>
            {move || match verdict.get() {
                Verdict::Failed(e) => view! { <ErrorNotice error=e /> }.into_any(),
                _ => view! {
                    <table class="diff" data-testid="review-errors">
                        {move || field_errors.get().into_iter().map(|(k, msgs)| view! {
                            <tr data-key=k.clone()><td><code>{k.clone()}</code></td><td class="diff-before">{msgs.join("; ")}</td></tr>
                        }).collect_view()}
                    </table>
                }.into_any(),
            }}
            {move || match verdict.get() {
                Verdict::Done(ConfigInfos { legacy: Some(r), .. }) => {
                    // Only a pasted config is the user's text to rewrite; a generated one is
                    // never 1.x.
                    let rewrite = pasted.then(|| {
                        let r = r.clone();
                        Callback::new(move |()| {
                            w.generic.update(|c| *c = r.rewrite(c));
                            validate();
                        })
                    });
                    Some(view! { <LegacyNotice report=r on_rewrite=rewrite testid="review-legacy" /> })
                }
                _ => None,
            }}
            <div class="panel-head">
                <h3>"Config"</h3>
            </div>
            <p class="hint">{if pasted { "As pasted; secrets are masked here but created as given." } else { "Secrets are masked here and created as typed. Go back to change anything." }}</p>
            <JsonView text=masked testid="review-json" />
            <fieldset class="choices">
                <legend>"Start it"</legend>
                {[("RUNNING", "Running", "Starts capturing (and snapshotting) as soon as Connect assigns it."),
                  ("PAUSED", "Paused", "Created with its tasks paused; resume when ready."),
                  ("STOPPED", "Stopped", "Created without tasks (Kafka 3.7+): set offsets first, or check with the DBA.")]
                    .into_iter().map(|(value, title, doc)| view! {
                        <label class="choice">
                            <input type="radio" name="initial" data-testid=format!("initial-{}", value.to_lowercase())
                                prop:checked=move || w.initial_state.get() == value
                                on:change=move |_| w.initial_state.set(value.to_owned()) />
                            <span class="choice-title">{title}</span>
                            <span class="choice-doc">{doc}</span>
                        </label>
                    }).collect_view()}
            </fieldset>
            {move || create_error().map(|e| view! { <ErrorNotice error=e /> })}
            <div class="wizard-nav">
                <button type="button" class="secondary" data-testid="wizard-back" on:click=move |_| w.back()>"Back"</button>
                <button type="button" class="primary" data-testid="wizard-create" disabled=blocked on:click=submit>
                    {move || if creating.get() { "Creating…" } else { "Create connector" }}
                </button>
            </div>
        </div>
    }
}
