//! The fleet across clusters: its event stream, bulk actions, export and import.

use sluice_shared::ApiError;
use sluice_shared::bulk::{BulkRequest, BulkResponse};
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ExportedConnector, ImportApplied, ImportPlan,
};
use web_sys::EventSource;

use super::http::{Method, call_with};

/// `GET /api/v1/fleet/events`: the whole fleet, then what changes, as Server-Sent Events.
pub fn fleet_events() -> Result<EventSource, wasm_bindgen::JsValue> {
    EventSource::new("/api/v1/fleet/events")
}

/// `POST /api/v1/bulk`
pub async fn bulk(req: &BulkRequest) -> Result<BulkResponse, ApiError> {
    call_with(Method::Post, "/api/v1/bulk", req).await
}

/// `POST /api/v1/export`
pub async fn export(req: &ExportRequest) -> Result<ExportDocument, ApiError> {
    call_with(Method::Post, "/api/v1/export", req).await
}

/// `POST /api/v1/import/plan`: the dry run.
pub async fn import_plan(doc: &ExportDocument) -> Result<ImportPlan, ApiError> {
    call_with(Method::Post, "/api/v1/import/plan", doc).await
}

/// `POST /api/v1/import/apply`: one connector.
pub async fn import_apply(c: &ExportedConnector) -> Result<ImportApplied, ApiError> {
    call_with(Method::Post, "/api/v1/import/apply", c).await
}
