//! Export and import of connector configs. Exports carry secrets only as sentinels (or the
//! `${provider:…}` references they were). An import is planned first (a dry run that checks
//! every connector against the tenant rules and Connect's validation, and shows the changes),
//! then applied one connector per request so the UI can show progress and a result for each.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use futures::StreamExt;
use sluice_shared::history::{VersionSource, config_diff};
use sluice_shared::policy::{Action, Resource};
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ExportedConnector, FORMAT, ImportAction, ImportApplied,
    ImportItem, ImportPlan, document_errors,
};
use sluice_shared::{ApiError, CreateConnector, ErrorCode, redact};

use crate::api::json::JsonBody;
use crate::api::{access, config, connectors};
use crate::app::AppState;
use crate::auth::Caller;
use crate::connect::ConnectError;
use crate::error::AppError;
use crate::store::now_ms;

/// Connect validates Debezium configs by opening database connections: a few at a time.
const PARALLEL: usize = 4;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/export", post(export))
        .route("/import/plan", post(plan))
        .route("/import/apply", post(apply_one))
}

/// The errors an `AppError` stands for, as the plan lists them.
fn errors_of(e: AppError) -> Vec<ApiError> {
    match e {
        AppError::InvalidMany(errors) => errors,
        other => vec![other.status_and_body().1],
    }
}

async fn export(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<ExportRequest>,
) -> Result<Json<ExportDocument>, AppError> {
    if let (Some(asked), Some(own)) = (&req.tenant, &caller.principal.tenant)
        && asked != own
    {
        return Err(AppError::Forbidden(Action::ReadConfig));
    }
    // A selection names connectors; otherwise everything visible (of one tenant, if asked).
    let targets: Vec<(String, String)> = if req.connectors.is_empty() {
        let mut all = Vec::new();
        for cluster in state.clusters.iter() {
            let listing = state.fleet.listing(cluster).await;
            let Ok(entries) = &listing.entries else {
                continue;
            };
            for e in entries.values() {
                let on = Resource::Connector {
                    owner: e.tenant.clone(),
                };
                let tenant_ok = req.tenant.is_none() || e.tenant == req.tenant;
                if tenant_ok && caller.principal.may(Action::ReadConfig, &on) {
                    all.push((e.cluster_id.clone(), e.connector.name.clone()));
                }
            }
        }
        all
    } else {
        req.connectors
            .into_iter()
            .map(|r| (r.cluster_id, r.name))
            .collect()
    };
    let (state, caller) = (&state, &caller);
    let exported: Vec<Result<ExportedConnector, AppError>> = futures::stream::iter(targets)
        .map(|(cluster, name)| async move {
            let t = access::connector(state, caller, &cluster, &name, Action::ReadConfig).await?;
            let raw = t.stored_config().await?;
            Ok(ExportedConnector {
                cluster_id: t.cluster.id.to_string(),
                name: t.name.to_string(),
                tenant: t.owner.clone(),
                config: redact::redact_config(&raw, &*t.cluster.password_keys_for(&raw).await),
            })
        })
        .buffered(8)
        .collect()
        .await;
    let connectors = exported.into_iter().collect::<Result<Vec<_>, _>>()?;
    let mut entry = caller.audit("export");
    entry.tenant_id = caller.principal.tenant.clone().or(req.tenant.clone());
    entry.detail = Some(
        serde_json::json!({
            "connectors": connectors.iter().map(|c| format!("{}/{}", c.cluster_id, c.name)).collect::<Vec<_>>()
        })
        .to_string(),
    );
    state.store.append_audit(&entry).await?;
    Ok(Json(ExportDocument {
        sluice_export: FORMAT,
        exported_at_ms: now_ms(),
        connectors,
    }))
}

fn document_check(doc: &ExportDocument) -> Result<(), AppError> {
    let errors: Vec<ApiError> = document_errors(doc)
        .into_iter()
        .map(|(f, m)| ApiError::new(ErrorCode::InvalidInput, m).with_field(f))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::InvalidMany(errors))
    }
}

async fn plan(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(doc): JsonBody<ExportDocument>,
) -> Result<Json<ImportPlan>, AppError> {
    document_check(&doc)?;
    let (state, caller) = (&state, &caller);
    let items = futures::stream::iter(doc.connectors)
        .map(|c| async move { plan_one(state, caller, c).await })
        .buffered(PARALLEL)
        .collect()
        .await;
    Ok(Json(ImportPlan { items }))
}

async fn plan_one(state: &AppState, caller: &Caller, c: ExportedConnector) -> ImportItem {
    let mut item = ImportItem {
        cluster_id: c.cluster_id.clone(),
        name: c.name.clone(),
        action: ImportAction::Invalid,
        changes: Vec::new(),
        errors: Vec::new(),
    };
    match plan_checks(state, caller, &c, &mut item).await {
        Ok(action) => item.action = action,
        Err(e) => item.errors = errors_of(e),
    }
    if !item.errors.is_empty() {
        item.action = ImportAction::Invalid;
    }
    item
}

/// What importing `c` would do; Connect's field errors go into `item.errors`.
async fn plan_checks(
    state: &AppState,
    caller: &Caller,
    c: &ExportedConnector,
    item: &mut ImportItem,
) -> Result<ImportAction, AppError> {
    let cluster = state.clusters.get(&c.cluster_id)?;
    let name = sluice_shared::ConnectorName::parse(&c.name)
        .map_err(|e| AppError::invalid_name("name", e))?;
    let class = c.config.get("connector.class").cloned().unwrap_or_default();
    let (config, action) = match cluster.client.connector_config(&name).await {
        Ok(raw) => {
            let t = access::connector(state, caller, &c.cluster_id, &c.name, Action::EditConfig)
                .await?;
            let keys = cluster.password_keys_for(&raw).await;
            item.changes = config_diff(&redact::redact_config(&raw, &keys), &c.config);
            if item.changes.is_empty() {
                return Ok(ImportAction::Unchanged);
            }
            (
                config::prepare(state, &t, &c.config, &raw).await?,
                ImportAction::Update,
            )
        }
        Err(ConnectError::NotFound(_)) => {
            let req = CreateConnector {
                name: c.name.clone(),
                config: c.config.clone(),
                initial_state: None,
                tenant: c.tenant.clone(),
            };
            connectors::check_create(state, caller, &req).await?;
            (c.config.clone(), ImportAction::Create)
        }
        Err(e) => return Err(AppError::connect(&cluster.id)(e)),
    };
    let infos = cluster
        .client
        .validate_config(&class, &config)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    item.errors = infos
        .field_errors()
        .into_iter()
        .map(|(key, messages)| {
            ApiError::new(ErrorCode::InvalidConfig, messages.join("; "))
                .with_field(format!("config.{key}"))
        })
        .collect();
    Ok(action)
}

async fn apply_one(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(c): JsonBody<ExportedConnector>,
) -> Result<Json<ImportApplied>, AppError> {
    let cluster = state.clusters.get(&c.cluster_id)?;
    let name = sluice_shared::ConnectorName::parse(&c.name)
        .map_err(|e| AppError::invalid_name("name", e))?;
    let action = match cluster.client.connector_config(&name).await {
        Ok(raw) => {
            let t = access::connector(&state, &caller, &c.cluster_id, &c.name, Action::EditConfig)
                .await?;
            let stored = config::observed(&state, &t, raw).await?;
            if stored.view.config == c.config {
                ImportAction::Unchanged
            } else {
                config::apply(
                    &state,
                    &caller,
                    &t,
                    &stored,
                    &c.config,
                    config::Send::Put,
                    VersionSource::Import,
                    Some("imported".to_owned()),
                )
                .await?;
                ImportAction::Update
            }
        }
        Err(ConnectError::NotFound(_)) => {
            let req = CreateConnector {
                name: c.name.clone(),
                config: c.config.clone(),
                initial_state: None,
                tenant: c.tenant.clone(),
            };
            connectors::create(&state, &caller, cluster, &req).await?;
            ImportAction::Create
        }
        Err(e) => return Err(AppError::connect(&cluster.id)(e)),
    };
    Ok(Json(ImportApplied {
        cluster_id: c.cluster_id,
        name: c.name,
        action,
    }))
}
