//! What the creation wizard asks the backend beyond plugins and create: the cluster's defaults
//! (free server id, Kafka for schema history), the preflight against the real database, and the
//! catalog of tables to choose from. Only callers who may create connectors get these: preflight
//! connects wherever it is told to, so it is not for read-only roles.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use sluice_shared::ConfigInfos;
use sluice_shared::catalog::Catalog;
use sluice_shared::policy::Action;
use sluice_shared::preflight::{PreflightReport, PreflightRequest, WizardDefaults, server_ids};
use sluice_shared::templates::{self, Answers, Kind};

use crate::api::extract::JsonBody;
use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::error::AppError;
use crate::service::{create, namespace};
use crate::source_db::catalog::{self, CatalogError};
use crate::source_db::preflight;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/wizard", defaults)
        .post("/clusters/{cluster}/preflight", run_preflight)
        .post("/clusters/{cluster}/catalog", list_catalog)
        .post("/clusters/{cluster}/validate", validate_new)
}

fn may_create(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::CreateConnector, &caller.principal.home())
}

/// The connection answers, or every problem with them at once (nothing connects before).
fn checked(kind: Kind, answers: &Answers) -> Result<(), AppError> {
    AppError::check_fields(
        templates::connection_errors(kind, answers)
            .into_iter()
            .map(|(field, message)| (format!("answers.{field}"), message)),
    )
}

/// Server ids of every binlog connector in the cluster, whoever owns it: ids must be unique
/// across the cluster, not only inside one tenant.
async fn taken_server_ids(cluster: &Cluster) -> Result<Vec<u64>, AppError> {
    let listing = cluster
        .client
        .connectors_expanded()
        .await
        .map_err(AppError::connect(&cluster.id))?;
    Ok(server_ids(
        listing
            .values()
            .filter_map(|e| e.info.as_ref().map(|i| &i.config)),
    ))
}

async fn defaults(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
) -> Result<Json<WizardDefaults>, AppError> {
    may_create(&caller)?;
    let cluster = state.clusters.get(&cluster)?;
    let taken = taken_server_ids(cluster).await?;
    Ok(Json(WizardDefaults {
        next_server_id: templates::next_server_id(&taken),
        taken_server_ids: taken,
        kafka_bootstrap: cluster.kafka_bootstrap.clone(),
    }))
}

async fn run_preflight(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    JsonBody(req): JsonBody<PreflightRequest>,
) -> Result<Json<PreflightReport>, AppError> {
    may_create(&caller)?;
    let cluster = state.clusters.get(&cluster)?;
    checked(req.kind, &req.answers)?;
    let taken = if req.kind.needs_server_id() {
        taken_server_ids(cluster).await?
    } else {
        Vec::new()
    };
    let checks = preflight::run(req.kind, &req.answers, &taken).await;
    Ok(Json(PreflightReport { checks }))
}

async fn list_catalog(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    JsonBody(req): JsonBody<PreflightRequest>,
) -> Result<Json<Catalog>, AppError> {
    may_create(&caller)?;
    state.clusters.get(&cluster)?;
    checked(req.kind, &req.answers)?;
    catalog::list(req.kind, &req.answers)
        .await
        .map(Json)
        .map_err(|e| match e {
            CatalogError::Unsupported(_) => AppError::Invalid {
                field: "kind",
                message: e.to_string(),
            },
            CatalogError::Database(m) => {
                AppError::Unavailable(format!("{} at {}: {m}", req.kind.label(), req.answers.host))
            }
            CatalogError::Refused { field, message } => AppError::Invalid {
                field,
                message: format!(
                    "{} at {} refused: {message}",
                    req.kind.label(),
                    req.answers.host
                ),
            },
        })
}

/// Connect's verdict on a config that is not a connector yet (the review step), values of
/// secrets redacted in the answer. Debezium opens real database connections to answer.
async fn validate_new(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    JsonBody(config): JsonBody<BTreeMap<String, String>>,
) -> Result<Json<ConfigInfos>, AppError> {
    may_create(&caller)?;
    let cluster = state.clusters.get(&cluster)?;
    let class = config
        .get("connector.class")
        .filter(|c| !c.trim().is_empty())
        .ok_or(AppError::Invalid {
            field: "connector.class",
            message: "connector.class is required".into(),
        })?
        .clone();
    AppError::check_all(create::sentinel_error(&config, "").into_iter().collect())?;
    let legacy = cluster.legacy_report(&config).await;
    // A tenant's config outside its namespace is refused at its keys before Connect sees it.
    if let Some(own) = &caller.principal.tenant
        && let Some(tenant) = state.store.tenant(own).await?
    {
        let refused = namespace::errors(&caller, cluster, &tenant, None, &config, None).await;
        if let Some(infos) = ConfigInfos::from_refusals(&class, &refused) {
            return Ok(Json(infos.with_legacy(legacy)));
        }
    }
    let keys = cluster.password_keys_for(&config).await;
    let mut infos = cluster
        .client
        .validate_config(&class, &config)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    infos.redact_values(&keys);
    Ok(Json(infos.with_legacy(legacy)))
}
