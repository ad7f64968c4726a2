//! Finding a connector a caller may act on: the one check every connector route starts with.

use sluice_shared::ConnectorName;
use sluice_shared::policy::{Action, Resource};

use crate::app::AppState;
use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::error::AppError;

/// A connector the caller may act on, with its cluster and owning tenant.
pub struct Target<'a> {
    pub cluster: &'a Cluster,
    pub name: ConnectorName,
    pub owner: Option<String>,
}

/// The cluster, connector name and owner, after checking `action` is allowed on it.
/// A connector the caller may not even read is reported as missing.
pub async fn connector<'a>(
    state: &'a AppState,
    caller: &Caller,
    cluster: &str,
    name: &str,
    action: Action,
) -> Result<Target<'a>, AppError> {
    let cluster = state.clusters.get(cluster)?;
    let name = ConnectorName::parse(name).map_err(|e| AppError::invalid_name("name", e))?;
    let owner = state
        .store
        .owner(cluster.id.as_str(), name.as_str())
        .await?;
    let on = Resource::Connector {
        owner: owner.clone(),
    };
    if !caller.principal.may(Action::ReadConnector, &on) {
        return Err(AppError::NotFound("connector"));
    }
    caller.require(action, &on)?;
    Ok(Target {
        cluster,
        name,
        owner,
    })
}

impl Target<'_> {
    /// An audit record of `action` on this connector, filed under its owner.
    pub fn audit(&self, caller: &Caller, action: &str) -> crate::store::AuditEntry {
        caller.audit_connector(
            action,
            self.cluster.id.as_str(),
            self.name.as_str(),
            self.owner.clone(),
        )
    }

    /// The connector's stored config, raw (secrets in clear: never send it to a browser).
    pub async fn stored_config(
        &self,
    ) -> Result<std::collections::BTreeMap<String, String>, AppError> {
        self.cluster
            .client
            .connector_config(&self.name)
            .await
            .map_err(self.connect_error())
    }

    pub fn connect_error(&self) -> impl FnOnce(crate::connect::ConnectError) -> AppError {
        AppError::connect(&self.cluster.id)
    }
}
