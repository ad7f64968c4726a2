//! A connector's change events: the newest records of its topics, and a live tail.

use sluice_shared::ApiError;
use sluice_shared::change_event::EventPage;
use web_sys::EventSource;

use super::connectors::connector_path;
use super::http::get;

/// `GET …/connectors/{name}/events?limit=N`, newest first.
pub async fn events(cluster: &str, name: &str, limit: usize) -> Result<EventPage, ApiError> {
    get(&connector_path(
        cluster,
        name,
        &format!("/events?limit={limit}"),
    ))
    .await
}

/// `GET …/connectors/{name}/events/tail`: `record` events as records arrive, an `error` event
/// (the API error envelope) when Kafka fails.
pub fn events_tail(cluster: &str, name: &str) -> Result<EventSource, wasm_bindgen::JsValue> {
    EventSource::new(&connector_path(cluster, name, "/events/tail"))
}
