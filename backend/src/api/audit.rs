//! `/api/v1/audit`: the audit log, filtered; `?format=jsonl` exports JSON lines.
//! Admins read every entry, operators their tenant's.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sluice_shared::admin::AuditRecord;
use sluice_shared::policy::{Action, Resource, Role};

use crate::api::extract::Query;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AuditEntry, AuditFilter};

pub fn routes() -> Routes {
    Routes::default().get("/audit", list_audit)
}

#[derive(Debug, Deserialize)]
struct AuditQuery {
    tenant: Option<String>,
    cluster: Option<String>,
    connector: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    /// Text found anywhere in the actor, action, connector or tenant (case-insensitive).
    q: Option<String>,
    before_ms: Option<i64>,
    before_id: Option<String>,
    limit: Option<i64>,
    format: Option<String>,
}

async fn list_audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    // Operators are pinned to their tenant whatever they ask for.
    let tenant = if caller.principal.role == Role::Admin {
        q.tenant
    } else {
        caller.principal.tenant.clone()
    };
    let scope = tenant.clone().map_or(Resource::Console, Resource::Tenant);
    caller.require(Action::ReadAudit, &scope)?;
    let filter = AuditFilter {
        tenant,
        cluster: q.cluster,
        connector: q.connector,
        action: q.action,
        actor: q.actor,
        text: q.q,
        before_ms: q.before_ms,
        before_id: q.before_id,
        limit: q.limit.unwrap_or(200),
    };
    let records: Vec<AuditRecord> = state
        .store
        .search_audit(&filter)
        .await?
        .into_iter()
        .map(record)
        .collect();
    match q.format.as_deref() {
        None | Some("json") => Ok(Json(records).into_response()),
        Some("jsonl") => {
            let lines: String = records
                .iter()
                .filter_map(|r| serde_json::to_string(r).ok())
                .map(|l| l + "\n")
                .collect();
            Ok((
                [
                    (header::CONTENT_TYPE, "application/x-ndjson"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"sluice-audit.jsonl\"",
                    ),
                ],
                lines,
            )
                .into_response())
        }
        Some(_) => Err(AppError::Invalid {
            field: "format",
            message: "json or jsonl".into(),
        }),
    }
}

fn record(e: AuditEntry) -> AuditRecord {
    AuditRecord {
        detail: e
            .detail
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok()),
        id: e.id,
        at_ms: e.at,
        actor: e.actor,
        tenant: e.tenant_id,
        cluster: e.cluster_id,
        connector: e.connector_name,
        action: e.action,
        result: e.result,
    }
}
