//! One connector: header and tasks, live status (starting, not missing, just after it is
//! created), and delete (with its replication slot).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use sluice_shared::{ConnectorDetail, ConnectorStatus, DeleteResult};

use super::authorized::{Authorized, Delete, Read};
use crate::api::extract::Query;
use crate::api::routes::Routes;
use crate::connect::ConnectError;
use crate::error::AppError;
use crate::service::delete;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/connectors/{name}", get_connector)
        .delete("/clusters/{cluster}/connectors/{name}", delete_connector)
        .get(
            "/clusters/{cluster}/connectors/{name}/status",
            get_connector_status,
        )
}

/// Header and tasks of one connector, from the shared fleet listing when it is fresh (many
/// open detail pages cost Connect nothing extra), else asked directly (created a moment ago);
/// while Connect does not answer, what the page last showed, marked.
async fn get_connector(
    State(state): State<AppState>,
    Authorized { target: t, .. }: Authorized<Read>,
) -> Result<Json<ConnectorDetail>, AppError> {
    let listing = state.fleet.listing(&t.cluster).await;
    let cached = listing.statuses.get(t.name.as_str()).zip(
        listing
            .entries
            .as_ref()
            .ok()
            .and_then(|e| e.get(t.name.as_str())),
    );
    let header = &t.cluster.pages.header;
    let (status, class, fetched_at_ms, pending_since_ms) = match cached {
        Some((status, entry)) => {
            let class = entry.connector.connector_class.clone();
            // Kept for when the listing fails (a Connect hung past the read timeout).
            header.remember(
                t.name.as_str(),
                listing.fetched_at_ms,
                (status.clone(), class.clone()),
            );
            (
                status.clone(),
                class,
                listing.fetched_at_ms,
                listing.pending_since_ms,
            )
        }
        // Not in the listing (created a moment ago, or the listing failed): asked directly,
        // and while Connect does not answer, what the page last showed.
        None => {
            let read = async {
                let (status, info) = tokio::join!(
                    t.cluster.client.connector_status(&t.name),
                    t.cluster.client.connector(&t.name)
                );
                let info = info?;
                let status = match status {
                    Err(ConnectError::NotFound(_)) => {
                        ConnectorStatus::starting(t.name.as_str(), info.connector_type)
                    }
                    other => other?,
                };
                Ok::<_, ConnectError>((status, info.config.get("connector.class").cloned()))
            };
            let known = header
                .read(t.name.as_str(), read)
                .await
                .map_err(t.connect_error())?;
            let (status, class) = known.value;
            (status, class, known.fetched_at_ms, known.pending_since_ms)
        }
    };
    let quarantine = state
        .store
        .quarantined(t.cluster.id.as_str(), t.name.as_str())
        .await?;
    Ok(Json(ConnectorDetail {
        cluster_id: t.cluster.id.to_string(),
        name: t.name.to_string(),
        tenant: t.owner,
        connector_type: status.connector_type,
        connector_class: class,
        status,
        fetched_at_ms,
        pending_since_ms,
        quarantine,
    }))
}

/// Connect answers 404 for a connector's status for a few seconds after creating it, before a
/// worker takes it: while its config answers, it is starting, not missing.
async fn get_connector_status(a: Authorized<Read>) -> Result<Json<ConnectorStatus>, AppError> {
    let t = &a.target;
    match t.cluster.client.connector_status(&t.name).await {
        Err(ConnectError::NotFound(_)) => {
            let info = t
                .cluster
                .client
                .connector(&t.name)
                .await
                .map_err(t.connect_error())?;
            Ok(Json(ConnectorStatus::starting(
                t.name.as_str(),
                info.connector_type,
            )))
        }
        status => Ok(Json(status.map_err(t.connect_error())?)),
    }
}

#[derive(Debug, Deserialize)]
struct DeleteQuery {
    #[serde(default)]
    drop_slot: bool,
}

/// Deletes the connector; `drop_slot=true` drops a Debezium PostgreSQL source's slot too.
async fn delete_connector(
    State(state): State<AppState>,
    a: Authorized<Delete>,
    Query(q): Query<DeleteQuery>,
) -> Result<Json<DeleteResult>, AppError> {
    let deleted = delete::delete(&state, &a.caller, &a.target, q.drop_slot).await?;
    Ok(Json(deleted))
}
