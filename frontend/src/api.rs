//! Every HTTP call the UI makes, typed with `sluice_shared` DTOs. Nothing else does HTTP.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use sluice_shared::{ApiError, ClusterConnectors, ClusterSummary, ErrorCode};

/// `GET /api/v1/clusters`
pub async fn clusters() -> Result<Vec<ClusterSummary>, ApiError> {
    get("/api/v1/clusters").await
}

/// `GET /api/v1/clusters/{id}/connectors`
pub async fn connectors(cluster: &str) -> Result<ClusterConnectors, ApiError> {
    get(&format!("/api/v1/clusters/{}/connectors", encode(cluster))).await
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = Request::get(path)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("Sluice's server is unreachable: {e}"),
            )
        })?;
    decode(response).await
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
