//! Creating a connector inside the caller's tenant namespace: the checks (shared with the
//! import's dry run and the wizard), Connect, the owner, the audit record and the first config
//! version. Nothing invalid is forwarded to Connect.

use std::collections::BTreeMap;

use sluice_shared::history::VersionSource;
use sluice_shared::policy::{Action, Resource};
use sluice_shared::{ApiError, ConnectorName, CreateConnector, ErrorCode, RedactedConfig, redact};

use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::connect::InitialState;
use crate::error::AppError;
use crate::state::AppState;

/// A create request checked against the tenant rules: the owning tenant, the name and the
/// initial state.
pub struct CheckedCreate {
    pub tenant: Option<String>,
    pub name: ConnectorName,
    pub initial: Option<InitialState>,
}

/// The tenant rules and the request's own sense, or every problem at once.
pub async fn check(
    state: &AppState,
    caller: &Caller,
    cluster: &Cluster,
    req: &CreateConnector,
) -> Result<CheckedCreate, AppError> {
    let tenant = match (&caller.principal.tenant, &req.tenant) {
        (Some(own), Some(asked)) if own != asked => {
            return Err(AppError::Forbidden(Action::CreateConnector));
        }
        (Some(own), _) => Some(own.clone()),
        (None, asked) => asked.clone(),
    };
    caller.require(
        Action::CreateConnector,
        &tenant.clone().map_or(Resource::Console, Resource::Tenant),
    )?;
    let name = ConnectorName::parse(&req.name).map_err(|e| AppError::invalid_name("name", e))?;
    let mut errors = Vec::new();
    if let Some(t) = &tenant {
        let t = state.store.tenant(t).await?.ok_or(AppError::Invalid {
            field: "tenant",
            message: format!("no tenant `{t}`"),
        })?;
        errors.extend(
            super::namespace::errors(caller, cluster, &t, Some(name.as_str()), &req.config, None)
                .await,
        );
    }
    if let Some(report) = cluster.legacy_report(&req.config).await {
        errors.extend(report.api_errors());
    }
    if !req.config.contains_key("connector.class") {
        errors.push(
            ApiError::new(ErrorCode::InvalidInput, "connector.class is required")
                .with_field("config.connector.class"),
        );
    }
    errors.extend(sentinel_error(&req.config, "config."));
    if req.config.get("name").is_some_and(|n| n != name.as_str()) {
        errors.push(
            ApiError::new(ErrorCode::InvalidInput, "config.name differs from name")
                .with_field("config.name"),
        );
    }
    AppError::check_all(errors)?;
    let initial = match req
        .initial_state
        .as_deref()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("RUNNING") => None,
        Some("PAUSED") => Some(InitialState::Paused),
        Some("STOPPED") => Some(InitialState::Stopped),
        Some(_) => {
            return Err(AppError::Invalid {
                field: "initial_state",
                message: "RUNNING, PAUSED or STOPPED".into(),
            });
        }
    };
    Ok(CheckedCreate {
        tenant,
        name,
        initial,
    })
}

/// A redacted sentinel in a config that has no stored secret behind it (a connector not created
/// yet), named by its key under `field_prefix`.
pub fn sentinel_error(config: &BTreeMap<String, String>, field_prefix: &str) -> Option<ApiError> {
    let (key, _) = config.iter().find(|(_, v)| v.contains(redact::REDACTED))?;
    Some(
        ApiError::new(
            ErrorCode::InvalidInput,
            "a new connector has no stored secret to keep: give the value",
        )
        .with_field(format!("{field_prefix}{key}")),
    )
}

/// Checks and creates: Connect, owner, audit (config redacted), first config version, fleet
/// refresh. Answers the created config, redacted.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    cluster: &Cluster,
    req: &CreateConnector,
) -> Result<RedactedConfig, AppError> {
    let CheckedCreate {
        tenant,
        name,
        initial,
    } = check(state, caller, cluster, req).await?;
    let keys = cluster.password_keys_for(&req.config).await;
    let view = redact::redacted_view(&req.config, &keys);
    let mut entry =
        caller.audit_connector("create", cluster.id.as_str(), name.as_str(), tenant.clone());
    entry.detail = Some(
        serde_json::json!({"config": &view.config, "initial_state": req.initial_state}).to_string(),
    );
    // Pending first: if the console stops before the owner is recorded, the recovery sweep
    // finds this entry and gives the connector to its tenant (`service::recovery`).
    state.store.intend_audit(&entry).await?;
    let created = cluster
        .client
        .create_connector(&name, &req.config, initial)
        .await;
    match &created {
        // Connect may have made it: the entry stays pending and the recovery sweep settles it
        // by asking Connect (giving a connector it finds to its tenant, with its first
        // version), as after a console that stopped here.
        Err(e) if e.may_have_applied() => {}
        Err(_) => {
            entry.record_outcome(&created);
            state.store.append_audit(&entry).await?;
        }
        Ok(_) => {}
    }
    let info = created.map_err(AppError::connect(&cluster.id))?;
    if let Some(t) = &tenant {
        state
            .store
            .set_owner(cluster.id.as_str(), name.as_str(), t)
            .await?;
    }
    state.store.append_audit(&entry).await?;
    state
        .store
        .append_config_version(
            cluster.id.as_str(),
            name.as_str(),
            Some(&caller.actor.label()),
            VersionSource::Create,
            None,
            // What Connect stored (it adds `name`), so the next read finds no difference.
            &redact::redact_config(&info.config, &keys),
        )
        .await?;
    state.fleet.invalidate(cluster.id.as_str());
    Ok(view)
}
