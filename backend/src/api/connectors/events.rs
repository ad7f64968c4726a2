//! The change-event viewer: a connector's newest records, and a live tail over SSE.

use std::convert::Infallible;

use axum::Json;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use sluice_shared::change_event::EventPage;
use sluice_shared::records::KafkaState;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

use super::authorized::{Authorized, Payloads};
use crate::api::extract::Query;
use crate::api::routes::Routes;
use crate::error::AppError;
use crate::service::{dlq, events};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/connectors/{name}/events", latest)
        .get("/clusters/{cluster}/connectors/{name}/events/tail", tail)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Limit {
    limit: Option<usize>,
}

async fn latest(
    State(state): State<AppState>,
    a: Authorized<Payloads>,
    Query(q): Query<Limit>,
) -> Result<Json<EventPage>, AppError> {
    let topics = events::topics(&state, &a.caller, &a.target).await?;
    let Ok(kafka) = a.target.cluster.kafka() else {
        return Ok(Json(EventPage {
            kafka: KafkaState::NotConfigured,
            topics,
            records: Vec::new(),
        }));
    };
    let mask = dlq::mask_for(&state, &a.caller.principal, a.target.owner.as_deref()).await?;
    let limit = q.limit.unwrap_or(events::DEFAULT_LIMIT);
    Ok(Json(events::latest(kafka, topics, limit, mask).await?))
}

/// A `ready` event once every partition is followed from its end, then `record` events with a
/// shown record each; an `error` event (the API error envelope) when
/// Kafka fails, then the stream ends.
async fn tail(
    State(state): State<AppState>,
    a: Authorized<Payloads>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let topics = events::topics(&state, &a.caller, &a.target).await?;
    let mask = dlq::mask_for(&state, &a.caller.principal, a.target.owner.as_deref()).await?;
    // Kafka not configured is said in the stream: a browser's EventSource cannot read the body
    // of a refused stream.
    let items = match a.target.cluster.kafka() {
        Ok(kafka) => events::tail(kafka.clone(), topics, mask),
        Err(e) => {
            let (tx, rx) = tokio::sync::mpsc::channel(1);
            let _ = tx.try_send(Err(e));
            rx
        }
    };
    let stream = ReceiverStream::new(items).map(|item| {
        let event = match item {
            // The positions are fixed: whatever is written from now on will be sent.
            Ok(events::Tailed::Ready) => Ok(Event::default().event("ready").data("{}")),
            Ok(events::Tailed::Record(record)) => {
                Event::default().event("record").json_data(record)
            }
            Err(e) => Event::default()
                .event("error")
                .json_data(AppError::Kafka(e).status_and_body().1),
        };
        Ok(event.unwrap_or_else(|_| Event::default().event("error").data("{}")))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
