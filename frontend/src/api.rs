//! Every HTTP call the UI makes, typed with `sluice_shared` DTOs. Nothing else does HTTP.

use std::collections::BTreeMap;

use gloo_net::http::{Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sluice_shared::admin::{AuditRecord, CreateUser, TenantInfo, UserInfo};
use sluice_shared::api_key::{ApiKeyInfo, CreateApiKey, CreatedApiKey};
use sluice_shared::bulk::{BulkRequest, BulkResponse};
use sluice_shared::catalog::Catalog;
use sluice_shared::history::{ConfigVersion, RollbackRequest};
use sluice_shared::session::{LoginRequest, Me};
use sluice_shared::preflight::{PreflightReport, PreflightRequest, WizardDefaults};
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ExportedConnector, ImportApplied, ImportPlan,
};
use sluice_shared::{
    ActiveTopics, ApiError, ClusterConnectors, ClusterSummary, ConfigInfos, ConfigKeyInfo,
    ConnectorDetail, ConnectorOffsets, CreateConnector, DeleteResult, ErrorCode, OffsetsChanged,
    PluginInfo, RedactedConfig, RestartResult, SlotInfo,
};

/// `GET /api/v1/auth/me`: who is signed in (401 when nobody).
pub async fn me() -> Result<Me, ApiError> {
    get("/api/v1/auth/me").await
}

/// `POST /api/v1/auth/login`
pub async fn login(username: String, password: String) -> Result<Me, ApiError> {
    let body = LoginRequest { username, password };
    let request = Request::post("/api/v1/auth/login")
        .json(&body)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    decode(send(request).await?).await
}

/// `POST /api/v1/auth/logout`, with the session's CSRF token.
pub async fn logout(csrf_token: &str) -> Result<(), ApiError> {
    send_empty("POST", "/api/v1/auth/logout", csrf_token).await
}

/// `GET /api/v1/clusters`
pub async fn clusters() -> Result<Vec<ClusterSummary>, ApiError> {
    get("/api/v1/clusters").await
}

/// `/api/v1/clusters/{cluster}/connectors/{name}` plus `rest`.
fn connector_path(cluster: &str, name: &str, rest: &str) -> String {
    format!(
        "/api/v1/clusters/{}/connectors/{}{rest}",
        encode(cluster),
        encode(name)
    )
}

/// `GET …/connectors/{name}`: header and tasks with whole traces.
pub async fn connector(cluster: &str, name: &str) -> Result<ConnectorDetail, ApiError> {
    get(&connector_path(cluster, name, "")).await
}

/// `GET …/connectors/{name}/config` (secrets redacted).
pub async fn connector_config(cluster: &str, name: &str) -> Result<RedactedConfig, ApiError> {
    get(&connector_path(cluster, name, "/config")).await
}

/// A lifecycle action: `pause`, `resume` or `stop` (PUT), or a restart (POST) with its query.
pub async fn lifecycle(
    cluster: &str,
    name: &str,
    action: &str,
    csrf: &str,
) -> Result<(), ApiError> {
    let path = connector_path(cluster, name, &format!("/{action}"));
    let method = if action.starts_with("restart") || action.starts_with("tasks/") {
        "POST"
    } else {
        "PUT"
    };
    send_empty(method, &path, csrf).await
}

/// `POST …/restart?include_tasks&only_failed`
pub async fn restart(
    cluster: &str,
    name: &str,
    include_tasks: bool,
    only_failed: bool,
    csrf: &str,
) -> Result<RestartResult, ApiError> {
    let path = connector_path(
        cluster,
        name,
        &format!("/restart?include_tasks={include_tasks}&only_failed={only_failed}"),
    );
    send_json::<(), _>("POST", &path, None, csrf).await
}

/// `DELETE …/connectors/{name}[?drop_slot=true]`
pub async fn delete_connector(
    cluster: &str,
    name: &str,
    drop_slot: bool,
    csrf: &str,
) -> Result<DeleteResult, ApiError> {
    let path = connector_path(cluster, name, &format!("?drop_slot={drop_slot}"));
    send_json::<(), _>("DELETE", &path, None, csrf).await
}

/// `GET …/slot`: a Debezium PostgreSQL connector's replication slot.
pub async fn slot(cluster: &str, name: &str) -> Result<SlotInfo, ApiError> {
    get(&connector_path(cluster, name, "/slot")).await
}

/// `PUT …/config` (PUT) or `PATCH …/config` with only the changed keys.
pub async fn save_config(
    cluster: &str,
    name: &str,
    edited: &BTreeMap<String, String>,
    patch: Option<&BTreeMap<String, Option<String>>>,
    csrf: &str,
) -> Result<RedactedConfig, ApiError> {
    let path = connector_path(cluster, name, "/config");
    match patch {
        Some(p) => send_json("PATCH", &path, Some(p), csrf).await,
        None => send_json("PUT", &path, Some(edited), csrf).await,
    }
}

/// `PUT …/config/validate`: Connect's verdict per field (values redacted).
pub async fn validate_config(
    cluster: &str,
    name: &str,
    edited: &BTreeMap<String, String>,
    csrf: &str,
) -> Result<ConfigInfos, ApiError> {
    send_json(
        "PUT",
        &connector_path(cluster, name, "/config/validate"),
        Some(edited),
        csrf,
    )
    .await
}

/// `GET …/config/history`, newest first.
pub async fn config_history(cluster: &str, name: &str) -> Result<Vec<ConfigVersion>, ApiError> {
    get(&connector_path(cluster, name, "/config/history")).await
}

/// `POST …/config/rollback`
pub async fn rollback(
    cluster: &str,
    name: &str,
    version: i64,
    csrf: &str,
) -> Result<RedactedConfig, ApiError> {
    let req = RollbackRequest { version };
    send_json(
        "POST",
        &connector_path(cluster, name, "/config/rollback"),
        Some(&req),
        csrf,
    )
    .await
}

/// `GET /api/v1/clusters/{id}/plugins/{class}/config`: the plugin's config definitions.
pub async fn plugin_config(cluster: &str, class: &str) -> Result<Vec<ConfigKeyInfo>, ApiError> {
    get(&format!(
        "/api/v1/clusters/{}/plugins/{}/config",
        encode(cluster),
        encode(class)
    ))
    .await
}

/// `GET /api/v1/clusters/{id}/plugins`: installed plugins with versions.
pub async fn plugins(cluster: &str) -> Result<Vec<PluginInfo>, ApiError> {
    get(&format!("/api/v1/clusters/{}/plugins", encode(cluster))).await
}

/// `GET /api/v1/clusters/{id}/connectors`: the names in use, for name generation.
pub async fn cluster_connectors(cluster: &str) -> Result<ClusterConnectors, ApiError> {
    get(&format!("/api/v1/clusters/{}/connectors", encode(cluster))).await
}

/// `GET /api/v1/clusters/{id}/wizard`: free server id, Kafka for the schema history.
pub async fn wizard_defaults(cluster: &str) -> Result<WizardDefaults, ApiError> {
    get(&format!("/api/v1/clusters/{}/wizard", encode(cluster))).await
}

/// `POST /api/v1/clusters/{id}/preflight`: the checks against the real database.
pub async fn preflight(
    cluster: &str,
    req: &PreflightRequest,
    csrf: &str,
) -> Result<PreflightReport, ApiError> {
    let path = format!("/api/v1/clusters/{}/preflight", encode(cluster));
    send_json("POST", &path, Some(req), csrf).await
}

/// `POST /api/v1/clusters/{id}/catalog`: tables and columns the user can see.
pub async fn catalog(
    cluster: &str,
    req: &PreflightRequest,
    csrf: &str,
) -> Result<Catalog, ApiError> {
    let path = format!("/api/v1/clusters/{}/catalog", encode(cluster));
    send_json("POST", &path, Some(req), csrf).await
}

/// `POST /api/v1/clusters/{id}/validate`: Connect's verdict on a config before creating it.
pub async fn validate_new(
    cluster: &str,
    config: &BTreeMap<String, String>,
    csrf: &str,
) -> Result<ConfigInfos, ApiError> {
    let path = format!("/api/v1/clusters/{}/validate", encode(cluster));
    send_json("POST", &path, Some(config), csrf).await
}

/// `POST /api/v1/clusters/{id}/connectors`
pub async fn create_connector(
    cluster: &str,
    req: &CreateConnector,
    csrf: &str,
) -> Result<RedactedConfig, ApiError> {
    let path = format!("/api/v1/clusters/{}/connectors", encode(cluster));
    send_json("POST", &path, Some(req), csrf).await
}

/// `POST /api/v1/export`
pub async fn export(req: &ExportRequest, csrf: &str) -> Result<ExportDocument, ApiError> {
    send_json("POST", "/api/v1/export", Some(req), csrf).await
}

/// `POST /api/v1/import/plan`: the dry run.
pub async fn import_plan(doc: &ExportDocument, csrf: &str) -> Result<ImportPlan, ApiError> {
    send_json("POST", "/api/v1/import/plan", Some(doc), csrf).await
}

/// `POST /api/v1/import/apply`: one connector.
pub async fn import_apply(c: &ExportedConnector, csrf: &str) -> Result<ImportApplied, ApiError> {
    send_json("POST", "/api/v1/import/apply", Some(c), csrf).await
}

/// `GET …/offsets`
pub async fn offsets(cluster: &str, name: &str) -> Result<ConnectorOffsets, ApiError> {
    get(&connector_path(cluster, name, "/offsets")).await
}

/// `PATCH …/offsets` (connector must be STOPPED)
pub async fn alter_offsets(
    cluster: &str,
    name: &str,
    offsets: &ConnectorOffsets,
    csrf: &str,
) -> Result<OffsetsChanged, ApiError> {
    send_json(
        "PATCH",
        &connector_path(cluster, name, "/offsets"),
        Some(offsets),
        csrf,
    )
    .await
}

/// `DELETE …/offsets` (connector must be STOPPED)
pub async fn reset_offsets(
    cluster: &str,
    name: &str,
    csrf: &str,
) -> Result<OffsetsChanged, ApiError> {
    send_json::<(), _>(
        "DELETE",
        &connector_path(cluster, name, "/offsets"),
        None,
        csrf,
    )
    .await
}

/// `GET …/topics`
pub async fn topics(cluster: &str, name: &str) -> Result<ActiveTopics, ApiError> {
    get(&connector_path(cluster, name, "/topics")).await
}

/// `PUT …/topics/reset`
pub async fn reset_topics(cluster: &str, name: &str, csrf: &str) -> Result<(), ApiError> {
    send_empty("PUT", &connector_path(cluster, name, "/topics/reset"), csrf).await
}

/// `POST /api/v1/bulk`
pub async fn bulk(req: &BulkRequest, csrf: &str) -> Result<BulkResponse, ApiError> {
    send_json("POST", "/api/v1/bulk", Some(req), csrf).await
}

/// `GET /api/v1/api-keys`
pub async fn api_keys() -> Result<Vec<ApiKeyInfo>, ApiError> {
    get("/api/v1/api-keys").await
}

/// `GET /api/v1/api-keys/{id}`: one key with its per-endpoint usage.
pub async fn api_key(id: &str) -> Result<ApiKeyInfo, ApiError> {
    get(&format!("/api/v1/api-keys/{}", encode(id))).await
}

/// `POST /api/v1/api-keys`: the answer holds the key, shown this once.
pub async fn create_api_key(req: &CreateApiKey, csrf: &str) -> Result<CreatedApiKey, ApiError> {
    send_json("POST", "/api/v1/api-keys", Some(req), csrf).await
}

/// `DELETE /api/v1/api-keys/{id}`
pub async fn revoke_api_key(id: &str, csrf: &str) -> Result<(), ApiError> {
    send_empty("DELETE", &format!("/api/v1/api-keys/{}", encode(id)), csrf).await
}

/// `GET /api/v1/audit?…` with the filters already encoded.
pub async fn audit(query: &str) -> Result<Vec<AuditRecord>, ApiError> {
    get(&format!("/api/v1/audit?{query}")).await
}

/// `GET /api/v1/users`
pub async fn users() -> Result<Vec<UserInfo>, ApiError> {
    get("/api/v1/users").await
}

/// `POST /api/v1/users`
pub async fn create_user(req: &CreateUser, csrf: &str) -> Result<UserInfo, ApiError> {
    send_json("POST", "/api/v1/users", Some(req), csrf).await
}

/// `GET /api/v1/tenants`
pub async fn tenants() -> Result<Vec<TenantInfo>, ApiError> {
    get("/api/v1/tenants").await
}

/// `POST /api/v1/tenants`
pub async fn create_tenant(req: &TenantInfo, csrf: &str) -> Result<TenantInfo, ApiError> {
    send_json("POST", "/api/v1/tenants", Some(req), csrf).await
}

/// Query-string encoding of filter pairs, skipping empty values.
pub fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// A state-changing request with a JSON body and the session's CSRF token.
async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
    csrf: &str,
) -> Result<T, ApiError> {
    let builder = match method {
        "POST" => Request::post(path),
        "PUT" => Request::put(path),
        "PATCH" => Request::patch(path),
        _ => Request::delete(path),
    }
    .header("x-csrf-token", csrf);
    let request = match body {
        Some(b) => builder.json(b),
        None => builder.build(),
    }
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    decode(send(request).await?).await
}

/// A state-changing request whose answer has no body worth reading (202/204).
async fn send_empty(method: &str, path: &str, csrf: &str) -> Result<(), ApiError> {
    let builder = match method {
        "POST" => Request::post(path),
        "PUT" => Request::put(path),
        _ => Request::delete(path),
    };
    let request = builder
        .header("x-csrf-token", csrf)
        .build()
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    let response = send(request).await?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let request = Request::get(path)
        .header("accept", "application/json")
        .build()
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    decode(send(request).await?).await
}

async fn send(request: Request) -> Result<Response, ApiError> {
    request.send().await.map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Sluice's server is unreachable: {e}"),
        )
    })
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json().await.map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("unreadable answer from Sluice: {e}"),
            )
        });
    }
    let status = response.status();
    Err(response.json::<ApiError>().await.unwrap_or_else(|_| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Sluice answered HTTP {status}"),
        )
    }))
}

fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}
