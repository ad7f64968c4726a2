//! `/api/v1/users`: console users. Admins only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use sluice_shared::admin::{CreateUser, ResetPassword, UpdateUser, UserInfo, password_problem};
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
        .delete("/users/{id}", delete_user)
        .post("/users/{id}/password", reset_password)
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
    new_password_fits("password", &req.password)?;
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
    let mut entry = caller.audit("create_user");
    entry.tenant_id = req.tenant.clone();
    entry.detail = Some(serde_json::json!({"username": username, "role": req.role}).to_string());
    let user = state
        .store
        .audited(
            &mut entry,
            state
                .store
                .create_user(username, &hash, req.role, req.tenant.as_deref()),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(info(user))))
}

/// Changes a user's role, tenant or disabled flag. Refuses to leave the console without an
/// enabled admin (409) and a caller's change of their own account (400). A change takes effect
/// on the user's next request: sessions and keys are read against the user each time.
async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<UpdateUser>,
) -> Result<Json<UserInfo>, AppError> {
    caller.require(Action::ManageUsers, &Resource::Console)?;
    let user = found(&state, &id).await?;
    let role = req.role.unwrap_or(user.role);
    // Console-wide roles have no tenant; tenant roles keep theirs unless given another.
    let tenant = match role {
        Role::Admin | Role::Support => None,
        Role::Operator | Role::Viewer => req.tenant.clone().or_else(|| user.tenant_id.clone()),
    };
    let disabled = req.disabled.unwrap_or(user.disabled);
    if (role, &tenant, disabled) == (user.role, &user.tenant_id, user.disabled) {
        return Ok(Json(info(user)));
    }
    not_yourself(&caller, &user, "role")?;
    match (role, &tenant, &req.tenant) {
        (Role::Admin | Role::Support, _, Some(_)) => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: "admins and support span every tenant; leave the tenant empty".into(),
            });
        }
        (Role::Operator | Role::Viewer, None, _) => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: "operators and viewers belong to a tenant: choose one".into(),
            });
        }
        (_, Some(t), _) if state.store.tenant(t).await?.is_none() => {
            return Err(AppError::Invalid {
                field: "tenant",
                message: format!("no tenant `{t}`"),
            });
        }
        _ => {}
    }
    let mut detail = json!({"username": user.username});
    if role != user.role {
        detail["role"] = json!({"from": user.role, "to": role});
    }
    if tenant != user.tenant_id {
        detail["tenant"] = json!({"from": user.tenant_id, "to": tenant});
    }
    if disabled != user.disabled {
        detail["disabled"] = json!({"from": user.disabled, "to": disabled});
    }
    let mut entry = caller.audit("update_user");
    // Under the tenant they were in (a move shows in the trail of the tenant they left), or
    // for a console-wide user made a tenant's, the one they joined.
    entry.tenant_id = user.tenant_id.clone().or_else(|| tenant.clone());
    entry.detail = Some(detail.to_string());
    let change = async {
        if !state
            .store
            .update_user(&user.id, role, tenant.as_deref(), disabled)
            .await?
        {
            return Err(AppError::LastAdmin(user.username.clone()));
        }
        if disabled && !user.disabled {
            // The caller extractor refuses a disabled user's cookie anyway; this ends it for
            // good.
            state.store.delete_user_sessions(&user.id).await?;
        }
        Ok(())
    };
    state.store.audited(&mut entry, change).await?;
    tracing::info!(user.id = %user.id, by = %caller.actor.label(), "user updated");
    Ok(Json(info(User {
        role,
        tenant_id: tenant,
        disabled,
        ..user
    })))
}

/// Deletes a user: their sessions end and the API keys they made stop working (a key stands
/// on its owner). Their audit trail stays, under their name.
async fn delete_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    caller.require(Action::ManageUsers, &Resource::Console)?;
    let user = found(&state, &id).await?;
    not_yourself(&caller, &user, "user")?;
    let mut entry = caller.audit("delete_user");
    entry.tenant_id = user.tenant_id.clone();
    entry.detail = Some(json!({"username": user.username, "role": user.role}).to_string());
    let change = async {
        if !state.store.delete_user(&user.id).await? {
            return Err(AppError::LastAdmin(user.username.clone()));
        }
        Ok(())
    };
    state.store.audited(&mut entry, change).await?;
    tracing::info!(user.id = %user.id, by = %caller.actor.label(), "user deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a new password for a user who lost theirs and ends their sessions. Audited without
/// the password. One's own password is changed under `/auth/password`, with the current one.
async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ResetPassword>,
) -> Result<StatusCode, AppError> {
    caller.require(Action::ManageUsers, &Resource::Console)?;
    let user = found(&state, &id).await?;
    if matches!(&caller.actor, Actor::User { id, .. } if *id == user.id) {
        return Err(AppError::Invalid {
            field: "password",
            message: "change your own password from your name at the top, with your current one"
                .into(),
        });
    }
    new_password_fits("password", &req.password)?;
    let hash = password::hash(req.password).await?;
    let mut entry = caller.audit("reset_password");
    entry.tenant_id = user.tenant_id.clone();
    entry.detail = Some(json!({"username": user.username}).to_string());
    // Pending first, settled with how many sessions ended (see `Store::audited`).
    state.store.intend_audit(&entry).await?;
    state.store.set_password_hash(&user.id, &hash).await?;
    let ended = state.store.delete_user_sessions(&user.id).await?;
    entry.detail = Some(json!({"username": user.username, "sessions_ended": ended}).to_string());
    state.store.append_audit(&entry).await?;
    tracing::info!(user.id = %user.id, by = %caller.actor.label(), "password reset");
    Ok(StatusCode::NO_CONTENT)
}

async fn found(state: &AppState, id: &str) -> Result<User, AppError> {
    state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::NotFound("user"))
}

/// Admins change other people: one who demotes, moves, disables or deletes themselves could
/// lock themselves out by a slip. Another admin can.
fn not_yourself(caller: &Caller, user: &User, field: &'static str) -> Result<(), AppError> {
    if matches!(&caller.actor, Actor::User { id, .. } if *id == user.id) {
        return Err(AppError::Invalid {
            field,
            message: "you cannot change your own role, tenant or account; ask another admin".into(),
        });
    }
    Ok(())
}

/// Refuses a new password that is too short, naming the form's `field`.
pub(super) fn new_password_fits(field: &'static str, password: &str) -> Result<(), AppError> {
    match password_problem(password) {
        Some(message) => Err(AppError::Invalid { field, message }),
        None => Ok(()),
    }
}
