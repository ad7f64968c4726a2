//! The creation wizard: one step per screen, every answer kept in page-level signals so going
//! back and forth loses nothing. Debezium sources walk all seven steps, the JDBC sink skips the
//! capture, snapshot and events steps, any other installed plugin gets a form generated from its
//! config definitions, and a pasted or uploaded config goes straight to review.

mod capture;
mod connection;
mod fields;
mod options;
mod review;
mod start;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::admin::TenantInfo;
use sluice_shared::catalog::Catalog;
use sluice_shared::policy::Role;
use sluice_shared::preflight::{PreflightReport, WizardDefaults};
use sluice_shared::templates::{self, Answers, Kind, Version};
use sluice_shared::{ApiError, ClusterSummary, ConnectorName, PluginInfo};

use crate::api;
use crate::session::Session;

pub type Config = BTreeMap<String, String>;

/// What is being created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Template(Kind),
    /// Any installed plugin, by class: a form from its config definitions.
    Plugin(String),
    /// A pasted or uploaded config.
    Pasted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Connection,
    Settings,
    Capture,
    Snapshot,
    Events,
    Errors,
    Review,
}

impl Step {
    fn title(self) -> &'static str {
        match self {
            Step::Start => "Connector",
            Step::Connection => "Connection",
            Step::Settings => "Settings",
            Step::Capture => "Capture",
            Step::Snapshot => "Snapshot",
            Step::Events => "Events",
            Step::Errors => "Error handling",
            Step::Review => "Review",
        }
    }
}

/// The steps for a choice, in order.
fn steps(choice: Option<&Choice>) -> Vec<Step> {
    use Step::*;
    match choice {
        None => vec![Start],
        Some(Choice::Template(Kind::JdbcSink)) => vec![Start, Connection, Errors, Review],
        Some(Choice::Template(_)) => {
            vec![Start, Connection, Capture, Snapshot, Events, Errors, Review]
        }
        Some(Choice::Plugin(_)) => vec![Start, Settings, Review],
        Some(Choice::Pasted) => vec![Start, Review],
    }
}

/// Every answer and everything loaded for them. `Copy`: each step takes it by value.
#[derive(Clone, Copy)]
pub struct Wizard {
    pub step: RwSignal<Step>,
    /// Every configured cluster, asked once for the whole wizard.
    pub clusters: RwSignal<Vec<ClusterSummary>>,
    pub cluster: RwSignal<String>,
    /// The owning tenant; operators' own, admins choose (or none).
    pub tenant: RwSignal<Option<String>>,
    pub choice: RwSignal<Option<Choice>>,
    pub answers: RwSignal<Answers>,
    pub name: RwSignal<String>,
    /// Once the user types a name or topic prefix, it is no longer generated.
    pub name_edited: RwSignal<bool>,
    pub prefix_edited: RwSignal<bool>,
    /// The config of a generic plugin or a pasted one.
    pub generic: RwSignal<Config>,
    pub initial_state: RwSignal<String>,
    /// What was pasted or uploaded, kept for going back to it.
    pub paste_text: RwSignal<String>,
    pub plugins: RwSignal<Vec<PluginInfo>>,
    pub tenants: RwSignal<Vec<TenantInfo>>,
    pub defaults: RwSignal<Option<WizardDefaults>>,
    pub existing: RwSignal<Vec<String>>,
    pub load_error: RwSignal<Option<ApiError>>,
    pub preflight: RwSignal<Option<Result<PreflightReport, ApiError>>>,
    /// The user chose to go on although a preflight check failed.
    pub accept_failed: RwSignal<bool>,
    pub catalog: RwSignal<Option<Result<Catalog, ApiError>>>,
    pub is_admin: bool,
}

impl Wizard {
    fn new(session: Option<Session>) -> Self {
        let me = session.and_then(|s| s.me.get_untracked());
        Wizard {
            step: RwSignal::new(Step::Start),
            clusters: RwSignal::new(Vec::new()),
            cluster: RwSignal::new(String::new()),
            tenant: RwSignal::new(me.as_ref().and_then(|m| m.tenant.clone())),
            choice: RwSignal::new(None),
            answers: RwSignal::new(Answers::default()),
            name: RwSignal::new(String::new()),
            name_edited: RwSignal::new(false),
            prefix_edited: RwSignal::new(false),
            generic: RwSignal::new(Config::new()),
            initial_state: RwSignal::new("RUNNING".into()),
            paste_text: RwSignal::new(String::new()),
            plugins: RwSignal::new(Vec::new()),
            tenants: RwSignal::new(Vec::new()),
            defaults: RwSignal::new(None),
            existing: RwSignal::new(Vec::new()),
            load_error: RwSignal::new(None),
            preflight: RwSignal::new(None),
            accept_failed: RwSignal::new(false),
            catalog: RwSignal::new(None),
            is_admin: me.is_some_and(|m| m.role == Role::Admin),
        }
    }

    pub fn kind(&self) -> Option<Kind> {
        match self.choice.get() {
            Some(Choice::Template(k)) => Some(k),
            _ => None,
        }
    }

    /// The installed version of a template's plugin (`3.4.0.Final` → 3.4).
    pub fn version(&self, kind: Kind) -> Option<Version> {
        self.plugins.with(|p| {
            p.iter()
                .find(|p| p.class == kind.connector_class())
                .and_then(|p| p.version.as_deref())
                .and_then(Version::parse)
        })
    }

    pub fn tenant_info(&self) -> Option<TenantInfo> {
        let id = self.tenant.get()?;
        self.tenants
            .with(|t| t.iter().find(|t| t.id == id).cloned())
    }

    /// The config that will be created, secrets included (it never leaves for anywhere but
    /// Sluice's own API).
    pub fn config(&self) -> Config {
        let name = self.name.get();
        match self.choice.get() {
            Some(Choice::Template(kind)) => self
                .answers
                .with(|a| templates::generate(kind, self.version(kind), &name, a)),
            Some(_) => {
                let mut c = self.generic.get();
                c.insert("name".into(), name);
                c
            }
            None => Config::new(),
        }
    }

    /// Every problem with the answers, by field (`host`, `events.outbox`, `name`, …).
    pub fn errors(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let tenant = self.tenant_info();
        let name = self.name.get();
        if let Err(e) = ConnectorName::parse(&name) {
            out.insert("name".into(), e.to_string());
        } else if let Some(t) = &tenant
            && !name.starts_with(&t.connector_prefix)
        {
            out.insert(
                "name".into(),
                format!("must start with your tenant's `{}`", t.connector_prefix),
            );
        }
        if let Some(kind) = self.kind() {
            let taken = self
                .defaults
                .with(|d| d.as_ref().map(|d| d.taken_server_ids.clone()))
                .unwrap_or_default();
            let topic = tenant.as_ref().map(|t| t.topic_prefix.as_str());
            for (field, message) in self
                .answers
                .with(|a| templates::validate(kind, a, &taken, topic))
            {
                out.entry(field).or_insert(message);
            }
        }
        out
    }

    pub fn steps(&self) -> Vec<Step> {
        self.choice.with(|c| steps(c.as_ref()))
    }

    fn go(&self, delta: isize) {
        let all = self.steps();
        let now = self.step.get_untracked();
        let at = all.iter().position(|s| *s == now).unwrap_or(0) as isize;
        let next = (at + delta).clamp(0, all.len() as isize - 1) as usize;
        self.step.set(all[next]);
        // Each step starts at its top, and keyboard users at its first field.
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// A connection answer, the kind or the cluster changed: the last preflight (and any
    /// decision to go on despite it) and the table list no longer describe what will be created.
    pub fn connection_changed(&self) {
        self.preflight.set(None);
        self.accept_failed.set(false);
        self.catalog.set(None);
    }

    pub fn next(&self) {
        self.go(1);
    }

    pub fn back(&self) {
        self.go(-1);
    }

    /// Suggests a name and topic prefix from tenant and database until the user types one.
    fn suggest(&self) {
        let Some(kind) = self.kind() else { return };
        let tenant = self.tenant_info();
        let database = self.answers.with(|a| {
            if a.database.is_empty() {
                a.topics.first().cloned().unwrap_or_default()
            } else {
                a.database.clone()
            }
        });
        let base = if database.is_empty() {
            "source".to_owned()
        } else {
            database.clone()
        };
        if !self.name_edited.get_untracked() {
            let prefix = tenant
                .as_ref()
                .map(|t| t.connector_prefix.clone())
                .unwrap_or_default();
            let name = self
                .existing
                .with(|e| templates::connector_name(&prefix, &base, kind, e));
            if self.name.get_untracked() != name {
                self.name.set(name);
            }
        }
        if kind.is_source() && !self.prefix_edited.get_untracked() {
            let ns = tenant.map(|t| t.topic_prefix).unwrap_or_default();
            let prefix = format!("{ns}{}", templates::slug(&base));
            if self.answers.with_untracked(|a| a.topic_prefix != prefix) {
                self.answers.update(|a| a.topic_prefix = prefix);
            }
        }
    }
}

/// Loads what the chosen cluster offers: plugins, defaults, the names in use.
fn load_cluster(w: Wizard, cluster: String) {
    spawn_local(async move {
        let plugins = api::plugins(&cluster).await;
        let defaults = api::wizard_defaults(&cluster).await;
        let existing = api::cluster_connectors(&cluster).await;
        match plugins {
            Ok(p) => {
                w.plugins.try_set(p);
            }
            Err(e) => {
                w.load_error.try_set(Some(e));
            }
        }
        if let Ok(d) = defaults {
            w.answers.try_update(|a| {
                if a.server_id.is_none() {
                    a.server_id = Some(d.next_server_id);
                }
                if a.kafka_bootstrap.is_empty() {
                    a.kafka_bootstrap = d.kafka_bootstrap.clone().unwrap_or_default();
                }
            });
            w.defaults.try_set(Some(d));
        }
        if let Ok(c) = existing {
            w.existing
                .try_set(c.connectors.into_iter().map(|c| c.name).collect());
        }
    });
}

#[component]
pub fn WizardPage() -> impl IntoView {
    let w = Wizard::new(Session::get());
    spawn_local(async move {
        match api::clusters().await {
            Ok(list) => {
                if let Some(first) = list.iter().find(|c| c.reachable).or(list.first()) {
                    w.cluster.try_set(first.id.clone());
                }
                w.clusters.try_set(list);
            }
            Err(e) => {
                w.load_error.try_set(Some(e));
            }
        }
        if let Ok(t) = api::tenants().await {
            w.tenants.try_set(t);
        }
    });
    Effect::new(move || {
        let cluster = w.cluster.get();
        if !cluster.is_empty() {
            load_cluster(w, cluster);
        }
    });
    // Regenerates name and topic prefix as tenant, kind, database or the names in use change.
    Effect::new(move || {
        w.tenant.track();
        w.choice.track();
        w.existing.track();
        w.tenants.track();
        w.answers.with(|a| (a.database.clone(), a.topics.clone()));
        w.suggest();
    });

    view! {
        <h1 class="page-title">"New connector"</h1>
        <StepBar w=w />
        {move || w.load_error.get().map(|e| view! { <crate::components::ErrorNotice error=e /> })}
        {move || match w.step.get() {
            Step::Start => view! { <start::StartStep w=w /> }.into_any(),
            Step::Connection => view! { <connection::ConnectionStep w=w /> }.into_any(),
            Step::Settings => view! { <connection::SettingsStep w=w /> }.into_any(),
            Step::Capture => view! { <capture::CaptureStep w=w /> }.into_any(),
            Step::Snapshot => view! { <options::SnapshotStep w=w /> }.into_any(),
            Step::Events => view! { <options::EventsStep w=w /> }.into_any(),
            Step::Errors => view! { <options::ErrorsStep w=w /> }.into_any(),
            Step::Review => view! { <review::ReviewStep w=w /> }.into_any(),
        }}
    }
}

/// Where the user is, and a way back to any step already passed.
#[component]
fn StepBar(w: Wizard) -> impl IntoView {
    view! {
        <ol class="wizard-steps" data-testid="wizard-steps">
            {move || {
                let now = w.step.get();
                let all = w.steps();
                let at = all.iter().position(|s| *s == now).unwrap_or(0);
                all.into_iter().enumerate().map(|(i, s)| {
                    let class = if i == at { "wizard-step wizard-step-now" } else if i < at { "wizard-step wizard-step-done" } else { "wizard-step" };
                    view! {
                        <li class=class aria-current=(i == at).then_some("step")>
                            <button type="button" class="wizard-step-button" disabled={i >= at}
                                on:click=move |_| w.step.set(s)>
                                <span class="wizard-step-num">{i + 1}</span>{s.title()}
                            </button>
                        </li>
                    }
                }).collect_view()
            }}
        </ol>
    }
}

/// Back / Next under every step. `Next` is a submit button, so Enter in any field moves on.
#[component]
pub fn StepNav(
    w: Wizard,
    #[prop(into)] blocked: Signal<Option<String>>,
    #[prop(optional)] next_label: Option<&'static str>,
    /// The id of the step's form when the buttons sit outside it.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let first = move || w.step.get() == Step::Start;
    view! {
        <div class="wizard-nav">
            <button type="button" class="secondary" data-testid="wizard-back" disabled=first
                on:click=move |_| w.back()>"Back"</button>
            {move || blocked.get().map(|why| view! { <span class="wizard-blocked" data-testid="wizard-blocked">{why}</span> })}
            <button type="submit" class="primary" data-testid="wizard-next" form=form disabled=move || blocked.with(Option::is_some)>
                {next_label.unwrap_or("Next")}
            </button>
        </div>
    }
}

/// The connector's name: generated until the user types one.
#[component]
pub fn NameInput(w: Wizard) -> impl IntoView {
    view! {
        <div class="wizard-field">
            <label><span class="field-label">"Connector name"</span>
                <input type="text" data-testid="answer-name" prop:value=move || w.name.get()
                    on:input=move |e| { w.name.set(event_target_value(&e)); w.name_edited.set(true); } />
            </label>
            <FieldError w=w field="name" />
        </div>
    }
}

/// A field's error from the shared validator, shown under it.
#[component]
pub fn FieldError(w: Wizard, field: &'static str) -> impl IntoView {
    let message = Memo::new(move |_| w.errors().get(field).cloned());
    move || {
        message.get().map(|m| {
            view! { <p class="field-error" data-testid="field-error" data-field=field>{m}</p> }
        })
    }
}

/// The first problem among `fields`, which keeps Next disabled.
pub fn first_error(w: Wizard, fields: &[&str]) -> Option<String> {
    let errors = w.errors();
    fields.iter().find_map(|f| {
        errors
            .iter()
            .find(|(k, _)| k == f || k.starts_with(&format!("{f}.")))
            .map(|(k, m)| format!("{k}: {m}"))
    })
}
