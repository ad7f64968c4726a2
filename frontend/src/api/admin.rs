//! API keys, users, tenants and the audit log.

use sluice_shared::ApiError;
use sluice_shared::admin::{
    AuditRecord, ChangePassword, CreateUser, ResetPassword, TenantInfo, UpdateTenant, UpdateUser,
    UserInfo,
};
use sluice_shared::api_key::{ApiKeyInfo, CreateApiKey, CreatedApiKey};

use super::http::{Method, call_empty, call_with, call_with_empty, encode, get};

/// `GET /api/v1/api-keys`
pub async fn api_keys() -> Result<Vec<ApiKeyInfo>, ApiError> {
    get("/api/v1/api-keys").await
}

/// `GET /api/v1/api-keys/{id}`: one key with its per-endpoint usage.
pub async fn api_key(id: &str) -> Result<ApiKeyInfo, ApiError> {
    get(&format!("/api/v1/api-keys/{}", encode(id))).await
}

/// `POST /api/v1/api-keys`: the answer holds the key, shown this once.
pub async fn create_api_key(req: &CreateApiKey) -> Result<CreatedApiKey, ApiError> {
    call_with(Method::Post, "/api/v1/api-keys", req).await
}

/// `DELETE /api/v1/api-keys/{id}`
pub async fn revoke_api_key(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/v1/api-keys/{}", encode(id))).await
}

/// `GET /api/v1/audit?…` with the filters already encoded.
pub async fn audit(query: &str) -> Result<Vec<AuditRecord>, ApiError> {
    get(&format!("/api/v1/audit?{query}")).await
}

/// The audit log as JSON lines, for a download link (the browser fetches it).
pub fn audit_export_href(query: &str) -> String {
    format!("/api/v1/audit?format=jsonl&{query}")
}

/// `GET /api/v1/users`
pub async fn users() -> Result<Vec<UserInfo>, ApiError> {
    get("/api/v1/users").await
}

/// `POST /api/v1/users`
pub async fn create_user(req: &CreateUser) -> Result<UserInfo, ApiError> {
    call_with(Method::Post, "/api/v1/users", req).await
}

/// `PATCH /api/v1/users/{id}`: a new role, or disabled / enabled again.
pub async fn update_user(id: &str, change: &UpdateUser) -> Result<UserInfo, ApiError> {
    call_with(
        Method::Patch,
        &format!("/api/v1/users/{}", encode(id)),
        change,
    )
    .await
}

/// `DELETE /api/v1/users/{id}`
pub async fn delete_user(id: &str) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/v1/users/{}", encode(id))).await
}

/// `POST /api/v1/users/{id}/password`: an admin sets someone's new password.
pub async fn reset_password(id: &str, req: &ResetPassword) -> Result<(), ApiError> {
    call_with_empty(
        Method::Post,
        &format!("/api/v1/users/{}/password", encode(id)),
        req,
    )
    .await
}

/// `POST /api/v1/auth/password`: the signed-in user's own password.
pub async fn change_password(req: &ChangePassword) -> Result<(), ApiError> {
    call_with_empty(Method::Post, "/api/v1/auth/password", req).await
}

/// `GET /api/v1/tenants`
pub async fn tenants() -> Result<Vec<TenantInfo>, ApiError> {
    get("/api/v1/tenants").await
}

/// `POST /api/v1/tenants`
pub async fn create_tenant(req: &TenantInfo) -> Result<TenantInfo, ApiError> {
    call_with(Method::Post, "/api/v1/tenants", req).await
}

/// `PATCH /api/v1/tenants/{id}`: allowed classes or masked fields (only what is given changes).
pub async fn update_tenant(id: &str, change: &UpdateTenant) -> Result<TenantInfo, ApiError> {
    call_with(
        Method::Patch,
        &format!("/api/v1/tenants/{}", encode(id)),
        change,
    )
    .await
}
