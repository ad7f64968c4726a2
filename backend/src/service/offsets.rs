//! Offsets (KIP-875) and active topics (KIP-558) of one connector.
//!
//! Connect changes offsets only while the connector is STOPPED with no tasks left; the state
//! is checked first so the user gets a clear 409 saying what to do, not Connect's 400.

use sluice_shared::{ConnectorOffsets, ConnectorState};

use super::target::Target;
use crate::auth::Caller;
use crate::error::AppError;
use crate::state::AppState;

/// Refuses unless the connector is STOPPED and its tasks are gone.
async fn require_stopped(t: &Target) -> Result<(), AppError> {
    let status = t
        .cluster
        .client
        .connector_status(&t.name)
        .await
        .map_err(t.connect_error())?;
    match status.connector.state {
        ConnectorState::Stopped if status.tasks.is_empty() => Ok(()),
        // Not on a worker yet (just created, or between rebalances): Connect knows whether it
        // is meant to be stopped (its target state) and refuses the change otherwise.
        ConnectorState::Unassigned => Ok(()),
        ConnectorState::Stopped => Err(AppError::NotStopped(
            "STOPPED but its tasks are still shutting down".into(),
        )),
        other => Err(AppError::NotStopped(other.to_string())),
    }
}

/// Sets the given offsets (checked first, each problem at its field); Connect's message back.
pub async fn alter(
    state: &AppState,
    caller: &Caller,
    t: &Target,
    offsets: &ConnectorOffsets,
) -> Result<String, AppError> {
    AppError::check_fields(offsets.alter_errors())?;
    require_stopped(t).await?;
    let mut entry = t.audit(caller, "alter_offsets");
    // Offsets are positions (LSNs, binlog files, Kafka offsets), not secrets.
    entry.detail = serde_json::to_string(offsets).ok();
    let client = &t.cluster.client;
    let outcome = t
        .attempt(
            state,
            &entry,
            client.alter_connector_offsets(&t.name, offsets),
        )
        .await?;
    t.finish(state, entry, outcome).await
}

/// Removes every committed offset: the connector starts over when resumed.
pub async fn reset(state: &AppState, caller: &Caller, t: &Target) -> Result<String, AppError> {
    require_stopped(t).await?;
    let entry = t.audit(caller, "reset_offsets");
    let client = &t.cluster.client;
    let outcome = t
        .attempt(state, &entry, client.reset_connector_offsets(&t.name))
        .await?;
    t.finish(state, entry, outcome).await
}

/// Clears the connector's active topics (KIP-558).
pub async fn reset_topics(state: &AppState, caller: &Caller, t: &Target) -> Result<(), AppError> {
    let entry = t.audit(caller, "reset_topics");
    let client = &t.cluster.client;
    let outcome = t
        .attempt(state, &entry, client.reset_connector_topics(&t.name))
        .await?;
    t.finish(state, entry, outcome).await
}
