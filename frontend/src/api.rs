//! Every HTTP call the UI makes, typed with `sluice_shared` DTOs. Nothing else does HTTP.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use sluice_shared::policy::{LoginRequest, Me};
use sluice_shared::{ApiError, ClusterConnectors, ClusterSummary, ErrorCode};

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
    let response = send(
        Request::post("/api/v1/auth/logout")
            .header("x-csrf-token", csrf_token)
            .build()
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?,
    )
    .await?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}

/// `GET /api/v1/clusters`
pub async fn clusters() -> Result<Vec<ClusterSummary>, ApiError> {
    get("/api/v1/clusters").await
}

/// `GET /api/v1/clusters/{id}/connectors`
pub async fn connectors(cluster: &str) -> Result<ClusterConnectors, ApiError> {
    get(&format!("/api/v1/clusters/{}/connectors", encode(cluster))).await
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
