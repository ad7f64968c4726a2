//! `/api/v1/users`: console users. Admins only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use sluice_shared::admin::{CreateUser, MIN_PASSWORD_LEN, UpdateUser, UserInfo};
use sluice_shared::policy::{Action, Resource, Role};

use crate::api::extract::{JsonBody, Path};
use crate::api::routes::Routes;
use crate::auth::{Actor, Caller, password};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::User;

pub fn routes() -> Routes {
    Routes::default()
        .get("/users", list_users)
        .post("/users", create_user)
        .patch("/users/{id}", update_user)
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

/// Changes a user's role or disables them (the tenant stays). Refuses to leave the console
/// without an enabled admin (409) and a caller's change of their own role or account (400).
async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<UpdateUser>,
) -> Result<Json<UserInfo>, AppError> {
    caller.require(Action::ManageUsers, &Resource::Console)?;
    let user = state
        .store
        .user_by_id(&id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    let role = req.role.unwrap_or(user.role);
    let disabled = req.disabled.unwrap_or(user.disabled);
    if (role, disabled) == (user.role, user.disabled) {
        return Ok(Json(info(user)));
    }
    check_change(&caller, &user, role)?;
    if !state.store.update_user(&user.id, role, disabled).await? {
        return Err(AppError::LastAdmin(user.username));
    }
    if disabled && !user.disabled {
        // The caller extractor refuses a disabled user's cookie anyway; this ends it for good.
        state.store.delete_user_sessions(&user.id).await?;
    }
    let mut detail = json!({"username": user.username});
    if role != user.role {
        detail["role"] = json!({"from": user.role, "to": role});
    }
    if disabled != user.disabled {
        detail["disabled"] = json!({"from": user.disabled, "to": disabled});
    }
    let mut entry = caller.audit("update_user");
    entry.tenant_id = user.tenant_id.clone();
    entry.detail = Some(detail.to_string());
    state.store.append_audit(&entry).await?;
    tracing::info!(user.id = %user.id, by = %caller.actor.label(), "user updated");
    Ok(Json(info(User {
        role,
        disabled,
        ..user
    })))
}

/// Whether `caller` may change `user` at all, and `role` fits the user's tenant (or lack of one).
fn check_change(caller: &Caller, user: &User, role: Role) -> Result<(), AppError> {
    if matches!(&caller.actor, Actor::User { id, .. } if *id == user.id) {
        let field = if role == user.role {
            "disabled"
        } else {
            "role"
        };
        return Err(AppError::Invalid {
            field,
            message: "you cannot change your own role or disable yourself; ask another admin"
                .into(),
        });
    }
    match (role, &user.tenant_id) {
        (Role::Operator | Role::Viewer, None) => Err(AppError::Invalid {
            field: "role",
            message: "operators and viewers belong to a tenant, and this user has none".into(),
        }),
        (Role::Admin | Role::Support, Some(_)) => Err(AppError::Invalid {
            field: "role",
            message: "admins and support span every tenant, and this user belongs to one".into(),
        }),
        _ => Ok(()),
    }
}
