//! Releasing a connector the topic guard stopped (`guard.rs`). Only an admin does, after
//! looking at what it touched: the active topics are reset so the old finding does not stop it
//! again, the quarantine is lifted and the connector stays STOPPED until someone resumes it.

use sluice_shared::policy::{Action, Resource};

use super::target::Target;
use crate::auth::Caller;
use crate::error::AppError;
use crate::state::AppState;

/// Lifts the quarantine of a connector authorized for `AssignOwnership`.
pub async fn release(state: &AppState, caller: &Caller, t: &Target) -> Result<(), AppError> {
    let (cluster, name) = (t.cluster.id.as_str(), t.name.as_str());
    let Some(found) = state.store.quarantined(cluster, name).await? else {
        return Err(AppError::NotFound("quarantine"));
    };
    let mut entry = caller.audit_connector("release_quarantine", cluster, name, t.owner.clone());
    entry.detail = Some(serde_json::json!({ "foreign_topics": found.topics }).to_string());
    let client = &t.cluster.client;
    let reset = t
        .attempt(state, &entry, client.reset_connector_topics(&t.name))
        .await?;
    if reset.is_ok() {
        state.store.release(cluster, name).await?;
    }
    t.finish(state, entry, reset).await
}

/// Refuses to start a quarantined connector for anyone who may not release it.
pub async fn refuse_start(state: &AppState, caller: &Caller, t: &Target) -> Result<(), AppError> {
    let on = Resource::Connector {
        owner: t.owner.clone(),
    };
    if caller.principal.may(Action::AssignOwnership, &on) {
        return Ok(());
    }
    match state
        .store
        .quarantined(t.cluster.id.as_str(), t.name.as_str())
        .await?
    {
        Some(q) => Err(AppError::Quarantined(q.reason())),
        None => Ok(()),
    }
}
