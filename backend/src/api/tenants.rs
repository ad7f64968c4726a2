//! `/api/v1/tenants`: who owns which connector-name prefix and topic namespace. Admins
//! create them; every tenant member may read their own.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::admin::{TenantInfo, UpdateTenant};
use sluice_shared::policy::{Action, Resource, Role};

use crate::api::extract::{JsonBody, Path};
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Tenant;

pub fn routes() -> Routes {
    Routes::default()
        .get("/tenants", list_tenants)
        .post("/tenants", create_tenant)
        .patch("/tenants/{id}", update_tenant)
}

fn info(t: Tenant) -> TenantInfo {
    TenantInfo {
        id: t.id,
        display_name: t.display_name,
        connector_prefix: t.connector_prefix,
        topic_prefix: t.topic_prefix,
        allowed_classes: t.allowed_classes,
        masked_fields: t.masked_fields,
    }
}

async fn list_tenants(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TenantInfo>>, AppError> {
    let all = state.store.tenants().await?;
    let visible = all
        .into_iter()
        .filter(|t| {
            matches!(caller.principal.role, Role::Admin | Role::Support)
                || caller.principal.tenant.as_deref() == Some(&t.id)
        })
        .map(info)
        .collect();
    Ok(Json(visible))
}

async fn create_tenant(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<TenantInfo>,
) -> Result<(StatusCode, Json<TenantInfo>), AppError> {
    caller.require(Action::ManageTenants, &Resource::Console)?;
    sluice_shared::ClusterId::parse(&req.id).map_err(|e| AppError::invalid_name("id", e))?;
    for (field, prefix) in [
        ("connector_prefix", &req.connector_prefix),
        ("topic_prefix", &req.topic_prefix),
    ] {
        let ok = !prefix.is_empty()
            && prefix.len() <= 64
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(AppError::Invalid {
                field,
                message: "1 to 64 letters, digits, '.', '_' or '-'".into(),
            });
        }
    }
    // Namespaces may not nest: `acme.` would hold every topic of `acme.eu.`.
    for other in state.store.tenants().await? {
        for (field, mine, theirs) in [
            (
                "connector_prefix",
                &req.connector_prefix,
                &other.connector_prefix,
            ),
            ("topic_prefix", &req.topic_prefix, &other.topic_prefix),
        ] {
            if mine.starts_with(theirs.as_str()) || theirs.starts_with(mine.as_str()) {
                return Err(AppError::Conflict(format!(
                    "{field} `{mine}` overlaps tenant `{}`'s `{theirs}`: one namespace would \
                     hold the other's connectors or topics",
                    other.id
                )));
            }
        }
    }
    let classes = classes(&req.allowed_classes)?;
    let masked = masked_fields(&req.masked_fields)?;
    let display = if req.display_name.trim().is_empty() {
        req.id.clone()
    } else {
        req.display_name.trim().to_owned()
    };
    let mut entry = caller.audit("create_tenant");
    entry.tenant_id = Some(req.id.clone());
    let described = TenantInfo {
        id: req.id.clone(),
        display_name: display.clone(),
        connector_prefix: req.connector_prefix.clone(),
        topic_prefix: req.topic_prefix.clone(),
        allowed_classes: classes.clone(),
        masked_fields: masked.clone(),
    };
    entry.detail = Some(serde_json::to_string(&described).unwrap_or_default());
    let create = state.store.create_tenant(
        &req.id,
        &display,
        &req.connector_prefix,
        &req.topic_prefix,
        &classes,
        &masked,
    );
    let created = state.store.audited(&mut entry, create).await?;
    Ok((StatusCode::CREATED, Json(info(created))))
}

/// Changes the classes an admin allows the tenant beyond what the console can reason about.
async fn update_tenant(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<UpdateTenant>,
) -> Result<Json<TenantInfo>, AppError> {
    caller.require(Action::ManageTenants, &Resource::Console)?;
    let classes = req.allowed_classes.as_deref().map(classes).transpose()?;
    let masked = req
        .masked_fields
        .as_deref()
        .map(masked_fields)
        .transpose()?;
    let mut entry = caller.audit("update_tenant");
    entry.tenant_id = Some(id.clone());
    entry.detail = Some(
        serde_json::json!({ "allowed_classes": &classes, "masked_fields": &masked }).to_string(),
    );
    let update = async {
        state
            .store
            .update_tenant(&id, classes.as_deref(), masked.as_deref())
            .await?
            .ok_or(AppError::NotFound("tenant"))
    };
    let updated = state.store.audited(&mut entry, update).await?;
    Ok(Json(info(updated)))
}

/// Field-name patterns (`*` any run, `?` one character), trimmed, each once.
fn masked_fields(raw: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for pattern in raw.iter().map(|p| p.trim()) {
        let ok = !pattern.is_empty()
            && pattern.len() <= 128
            && pattern.chars().any(|c| c != '*' && c != '?')
            && !pattern.chars().any(char::is_whitespace);
        if !ok {
            return Err(AppError::Invalid {
                field: "masked_fields",
                message: format!(
                    "`{pattern}` is not a field-name pattern: a name with `*` or `?`, without \
                     spaces, not only wildcards"
                ),
            });
        }
        if !out.iter().any(|p| p == pattern) {
            out.push(pattern.to_owned());
        }
    }
    Ok(out)
}

/// Java class names, trimmed, each once.
fn classes(raw: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for class in raw.iter().map(|c| c.trim()) {
        let ok = !class.is_empty()
            && class.len() <= 256
            && class
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '$'));
        if !ok {
            return Err(AppError::Invalid {
                field: "allowed_classes",
                message: format!("`{class}` is not a Java class name"),
            });
        }
        if !out.iter().any(|c| c == class) {
            out.push(class.to_owned());
        }
    }
    Ok(out)
}
