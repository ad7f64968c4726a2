//! Finding a connector a caller may act on — the one check every connector operation starts
//! with — and the end every change shares: Connect's outcome audited, the fleet feed told to
//! refresh, and a failure turned into Sluice's error.

use std::collections::BTreeMap;
use std::sync::Arc;

use sluice_shared::policy::{Action, Resource};
use sluice_shared::{ClusterId, ConnectorName};

use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::connect::ConnectError;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::AuditEntry;

/// A connector the caller may act on, with its cluster and owning tenant. Only [`authorize`]
/// makes one, so holding it means the policy said yes.
pub struct Target {
    pub cluster: Arc<Cluster>,
    pub name: ConnectorName,
    pub owner: Option<String>,
}

/// The cluster, connector and owner, after checking `action` is allowed on it. A connector
/// the caller may not even read is reported as missing. Nothing is asked of Connect here.
pub async fn authorize(
    state: &AppState,
    caller: &Caller,
    cluster: &ClusterId,
    name: &ConnectorName,
    action: Action,
) -> Result<Target, AppError> {
    let cluster = state.clusters.get(cluster)?.clone();
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
        name: name.clone(),
        owner,
    })
}

/// [`authorize`] for ids that arrive as text inside a body (bulk selections, exports).
pub async fn authorize_raw(
    state: &AppState,
    caller: &Caller,
    cluster: &str,
    name: &str,
    action: Action,
) -> Result<Target, AppError> {
    let cluster = ClusterId::parse(cluster).map_err(|e| AppError::invalid_name("cluster", e))?;
    let name = ConnectorName::parse(name).map_err(|e| AppError::invalid_name("name", e))?;
    authorize(state, caller, &cluster, &name, action).await
}

impl Target {
    /// An audit record of `action` on this connector, filed under its owner.
    pub fn audit(&self, caller: &Caller, action: &str) -> AuditEntry {
        caller.audit_connector(
            action,
            self.cluster.id.as_str(),
            self.name.as_str(),
            self.owner.clone(),
        )
    }

    /// The connector's stored config, raw (secrets in clear: never send it to a browser).
    pub async fn stored_config(&self) -> Result<BTreeMap<String, String>, AppError> {
        self.cluster
            .client
            .connector_config(&self.name)
            .await
            .map_err(self.connect_error())
    }

    pub fn connect_error(&self) -> impl FnOnce(ConnectError) -> AppError {
        AppError::connect(&self.cluster.id)
    }

    /// Writes `entry` as pending, then makes `write`: nothing reaches Connect unless its audit
    /// entry was written first (a database that refuses stops the change), and a console
    /// killed while Connect works leaves the entry pending for the recovery sweep rather than
    /// a change nobody recorded. [`Target::finish`] settles it.
    pub async fn attempt<T>(
        &self,
        state: &AppState,
        entry: &AuditEntry,
        write: impl Future<Output = Result<T, ConnectError>>,
    ) -> Result<Result<T, ConnectError>, AppError> {
        state.store.intend_audit(entry).await?;
        Ok(write.await)
    }

    /// Files `entry` with Connect's outcome and has the fleet feed refresh at once, so every
    /// viewer sees the change's effect without waiting for the next interval.
    pub async fn record<T>(
        &self,
        state: &AppState,
        mut entry: AuditEntry,
        outcome: &Result<T, ConnectError>,
    ) -> Result<(), AppError> {
        entry.record_outcome(outcome);
        if let Err(e) = outcome
            && e.may_have_applied()
        {
            // Connect may have made the change after all (its herder answers late, the
            // answer was lost, the worker died after taking it): the entry says so rather
            // than that it failed.
            entry.result = unknown_outcome(e);
        }
        state.fleet.invalidate(self.cluster.id.as_str());
        match state.store.append_audit(&entry).await {
            Ok(()) => Ok(()),
            // Connect made the change: the caller hears that, and the outcome is filed as
            // soon as the database answers again (until then the entry stays pending).
            Err(e) if outcome.is_ok() => {
                tracing::warn!(audit.id = %entry.id, error = %e, "change made, its audit outcome not filed yet: retrying");
                settle_later(state.store.clone(), entry);
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// [`Target::record`], then Connect's failure as Sluice's error.
    pub async fn finish<T>(
        &self,
        state: &AppState,
        entry: AuditEntry,
        outcome: Result<T, ConnectError>,
    ) -> Result<T, AppError> {
        self.record(state, entry, &outcome).await?;
        outcome.map_err(self.connect_error())
    }
}

/// The audit result of a write whose outcome Connect never told.
fn unknown_outcome(e: &ConnectError) -> String {
    match e {
        ConnectError::Timeout(_) => {
            "unknown: Connect did not answer in time; the change may have been applied".to_owned()
        }
        other => format!("unknown: {other}; the change may have been applied"),
    }
}

/// Files `entry` once the console database answers again, trying for about two minutes; a
/// console stopped meanwhile leaves it to the recovery sweep.
fn settle_later(store: crate::store::Store, entry: AuditEntry) {
    tokio::spawn(async move {
        for _ in 0..60 {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            if store.append_audit(&entry).await.is_ok() {
                return;
            }
        }
        tracing::warn!(audit.id = %entry.id, "audit outcome never filed; the recovery sweep settles it");
    });
}
