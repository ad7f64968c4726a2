//! What the DLQ page's panels share about its queue: which connector, and what the signed-in
//! user may do with it.

use leptos::prelude::*;
use sluice_shared::dlq::DlqSummary;
use sluice_shared::policy::{Action, Resource};

use crate::api::Session;

#[derive(Clone)]
pub struct Queue {
    pub cluster: String,
    pub name: String,
    may: Signal<Vec<Action>>,
}

impl Queue {
    /// For the connector whose queue `summary` describes (its owner decides what is allowed).
    pub fn new(cluster: String, name: String, summary: Signal<Option<DlqSummary>>) -> Self {
        let session = Session::get();
        // The owner comes with the summary: nothing is allowed before it is known.
        let owner = Memo::new(move |_| summary.with(|s| s.as_ref().map(|s| s.tenant.clone())));
        let may = Signal::derive(move || {
            let Some(owner) = owner.get() else {
                return Vec::new();
            };
            let on = Resource::Connector { owner };
            session
                .me()
                .map(|me| {
                    let p = me.principal();
                    Action::ALL.into_iter().filter(|a| p.may(*a, &on)).collect()
                })
                .unwrap_or_default()
        });
        Self { cluster, name, may }
    }

    /// Whether the signed-in user may do `action` on this connector (the shared policy).
    pub fn allows(&self, action: Action) -> bool {
        self.may.with(|m| m.contains(&action))
    }
}
