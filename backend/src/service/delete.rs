//! Deleting a connector, and the replication slot a Debezium PostgreSQL source leaves behind:
//! read with the connector's own credentials, dropped once the task has let go of it.

use std::collections::BTreeMap;

use sluice_shared::connector::POSTGRES_CONNECTOR;
use sluice_shared::{DeleteResult, SlotDrop, SlotInfo};

use super::target::Target;
use crate::auth::Caller;
use crate::error::AppError;
use crate::source_db::postgres::SlotTarget;
use crate::state::AppState;

/// The connector's raw config when it is a Debezium PostgreSQL source (its slot outlives it).
async fn postgres_config(t: &Target) -> Result<BTreeMap<String, String>, AppError> {
    let raw = t.stored_config().await?;
    if raw.get("connector.class").map(String::as_str) != Some(POSTGRES_CONNECTOR) {
        return Err(AppError::Invalid {
            field: "connector",
            message: "only a Debezium PostgreSQL connector has a replication slot".into(),
        });
    }
    Ok(raw)
}

/// Where the slot is, from the connector's config; a config that does not say is refused at
/// `field`.
async fn slot_target(t: &Target, field: &'static str) -> Result<SlotTarget, AppError> {
    SlotTarget::from_config(&postgres_config(t).await?).map_err(|e| AppError::Invalid {
        field,
        message: e.to_string(),
    })
}

/// The replication slot of a Debezium PostgreSQL connector: what deleting it would leave.
pub async fn slot(t: &Target) -> Result<SlotInfo, AppError> {
    slot_target(t, "config")
        .await?
        .info()
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))
}

/// Deletes the connector and its ownership record. With `drop_slot` (a Debezium PostgreSQL
/// source only) the replication slot is dropped too, with the credentials read before the
/// delete.
pub async fn delete(
    state: &AppState,
    caller: &Caller,
    t: &Target,
    drop_slot: bool,
) -> Result<DeleteResult, AppError> {
    let slot = if drop_slot {
        Some(slot_target(t, "drop_slot").await?)
    } else {
        None
    };
    let mut entry = t.audit(caller, "delete");
    let client = &t.cluster.client;
    let outcome = t
        .attempt(state, &entry, client.delete_connector(&t.name))
        .await?;
    let mut dropped_slot = None;
    if outcome.is_ok() {
        t.cluster.pages.forget(t.name.as_str());
        state
            .store
            .clear_owner(t.cluster.id.as_str(), t.name.as_str())
            .await?;
        // Connect forgets a deleted connector's active topics; a new one of that name starts
        // clean.
        state
            .store
            .release(t.cluster.id.as_str(), t.name.as_str())
            .await?;
        // Nor does a new one inherit its auto-restart policy or attempts.
        state
            .store
            .forget_restarts(t.cluster.id.as_str(), t.name.as_str())
            .await?;
        if let Some(target) = slot {
            let s = drop(target).await;
            entry.detail = Some(
                serde_json::json!({"slot": s.slot_name, "dropped": s.dropped, "error": s.error})
                    .to_string(),
            );
            dropped_slot = Some(s);
        }
    }
    t.finish(state, entry, outcome).await?;
    Ok(DeleteResult {
        deleted: true,
        slot: dropped_slot,
    })
}

/// Drops the slot once the deleted connector's task has let go of it.
async fn drop(target: SlotTarget) -> SlotDrop {
    let dropped = target.drop_when_released().await;
    SlotDrop {
        slot_name: target.slot_name.clone(),
        dropped: matches!(dropped, Ok(true)),
        error: match dropped {
            Ok(true) => None,
            Ok(false) => Some("the slot did not exist".into()),
            Err(e) => Some(e.to_string()),
        },
    }
}
