//! Export and import of connector configs. Exports carry secrets only as sentinels (or the
//! `${provider:…}` references they were). An import is planned first (a dry run that checks
//! every connector against the tenant rules and Connect's validation, and shows the changes),
//! then applied one connector per request so the UI can show progress and a result for each.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use futures::StreamExt;
use sluice_shared::history::config_diff;
use sluice_shared::policy::{Action, Resource};
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ExportedConnector, FORMAT, ImportAction, ImportApplied,
    ImportItem, ImportPlan, document_errors,
};
use sluice_shared::{ApiError, ConnectorName, CreateConnector, ErrorCode, redact};

use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::clock::now_ms;
use crate::clusters::Cluster;
use crate::connect::ConnectError;
use crate::error::AppError;
use crate::service::create;
use crate::service::edit::{self, Edit};
use crate::service::target::{Target, authorize, authorize_raw};
use crate::state::AppState;

/// Connect validates Debezium configs by opening database connections: a few at a time.
const PARALLEL: usize = 4;

pub fn routes() -> Routes {
    Routes::default()
        .post("/export", export)
        .post("/import/plan", plan)
        .post("/import/apply", apply_one)
}

/// What an imported connector is to the caller.
enum Found {
    /// One they may edit, with its stored config (read only after that check passed).
    Existing(Target, BTreeMap<String, String>),
    /// A name not taken yet, which they may create, and the cluster it goes to.
    New(Arc<Cluster>, CreateConnector),
}

/// Authorizes an imported connector before anything of it is read from Connect: edit rights
/// on it, or else create rights for its name. Whether the name is taken decides which refusal
/// a caller without edit rights gets, and Connect's status answers that without any config.
async fn find(state: &AppState, caller: &Caller, c: &ExportedConnector) -> Result<Found, AppError> {
    let cluster = state.clusters.find(&c.cluster_id)?;
    let name = ConnectorName::parse(&c.name).map_err(|e| AppError::invalid_name("name", e))?;
    // A tenant's caller learns nothing about names outside its namespace that it does not
    // own: refused before Connect is asked, the same whether another tenant's connector has
    // that name or no connector does.
    if let Some(own) = &caller.principal.tenant
        && let Some(t) = state.store.tenant(own).await?
        && let Some(outside) = t.namespace().name_error(name.as_str())
        && state
            .store
            .owner(cluster.id.as_str(), name.as_str())
            .await?
            .as_ref()
            != Some(own)
    {
        return Err(AppError::InvalidMany(vec![outside]));
    }
    let new = CreateConnector {
        name: c.name.clone(),
        config: c.config.clone(),
        initial_state: None,
        tenant: c.tenant.clone(),
    };
    match authorize(state, caller, &cluster.id, &name, Action::EditConfig).await {
        Ok(t) => match cluster.client.connector_config(&name).await {
            Ok(raw) => return Ok(Found::Existing(t, raw)),
            Err(ConnectError::NotFound(_)) => {}
            Err(e) => return Err(t.connect_error()(e)),
        },
        Err(denied) => match cluster.client.connector_status(&name).await {
            Ok(_) => return Err(denied),
            Err(ConnectError::NotFound(_)) => {}
            Err(e) => return Err(AppError::connect(&cluster.id)(e)),
        },
    }
    create::check(state, caller, cluster, &new).await?;
    Ok(Found::New(cluster.clone(), new))
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
    let everything = req.connectors.is_empty();
    let targets: Vec<(String, String)> = if everything {
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
            let t = authorize_raw(state, caller, &cluster, &name, Action::ReadConfig).await?;
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
    // A connector deleted between the listing and its read is simply no longer part of
    // "everything"; one named in a selection must exist.
    let connectors = exported
        .into_iter()
        .filter(|r| !(everything && r.as_ref().is_err_and(AppError::is_gone)))
        .collect::<Result<Vec<_>, _>>()?;
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

async fn plan(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(doc): JsonBody<ExportDocument>,
) -> Result<Json<ImportPlan>, AppError> {
    AppError::check_fields(document_errors(&doc))?;
    let (state, caller) = (&state, &caller);
    let items = futures::stream::iter(doc.connectors)
        .map(|c| async move { plan_one(state, caller, c).await })
        .buffered(PARALLEL)
        .collect()
        .await;
    Ok(Json(ImportPlan { items }))
}

async fn plan_one(state: &AppState, caller: &Caller, c: ExportedConnector) -> ImportItem {
    let c = c.named();
    let legacy = match state.clusters.find(&c.cluster_id) {
        Ok(cluster) => cluster.legacy_report(&c.config).await,
        Err(_) => None,
    };
    let mut item = ImportItem {
        cluster_id: c.cluster_id.clone(),
        name: c.name.clone(),
        action: ImportAction::Invalid,
        changes: Vec::new(),
        errors: Vec::new(),
        legacy,
    };
    match plan_checks(state, caller, &c, &mut item).await {
        Ok(action) => item.action = action,
        Err(e) => item.errors = e.into_api_errors(),
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
    let class = c.config.get("connector.class").cloned().unwrap_or_default();
    let (cluster, config, action) = match find(state, caller, c).await? {
        Found::Existing(t, raw) => {
            let keys = t.cluster.password_keys_for(&raw).await;
            item.changes = config_diff(&redact::redact_config(&raw, &keys), &c.config);
            if item.changes.is_empty() {
                return Ok(ImportAction::Unchanged);
            }
            let prepared = edit::prepare(state, caller, &t, &c.config, &raw).await?;
            (t.cluster, prepared, ImportAction::Update)
        }
        Found::New(cluster, _) => (cluster, c.config.clone(), ImportAction::Create),
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
    let c = c.named();
    let action = match find(&state, &caller, &c).await? {
        Found::Existing(t, raw) => {
            let stored = edit::observed(&state, &t, raw).await?;
            if stored.view.config == c.config {
                ImportAction::Unchanged
            } else {
                edit::apply(&state, &caller, &t, &stored, &c.config, Edit::Import).await?;
                ImportAction::Update
            }
        }
        Found::New(cluster, req) => {
            create::create(&state, &caller, &cluster, &req).await?;
            ImportAction::Create
        }
    };
    Ok(Json(ImportApplied {
        cluster_id: c.cluster_id,
        name: c.name,
        action,
    }))
}
