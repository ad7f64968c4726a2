//! The change-event viewer: the newest records of a connector's topics, read by seeking back
//! from each partition's end, and a live tail of new ones.

use std::sync::Arc;
use std::time::Duration;

use sluice_shared::change_event::EventPage;
use sluice_shared::dlq::{Cursor, next_page};
use sluice_shared::masking::Mask;
use sluice_shared::policy::Role;
use sluice_shared::records::{KafkaState, Record, SHOWN_BYTES};
use tokio::sync::mpsc;

use crate::auth::Caller;
use crate::error::AppError;
use crate::kafka::{Kafka, KafkaError, Scan};
use crate::service::target::Target;
use crate::state::AppState;

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;
/// Topics read for one page: a connector capturing more tables shows the newest of these.
const MAX_TOPICS: usize = 100;
/// A tail ends after this; the UI offers to start it again.
pub const TAIL_FOR: Duration = Duration::from_secs(30 * 60);

/// The connector's topics as Connect tracks them, kept to the owner's namespace for tenant
/// callers (the topic guard stops connectors that leave it; this keeps a stray topic's records
/// from being shown meanwhile).
pub async fn topics(
    state: &AppState,
    caller: &Caller,
    target: &Target,
) -> Result<Vec<String>, AppError> {
    let mut topics = target
        .cluster
        .client
        .connector_topics(&target.name)
        .await
        .map_err(target.connect_error())?;
    if caller.principal.role != Role::Admin
        && let Some(owner) = &target.owner
        && let Some(tenant) = state.store.tenant(owner).await?
    {
        let ns = tenant.namespace();
        topics.retain(|t| ns.holds_topic(t));
    }
    topics.sort();
    topics.truncate(MAX_TOPICS);
    Ok(topics)
}

/// The newest `limit` records over `topics`, newest first.
pub async fn latest(
    kafka: &Arc<Kafka>,
    topics: Vec<String>,
    limit: usize,
    mask: Mask,
) -> Result<EventPage, AppError> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::Invalid {
            field: "limit",
            message: format!("show 1 to {MAX_LIMIT} records"),
        });
    }
    let read = topics.clone();
    let result = kafka
        .run(move |k| {
            let mut records: Vec<Record> = Vec::new();
            for topic in &read {
                let Some(marks) = k.watermarks(topic)? else {
                    continue;
                };
                let (reads, _) = next_page(&marks, &Cursor::default(), limit as i64);
                let ranges: Vec<(i32, i64, i64)> = reads
                    .iter()
                    .map(|r| (r.partition, r.first, r.first + r.count))
                    .collect();
                records.extend(
                    k.read(topic, &ranges)?
                        .iter()
                        .map(|r| r.show(SHOWN_BYTES, &mask)),
                );
            }
            records.sort_by(|a, b| {
                b.timestamp_ms
                    .cmp(&a.timestamp_ms)
                    .then(b.offset.cmp(&a.offset))
            });
            records.truncate(limit);
            Ok(records)
        })
        .await;
    match result {
        Ok(records) => Ok(EventPage {
            kafka: KafkaState::Reachable,
            topics,
            records,
        }),
        Err(e @ (KafkaError::Unreachable { .. } | KafkaError::Refused(_))) => Ok(EventPage {
            kafka: KafkaState::Unreachable {
                message: e.to_string(),
            },
            topics,
            records: Vec::new(),
        }),
        Err(e) => Err(e.into()),
    }
}

/// What the tail sends: first that it follows every partition from its end, then records.
pub enum Tailed {
    Ready,
    /// Boxed: a record is large and `Ready` is not.
    Record(Box<Record>),
}

/// New records of `topics` as they arrive, until the receiver is dropped or [`TAIL_FOR`]
/// passes; a Kafka failure arrives as the last item.
pub fn tail(
    kafka: Arc<Kafka>,
    topics: Vec<String>,
    mask: Mask,
) -> mpsc::Receiver<Result<Tailed, KafkaError>> {
    let (tx, rx) = mpsc::channel(256);
    tokio::task::spawn_blocking(move || {
        let ready = tx.clone();
        let result = kafka.tail(
            &topics,
            TAIL_FOR,
            move || {
                let _ = ready.blocking_send(Ok(Tailed::Ready));
            },
            |record| {
                if tx.is_closed() {
                    return Scan::Stop;
                }
                match record {
                    Some(r)
                        if tx
                            .blocking_send(Ok(Tailed::Record(Box::new(r.show(SHOWN_BYTES, &mask)))))
                            .is_err() =>
                    {
                        Scan::Stop
                    }
                    _ => Scan::More,
                }
            },
        );
        if let Err(e) = result {
            let _ = tx.blocking_send(Err(e));
        }
    });
    rx
}
