//! One connector: status, config (secrets redacted), and restart (connector only, with tasks, or only failed
//! instances, in one upstream call, KIP-745). Every change is written to the audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use sluice_shared::admin::SetOwner;
use sluice_shared::policy::Action;
use sluice_shared::{ConnectorDetail, ConnectorStatus};

use crate::api::access;
use crate::api::json::JsonBody;
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/clusters/{cluster}/connectors/{name}",
            get(get_connector).delete(delete_connector),
        )
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

/// Deletes the connector and its ownership record. (A Debezium PostgreSQL connector's
/// replication slot stays; dropping it from the console is not offered yet.)
async fn delete_connector(
    State(state): State<AppState>,
    caller: Caller,
    Path((cluster, name)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let access::Target {
        cluster,
        name,
        owner,
    } = access::connector(&state, &caller, &cluster, &name, Action::DeleteConnector).await?;
    let outcome = cluster.client.delete_connector(&name).await;
    let mut entry = caller.audit_connector("delete", cluster.id.as_str(), name.as_str(), owner);
    entry.record_outcome(&outcome);
    state.store.append_audit(&entry).await?;
    state.fleet.invalidate(cluster.id.as_str());
    outcome.map_err(AppError::connect(&cluster.id))?;
    state
        .store
        .clear_owner(cluster.id.as_str(), name.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
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
