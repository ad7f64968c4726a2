//! `/api/v1/users`: console users. Admins only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::admin::{CreateUser, MIN_PASSWORD_LEN, UserInfo};
use sluice_shared::policy::{Action, Resource, Role};

use crate::api::extract::JsonBody;
use crate::api::routes::Routes;
use crate::auth::{Caller, password};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::User;

pub fn routes() -> Routes {
    Routes::default()
        .get("/users", list_users)
        .post("/users", create_user)
}

fn info(u: User) -> UserInfo {
    UserInfo {
        id: u.id,
        username: u.username,
        role: u.role,
        tenant: u.tenant_id,
        disabled: u.disabled,
        created_at_ms: u.created_at,
    }
}

async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<UserInfo>>, AppError> {
    caller.require(Action::ManageUsers, &Resource::Console)?;
    Ok(Json(
        state.store.users().await?.into_iter().map(info).collect(),
    ))
}

async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<CreateUser>,
) -> Result<(StatusCode, Json<UserInfo>), AppError> {
    caller.require(Action::ManageUsers, &Resource::Console)?;
    let username = req.username.trim();
    if username.is_empty() || username.len() > 100 || username.chars().any(char::is_whitespace) {
        return Err(AppError::Invalid {
            field: "username",
            message: "1 to 100 characters, no spaces".into(),
        });
    }
    if req.password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::Invalid {
            field: "password",
            message: format!("at least {MIN_PASSWORD_LEN} characters"),
        });
    }
    match (req.role, &req.tenant) {
        (Role::Operator | Role::Viewer, None) => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: "operators and viewers belong to a tenant".into(),
            });
        }
        (Role::Admin | Role::Support, Some(_)) => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: "admins and support span every tenant".into(),
            });
        }
        (_, Some(t)) if state.store.tenant(t).await?.is_none() => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: format!("no tenant `{t}`"),
            });
        }
        _ => {}
    }
    let hash = password::hash(req.password).await?;
    let user = state
        .store
        .create_user(username, &hash, req.role, req.tenant.as_deref())
        .await?;
    let mut entry = caller.audit("create_user");
    entry.tenant_id = user.tenant_id.clone();
    entry.detail =
        Some(serde_json::json!({"username": user.username, "role": user.role}).to_string());
    state.store.append_audit(&entry).await?;
    Ok((StatusCode::CREATED, Json(info(user))))
}
