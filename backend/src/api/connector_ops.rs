//! One connector: status, config (secrets redacted), and restart (connector only, with tasks, or only failed
//! instances, in one upstream call, KIP-745). Every change is written to the audit log.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use sluice_shared::admin::SetOwner;
use sluice_shared::connector::POSTGRES_CONNECTOR;
use sluice_shared::policy::Action;
use sluice_shared::{ConnectorDetail, ConnectorStatus, DeleteResult, SlotDrop, SlotInfo};

use crate::api::access;
use crate::api::json::JsonBody;
use crate::app::AppState;
use crate::auth::Caller;
use crate::database::postgres::SlotTarget;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/clusters/{cluster}/connectors/{name}",
            get(get_connector).delete(delete_connector),
        )
        .route("/clusters/{cluster}/connectors/{name}/slot", get(get_slot))
        .route(
            "/clusters/{cluster}/connectors/{name}/status",
            get(get_connector_status),
        )
        .route(
            "/clusters/{cluster}/connectors/{name}/owner",
            put(set_connector_owner),
        )
}

/// Header and tasks of one connector, from the shared fleet listing when it is fresh (many
/// open detail pages cost Connect nothing extra), else asked directly (created a moment ago).
async fn get_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): Path<(String, String)>,
) -> Result<Json<ConnectorDetail>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::ReadConnector).await?;
    let listing = state.fleet.listing(t.cluster).await;
    let cached = listing.statuses.get(t.name.as_str()).zip(
        listing
            .entries
            .as_ref()
            .ok()
            .and_then(|e| e.get(t.name.as_str())),
    );
    let (status, class, fetched_at_ms) = match cached {
        Some((status, entry)) => (
            status.clone(),
            entry.connector.connector_class.clone(),
            listing.fetched_at_ms,
        ),
        None => {
            let (status, info) = tokio::join!(
                t.cluster.client.connector_status(&t.name),
                t.cluster.client.connector(&t.name)
            );
            let info = info.map_err(t.connect_error())?;
            (
                status.map_err(AppError::connect(&t.cluster.id))?,
                info.config.get("connector.class").cloned(),
                u64::try_from(crate::store::now_ms()).unwrap_or(0),
            )
        }
    };
    let connector_type = status.connector_type;
    Ok(Json(ConnectorDetail {
        cluster_id: t.cluster.id.to_string(),
        name: t.name.to_string(),
        tenant: t.owner,
        connector_type,
        connector_class: class,
        status,
        fetched_at_ms,
    }))
}

async fn get_connector_status(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): Path<(String, String)>,
) -> Result<Json<ConnectorStatus>, AppError> {
    let access::Target { cluster, name, .. } =
        access::connector(&state, &caller, &cluster, &name, Action::ReadConnector).await?;
    Ok(Json(
        cluster
            .client
            .connector_status(&name)
            .await
            .map_err(AppError::connect(&cluster.id))?,
    ))
}

#[derive(Debug, Deserialize)]
struct DeleteQuery {
    #[serde(default)]
    drop_slot: bool,
}

/// The connector's raw config when it is a Debezium PostgreSQL source (its slot outlives it).
async fn postgres_config(t: &access::Target<'_>) -> Result<BTreeMap<String, String>, AppError> {
    let raw = t.stored_config().await?;
    if raw.get("connector.class").map(String::as_str) != Some(POSTGRES_CONNECTOR) {
        return Err(AppError::Invalid {
            field: "connector",
            message: "only a Debezium PostgreSQL connector has a replication slot".into(),
        });
    }
    Ok(raw)
}

/// The replication slot of a Debezium PostgreSQL connector, asked with its own credentials:
/// what deleting the connector would leave behind.
async fn get_slot(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): Path<(String, String)>,
) -> Result<Json<SlotInfo>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::DeleteConnector).await?;
    let raw = postgres_config(&t).await?;
    let target = SlotTarget::from_config(&raw).map_err(|e| AppError::Invalid {
        field: "config",
        message: e.to_string(),
    })?;
    target
        .info()
        .await
        .map(Json)
        .map_err(|e| AppError::Unavailable(e.to_string()))
}

/// Deletes the connector and its ownership record. With `drop_slot=true` (a Debezium
/// PostgreSQL source only) the replication slot is dropped too, once the task has let go of it,
/// with the credentials from the connector's config, read before the delete.
async fn delete_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): Path<(String, String)>,
    Query(q): Query<DeleteQuery>,
) -> Result<Json<DeleteResult>, AppError> {
    let t = access::connector(&state, &caller, &cluster, &name, Action::DeleteConnector).await?;
    let slot = if q.drop_slot {
        let raw = postgres_config(&t).await?;
        Some(
            SlotTarget::from_config(&raw).map_err(|e| AppError::Invalid {
                field: "drop_slot",
                message: e.to_string(),
            })?,
        )
    } else {
        None
    };
    let outcome = t.cluster.client.delete_connector(&t.name).await;
    let mut entry = t.audit(&caller, "delete");
    entry.record_outcome(&outcome);
    state.fleet.invalidate(t.cluster.id.as_str());
    if let Err(e) = outcome {
        state.store.append_audit(&entry).await?;
        return Err(t.connect_error()(e));
    }
    state
        .store
        .clear_owner(t.cluster.id.as_str(), t.name.as_str())
        .await?;
    let slot = match slot {
        None => None,
        Some(target) => {
            let dropped = target.drop_when_released().await;
            Some(SlotDrop {
                slot_name: target.slot_name.clone(),
                dropped: matches!(dropped, Ok(true)),
                error: match dropped {
                    Ok(true) => None,
                    Ok(false) => Some("the slot did not exist".into()),
                    Err(e) => Some(e.to_string()),
                },
            })
        }
    };
    entry.detail = slot.as_ref().map(|s| {
        serde_json::json!({"slot": s.slot_name, "dropped": s.dropped, "error": s.error}).to_string()
    });
    state.store.append_audit(&entry).await?;
    Ok(Json(DeleteResult {
        deleted: true,
        slot,
    }))
}

/// Gives a connector to a tenant (or makes it unowned). Admins only; the connector must exist.
async fn set_connector_owner(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): Path<(String, String)>,
    JsonBody(req): JsonBody<SetOwner>,
) -> Result<StatusCode, AppError> {
    let access::Target {
        cluster,
        name,
        owner: before,
    } = access::connector(&state, &caller, &cluster, &name, Action::AssignOwnership).await?;
    cluster
        .client
        .connector(&name)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    match &req.tenant {
        Some(t) if state.store.tenant(t).await?.is_none() => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: format!("no tenant `{t}`"),
            });
        }
        Some(t) => {
            state
                .store
                .set_owner(cluster.id.as_str(), name.as_str(), t)
                .await?
        }
        None => {
            state
                .store
                .clear_owner(cluster.id.as_str(), name.as_str())
                .await?
        }
    }
    let mut entry = caller.audit_connector(
        "set_owner",
        cluster.id.as_str(),
        name.as_str(),
        req.tenant.clone().or(before.clone()),
    );
    entry.detail = Some(serde_json::json!({"from": before, "to": req.tenant}).to_string());
    state.store.append_audit(&entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
