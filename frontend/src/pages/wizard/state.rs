//! The wizard's state: what is being created, every answer, and what was loaded for them.
//! Kept at page level so going back and forth between steps loses nothing.

use std::collections::BTreeMap;

use leptos::prelude::*;
use sluice_shared::admin::TenantInfo;
use sluice_shared::catalog::Catalog;
use sluice_shared::policy::Role;
use sluice_shared::preflight::{PreflightReport, PreflightRequest, WizardDefaults};
use sluice_shared::templates::{self, Answers, Kind, Version};
use sluice_shared::{ApiError, ClusterConnectors, ConnectorName, PluginInfo};

use crate::api::{self, Session};

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
    pub fn title(self) -> &'static str {
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
    pub tenants: LocalResource<Result<Vec<TenantInfo>, ApiError>>,
    pub defaults: RwSignal<Option<WizardDefaults>>,
    pub existing: RwSignal<Vec<String>>,
    /// What the chosen cluster offers: plugins, defaults, the names in use.
    pub load: Action<String, Result<(), ApiError>>,
    /// The checks against the real database, for the answers as they were sent.
    pub preflight: Action<Probe, Result<PreflightReport, ApiError>>,
    /// The user chose to go on although a preflight check failed.
    pub accept_failed: RwSignal<bool>,
    /// Fields the user has been in: only theirs show "required" and other errors underneath,
    /// so a fresh step is not a wall of red (the reason Next is disabled is said beside it).
    pub touched: RwSignal<std::collections::BTreeSet<&'static str>>,
    /// Tables and columns the connector's user can see.
    pub catalog: Action<Probe, Result<Catalog, ApiError>>,
    pub is_admin: bool,
}

impl Wizard {
    pub fn new(session: Session) -> Self {
        let me = session.me_untracked();
        let plugins = RwSignal::new(Vec::new());
        let answers = RwSignal::new(Answers::default());
        let defaults = RwSignal::new(None);
        let existing = RwSignal::new(Vec::new());
        Wizard {
            step: RwSignal::new(Step::Start),
            cluster: RwSignal::new(String::new()),
            tenant: RwSignal::new(me.as_ref().and_then(|m| m.tenant.clone())),
            choice: RwSignal::new(None),
            answers,
            name: RwSignal::new(String::new()),
            name_edited: RwSignal::new(false),
            prefix_edited: RwSignal::new(false),
            generic: RwSignal::new(Config::new()),
            initial_state: RwSignal::new("RUNNING".into()),
            paste_text: RwSignal::new(String::new()),
            plugins,
            tenants: LocalResource::new(api::tenants),
            defaults,
            existing,
            load: Action::new_local(move |cluster: &String| {
                let cluster = cluster.clone();
                async move {
                    let loaded = ClusterOffer::load(&cluster).await;
                    loaded.apply(plugins, answers, defaults, existing)
                }
            }),
            preflight: Action::new_local(|p: &Probe| {
                let p = p.clone();
                async move { api::preflight(&p.cluster, &p.request).await }
            }),
            accept_failed: RwSignal::new(false),
            touched: RwSignal::new(std::collections::BTreeSet::new()),
            catalog: Action::new_local(|p: &Probe| {
                let p = p.clone();
                async move { api::catalog(&p.cluster, &p.request).await }
            }),
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

    /// Every tenant the user may see (tracked); empty until they arrive.
    pub fn tenant_list(&self) -> Vec<TenantInfo> {
        self.tenants.get().and_then(Result::ok).unwrap_or_default()
    }

    pub fn tenant_info(&self) -> Option<TenantInfo> {
        let id = self.tenant.get()?;
        self.tenant_list().into_iter().find(|t| t.id == id)
    }

    /// What the preflight and the catalog are asked about: the answers as they are now.
    pub fn probe(&self, kind: Kind) -> Probe {
        Probe {
            cluster: self.cluster.get_untracked(),
            request: PreflightRequest {
                kind,
                answers: self.answers.get_untracked(),
            },
        }
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
        self.preflight.clear();
        self.accept_failed.set(false);
        self.catalog.clear();
    }

    pub fn next(&self) {
        self.go(1);
    }

    pub fn back(&self) {
        self.go(-1);
    }

    /// Suggests a name and topic prefix from tenant and database until the user types one.
    pub fn suggest(&self) {
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

/// A cluster and the answers to check against it.
#[derive(Clone)]
pub struct Probe {
    pub cluster: String,
    pub request: PreflightRequest,
}

/// What a cluster offers the wizard, each asked for on its own.
struct ClusterOffer {
    plugins: Result<Vec<PluginInfo>, ApiError>,
    defaults: Result<WizardDefaults, ApiError>,
    existing: Result<ClusterConnectors, ApiError>,
}

impl ClusterOffer {
    async fn load(cluster: &str) -> Self {
        Self {
            plugins: api::plugins(cluster).await,
            defaults: api::wizard_defaults(cluster).await,
            existing: api::cluster_connectors(cluster).await,
        }
    }

    /// Keeps what arrived; the first failure is the answer (what did arrive is still used).
    fn apply(
        self,
        plugins: RwSignal<Vec<PluginInfo>>,
        answers: RwSignal<Answers>,
        defaults: RwSignal<Option<WizardDefaults>>,
        existing: RwSignal<Vec<String>>,
    ) -> Result<(), ApiError> {
        let mut first_error = None;
        match self.plugins {
            Ok(p) => {
                plugins.try_set(p);
            }
            Err(e) => first_error = first_error.or(Some(e)),
        }
        match self.defaults {
            Ok(d) => {
                answers.try_update(|a| {
                    if a.server_id.is_none() {
                        a.server_id = Some(d.next_server_id);
                    }
                    if a.kafka_bootstrap.is_empty() {
                        a.kafka_bootstrap = d.kafka_bootstrap.clone().unwrap_or_default();
                    }
                });
                defaults.try_set(Some(d));
            }
            Err(e) => first_error = first_error.or(Some(e)),
        }
        match self.existing {
            Ok(c) => {
                existing.try_set(c.connectors.into_iter().map(|c| c.name).collect());
            }
            Err(e) => first_error = first_error.or(Some(e)),
        }
        first_error.map_or(Ok(()), Err)
    }
}
