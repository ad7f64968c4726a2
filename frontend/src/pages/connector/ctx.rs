//! What the connector page knows about its connector, shared with its panels.

use std::future::Future;

use leptos::prelude::*;
use sluice_shared::policy::{Action, Resource};
use sluice_shared::{ApiError, ConnectorDetail};

use crate::api::Session;

#[derive(Clone)]
pub struct Ctx {
    pub cluster: String,
    pub name: String,
    /// The latest status, refreshed live; `None` until the first answer.
    pub detail: Signal<Option<ConnectorDetail>>,
    /// What the signed-in user may do on this connector (the shared policy).
    pub may: Signal<Vec<Action>>,
}

impl Ctx {
    pub fn new(cluster: String, name: String, detail: Signal<Option<ConnectorDetail>>) -> Self {
        let session = Session::get();
        let may = Signal::derive(move || {
            let owner = detail.with(|d| d.as_ref().and_then(|d| d.tenant.clone()));
            let on = Resource::Connector { owner };
            session
                .me()
                .map(|me| {
                    let p = me.principal();
                    Action::ALL.into_iter().filter(|a| p.may(*a, &on)).collect()
                })
                .unwrap_or_default()
        });
        Self {
            cluster,
            name,
            detail,
            may,
        }
    }

    pub fn allows(&self, action: Action) -> bool {
        self.may.with(|m| m.contains(&action))
    }

    /// A resource asking `fetch(cluster, name)` about this connector.
    pub fn fetch<T, Fut>(
        &self,
        fetch: impl Fn(String, String) -> Fut + 'static,
    ) -> LocalResource<Result<T, ApiError>>
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let (cluster, name) = (self.cluster.clone(), self.name.clone());
        LocalResource::new(move || fetch(cluster.clone(), name.clone()))
    }
}
