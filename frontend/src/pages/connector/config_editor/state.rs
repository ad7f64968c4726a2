//! What the config editor knows: the stored config and its definitions, the edit, Connect's
//! latest verdict on it, and the load, validate and save actions that keep them current.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::config_form::undefined_keys;
use sluice_shared::config_json::{masked_json, typed_secret_keys, unmask_json};
use sluice_shared::connection_failure::{Diagnosis, diagnose};
use sluice_shared::history::{ConfigChange, config_diff, config_patch, masked_edit};
use sluice_shared::{ApiError, ConfigInfos, ConfigKeyInfo};

use crate::api::{self, ConfigWrite};
use crate::components::{Config, KeyMessages, errors_by_key};

/// Quiet time after the last keystroke before asking Connect to validate.
const VALIDATE_AFTER_MS: u32 = 700;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Form,
    Json,
}

/// Connect's verdict on the current edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Idle,
    Running,
    Done(ConfigInfos),
    Failed(ApiError),
}

/// Every signal of one editor; `Copy`, so each part of the view takes it by value.
#[derive(Clone, Copy)]
pub struct Editor {
    pub original: RwSignal<Option<Config>>,
    pub redacted_keys: RwSignal<Vec<String>>,
    pub edited: RwSignal<Config>,
    pub defs: RwSignal<Vec<ConfigKeyInfo>>,
    pub mode: RwSignal<Mode>,
    /// The JSON view's text: secrets masked, so it never shows one typed in this edit.
    pub json_text: RwSignal<String>,
    /// The edit `json_text` was last made from: what its masks stand for when read back.
    json_shown: StoredValue<Config>,
    pub json_error: RwSignal<Option<String>>,
    pub reviewing: RwSignal<bool>,
    pub may_edit: bool,
    /// Since when Connect has not answered, and when the config shown was asked; `None` when
    /// it is what Connect just said.
    pub stale: RwSignal<Option<(u64, u64)>>,
    /// Loads the stored config (and, the first time, the plugin's definitions).
    pub load: Action<(), Result<(), ApiError>>,
    validate: Action<Config, Result<ConfigInfos, ApiError>>,
    validating: Memo<bool>,
    /// Applies the edit: `true` sends only the changed keys (PATCH). `Ok` says how it went.
    pub save: Action<bool, Result<String, ApiError>>,
    /// Bumped by every edit; only the latest one's validation is sent.
    generation: StoredValue<u64>,
}

impl Editor {
    pub fn new(cluster: String, name: String, may_edit: bool) -> Self {
        let original = RwSignal::new(None::<Config>);
        let redacted_keys = RwSignal::new(Vec::new());
        let edited = RwSignal::new(Config::new());
        let defs = RwSignal::new(Vec::<ConfigKeyInfo>::new());
        let reviewing = RwSignal::new(false);
        let stale = RwSignal::new(None);
        let load = Action::new_local({
            let (c, n) = (cluster.clone(), name.clone());
            move |_: &()| {
                let (c, n) = (c.clone(), n.clone());
                async move {
                    let known = api::connector_config(&c, &n).await?;
                    stale.try_set(known.stale());
                    let view = known.value;
                    let class = view
                        .config
                        .get("connector.class")
                        .cloned()
                        .unwrap_or_default();
                    redacted_keys.try_set(view.redacted_keys.clone());
                    edited.try_set(view.config.clone());
                    original.try_set(Some(view.config));
                    if defs.with_untracked(Vec::is_empty) {
                        defs.try_set(api::plugin_config(&c, &class).await?);
                    }
                    Ok(())
                }
            }
        });
        let validate = Action::new_local({
            let (c, n) = (cluster.clone(), name.clone());
            move |config: &Config| {
                let (c, n, config) = (c.clone(), n.clone(), config.clone());
                async move { api::validate_config(&c, &n, &config).await }
            }
        });
        let save = Action::new_local(move |patch: &bool| {
            let (c, n, patch) = (cluster.clone(), name.clone(), *patch);
            let config = edited.get_untracked();
            let changed = patch.then(|| {
                original
                    .with_untracked(|o| config_patch(o.as_ref().unwrap_or(&Config::new()), &config))
            });
            async move {
                let write = match &changed {
                    Some(p) => ConfigWrite::Changed(p),
                    None => ConfigWrite::Whole(&config),
                };
                api::save_config(&c, &n, write).await?;
                // `None`: the editor is still mounted (a closed one cannot be dispatched to).
                if reviewing.try_set(false).is_none() {
                    load.dispatch(());
                }
                Ok(format!(
                    "Applied with {}.",
                    if patch { "PATCH" } else { "PUT" }
                ))
            }
        });
        Self {
            original,
            redacted_keys,
            edited,
            defs,
            mode: RwSignal::new(Mode::Form),
            json_text: RwSignal::new(String::new()),
            json_shown: StoredValue::new(Config::new()),
            json_error: RwSignal::new(None),
            reviewing,
            may_edit,
            stale,
            load,
            validate,
            validating: validate.pending(),
            save,
            generation: StoredValue::new(0),
        }
    }

    /// Asks Connect about the edit once typing pauses (Debezium opens real database
    /// connections to validate, so not on every keystroke).
    pub fn validate_when_quiet(&self) {
        let this = *self;
        Effect::new(move || {
            let config = this.edited.get();
            if this.original.with_untracked(Option::is_none) || !this.may_edit || config.is_empty()
            {
                return;
            }
            let mine = this.generation.get_value() + 1;
            this.generation.set_value(mine);
            spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(VALIDATE_AFTER_MS).await;
                if this.generation.try_get_value() == Some(mine) {
                    this.validate.dispatch(config);
                }
            });
        });
    }

    pub fn check(&self) -> Check {
        if self.validating.get() {
            return Check::Running;
        }
        match self.validate.value().get() {
            None => Check::Idle,
            Some(Ok(infos)) => Check::Done(infos),
            Some(Err(e)) => Check::Failed(e),
        }
    }

    /// Connect's errors by key, for the fields.
    pub fn field_errors(&self) -> KeyMessages {
        let this = *self;
        Memo::new(move |_| match this.check() {
            Check::Done(infos) => errors_by_key(&infos),
            _ => BTreeMap::new(),
        })
    }

    /// How many errors Connect's latest verdict reports. Kept while the next edit is being
    /// validated, so applying is not offered in the moment between two verdicts.
    pub fn error_count(&self) -> Memo<u32> {
        let value = self.validate.value();
        Memo::new(move |_| match value.get() {
            Some(Ok(infos)) => infos.error_count,
            _ => 0,
        })
    }

    /// A failure to reach or sign in to the database, found in Connect's verdict.
    pub fn diagnosis(&self) -> Memo<Option<Diagnosis>> {
        let this = *self;
        Memo::new(move |_| match this.check() {
            Check::Done(infos) => diagnose(&infos),
            _ => None,
        })
    }

    /// Notes for the fields a database failure points at (the credentials for a refused
    /// sign-in): Connect reports it on `database.hostname` only.
    pub fn field_notes(&self) -> KeyMessages {
        let diagnosis = self.diagnosis();
        Memo::new(move |_| {
            diagnosis.with(|d| {
                d.iter()
                    .flat_map(|d| {
                        d.failure
                            .keys()
                            .map(|k| (k.to_owned(), vec![d.summary.clone()]))
                    })
                    .collect()
            })
        })
    }

    /// Connect's recommended values by key: a field's choices, or suggestions for a list.
    pub fn recommended(&self) -> KeyMessages {
        let this = *self;
        Memo::new(move |_| match this.check() {
            Check::Done(infos) => infos.recommended_values(),
            _ => BTreeMap::new(),
        })
    }

    /// Keys no definition knows. Changes only when one is added or removed, not on every
    /// keystroke.
    pub fn extra_keys(&self) -> Memo<Vec<String>> {
        let this = *self;
        Memo::new(move |_| {
            this.defs.with(|d| {
                this.edited.with(|e| {
                    undefined_keys(d, e)
                        .into_iter()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
            })
        })
    }

    /// The edit against the stored config, secrets masked: for showing, never for sending.
    pub fn changes(&self) -> Memo<Vec<ConfigChange>> {
        let this = *self;
        Memo::new(move |_| {
            this.original.with(|o| {
                o.as_ref()
                    .map(|o| this.edited.with(|e| masked_edit(config_diff(o, e))))
                    .unwrap_or_default()
            })
        })
    }

    /// Keys the plugin types PASSWORD: secrets whatever their name.
    fn password_keys(&self) -> HashSet<String> {
        self.defs.with(|d| {
            d.iter()
                .filter(|d| d.is_password())
                .map(|d| d.name.clone())
                .collect()
        })
    }

    /// The edit as JSON with its secrets masked: what the JSON view shows and Copy copies.
    pub fn masked_json(&self) -> String {
        let keys = self.password_keys();
        self.edited.with(|e| masked_json(e, &keys))
    }

    /// Keys holding a secret typed in this edit, which the JSON view shows masked.
    pub fn typed_secret_keys(&self) -> Vec<String> {
        let keys = self.password_keys();
        self.edited.with(|e| typed_secret_keys(e, &keys))
    }

    /// Replaces the edit (a discard, a rewrite) and the JSON text with it.
    pub fn replace_edit(&self, config: Config) {
        self.edited.set(config);
        self.refresh_json();
    }

    /// Writes the JSON text afresh from the edit, secrets masked.
    pub fn refresh_json(&self) {
        self.json_shown.set_value(self.edited.get_untracked());
        self.json_text.set(self.masked_json());
        self.json_error.set(None);
    }

    pub fn show_json(&self) {
        self.refresh_json();
        self.mode.set(Mode::Json);
    }

    /// The config the JSON text stands for: each mask left as it was is the value it hides.
    fn read_json(&self, text: &str) -> Result<Config, serde_json::Error> {
        let keys = self.password_keys();
        self.json_shown
            .with_value(|shown| unmask_json(text, shown, &keys))
    }

    /// Back to the form, if the JSON reads as a config.
    pub fn show_form(&self) {
        match self.read_json(&self.json_text.get_untracked()) {
            Ok(map) => {
                self.edited.set(map);
                self.json_error.set(None);
                self.mode.set(Mode::Form);
            }
            Err(e) => self.json_error.set(Some(format!(
                "Fix the JSON first (an object of string values): {e}"
            ))),
        }
    }

    /// Typing in the JSON view: the edit follows whenever the text reads as a config. The
    /// text is left as typed (rewriting it would move the caret), so a secret typed here shows
    /// until the text is left: see [`Self::leave_json`].
    pub fn type_json(&self, text: String) {
        if let Ok(map) = self.read_json(&text) {
            self.edited.set(map);
            self.json_error.set(None);
        }
        self.json_text.set(text);
    }

    /// The JSON text lost focus: if it reads as a config, it is written afresh, masking any
    /// secret just typed into it.
    pub fn leave_json(&self) {
        if self.read_json(&self.json_text.get_untracked()).is_ok() {
            self.refresh_json();
        }
    }
}
