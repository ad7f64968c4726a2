//! Dead-letter queues: found in sink configs, measured from watermarks, read newest first by
//! seeking (never by reading the topic from its start), decoded and masked for the caller.

use std::collections::BTreeMap;
use std::sync::Arc;

use sluice_shared::dlq::{
    Cursor, DlqDefinition, DlqFilter, DlqGroups, DlqList, DlqPage, DlqStatus, DlqSummary, Growth,
    IgnoredDlq, Sample, depth, dlq_of, group_by_error, growth, next_page,
};
use sluice_shared::masking::Mask;
use sluice_shared::policy::{Action, Resource, Role};
use sluice_shared::records::{KafkaState, MAX_SHOWN_BYTES, RawRecord, Record, SHOWN_BYTES};
use sluice_shared::{ConnectorType, policy::Principal};

use crate::auth::Caller;
use crate::clock::now_ms;
use crate::clusters::Cluster;
use crate::error::AppError;
use crate::kafka::{Kafka, KafkaError};
use crate::service::target::Target;
use crate::state::AppState;

/// Records a filtered page reads at most before answering with what it found.
pub const FILTER_BUDGET: u64 = 10_000;
/// Records the grouping reads, newest first.
pub const GROUP_SCAN: i64 = 10_000;
pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 500;

/// A sink's DLQ and whose connector it is.
#[derive(Debug, Clone)]
pub struct Queue {
    pub connector: String,
    pub owner: Option<String>,
    pub definition: DlqDefinition,
}

/// Every DLQ on a cluster (sinks), and sources whose DLQ settings Connect ignores, each with
/// its owner. One `GET /connectors?expand=info` for the whole cluster.
pub async fn discover(
    state: &AppState,
    cluster: &Cluster,
) -> Result<(Vec<Queue>, Vec<(String, Option<String>, String)>), AppError> {
    let expanded = cluster
        .client
        .connectors_expanded()
        .await
        .map_err(AppError::connect(&cluster.id))?;
    let owners = state.store.owners(cluster.id.as_str()).await?;
    let mut queues = Vec::new();
    let mut ignored = Vec::new();
    for (name, e) in expanded {
        let Some(info) = e.info else { continue };
        let owner = owners.get(&name).cloned();
        match dlq_of(&info.config, info.connector_type == ConnectorType::Sink) {
            DlqStatus::Defined(definition) => queues.push(Queue {
                connector: name,
                owner,
                definition,
            }),
            DlqStatus::IgnoredOnSource { topic } => ignored.push((name, owner, topic)),
            DlqStatus::None => {}
        }
    }
    Ok((queues, ignored))
}

/// A DLQ's watermarks and what they say.
#[derive(Debug, Clone, Default)]
pub struct Depth {
    pub exists: bool,
    pub marks: crate::kafka::Marks,
    pub depth: u64,
    pub written: u64,
    pub newest_ms: Option<i64>,
}

/// Measures a queue: watermarks, and the newest record's time (one record per partition).
pub async fn measure(kafka: &Arc<Kafka>, topic: &str) -> Result<Depth, KafkaError> {
    let topic = topic.to_owned();
    kafka
        .run(move |k| {
            let Some(marks) = k.watermarks(&topic)? else {
                return Ok(Depth::default());
            };
            let last: Vec<(i32, i64, i64)> = marks
                .iter()
                .filter(|(_, low, high)| high > low)
                .map(|&(p, _, high)| (p, high - 1, high))
                .collect();
            let newest_ms = k
                .read(&topic, &last)?
                .iter()
                .filter_map(|r| r.timestamp_ms)
                .max();
            Ok(Depth {
                exists: true,
                depth: depth(marks.iter().map(|&(_, l, h)| (l, h))),
                written: marks
                    .iter()
                    .map(|&(_, _, h)| u64::try_from(h).unwrap_or(0))
                    .sum(),
                marks,
                newest_ms,
            })
        })
        .await
}

/// A DLQ's depth and growth: what the health and alerting work reads.
#[derive(Debug, Clone)]
pub struct QueueHealth {
    pub queue: Queue,
    pub depth: Depth,
    pub growth: Growth,
}

/// Measures every DLQ of a cluster and stores a sample of each (at most one per sampling
/// interval), answering depth and growth. Stops at the first Kafka failure: the same broker
/// would fail the rest the same way, each after the timeout.
pub async fn health(
    state: &AppState,
    cluster: &Cluster,
    queues: Vec<Queue>,
) -> Result<Vec<QueueHealth>, KafkaError> {
    let kafka = cluster.kafka()?;
    let mut measured: BTreeMap<String, Depth> = BTreeMap::new();
    let mut out = Vec::with_capacity(queues.len());
    for queue in queues {
        let topic = queue.definition.topic.clone();
        let depth = match measured.get(&topic) {
            Some(d) => d.clone(),
            None => {
                let d = measure(kafka, &topic).await?;
                measured.insert(topic.clone(), d.clone());
                d
            }
        };
        let growth = sampled_growth(state, cluster, kafka, &topic, &depth).await;
        out.push(QueueHealth {
            queue,
            depth,
            growth,
        });
    }
    Ok(out)
}

/// Growth from the stored samples and this measurement, storing it when the newest stored
/// sample is older than the sampling interval. A database failure costs the growth figures,
/// not the list.
async fn sampled_growth(
    state: &AppState,
    cluster: &Cluster,
    kafka: &Kafka,
    topic: &str,
    depth: &Depth,
) -> Growth {
    let now = Sample {
        at_ms: now_ms(),
        depth: depth.depth,
        written: depth.written,
    };
    let mut samples = match state.store.dlq_samples(cluster.id.as_str(), topic).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(cluster.id = %cluster.id, topic, error = %e, "DLQ samples unreadable");
            return Growth::default();
        }
    };
    let interval = i64::try_from(kafka.sample_interval.as_millis()).unwrap_or(i64::MAX);
    let due = samples
        .last()
        .is_none_or(|s| now.at_ms - s.at_ms >= interval);
    if depth.exists
        && due
        && let Err(e) = state
            .store
            .add_dlq_sample(cluster.id.as_str(), topic, now)
            .await
    {
        tracing::warn!(cluster.id = %cluster.id, topic, error = %e, "DLQ sample not stored");
    }
    samples.push(now);
    growth(&samples)
}

/// `GET /clusters/{cluster}/dlqs`: the DLQs of connectors the caller may see.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    cluster: &Cluster,
) -> Result<DlqList, AppError> {
    let (queues, ignored) = discover(state, cluster).await?;
    let sees = |owner: &Option<String>| {
        caller.principal.may(
            Action::ReadConnector,
            &Resource::Connector {
                owner: owner.clone(),
            },
        )
    };
    let queues: Vec<Queue> = queues.into_iter().filter(|q| sees(&q.owner)).collect();
    let summary = |q: &Queue, d: Option<&Depth>, growth: Growth| DlqSummary {
        connector: q.connector.clone(),
        topic: q.definition.topic.clone(),
        tenant: q.owner.clone(),
        context_headers: q.definition.context_headers,
        tolerates_errors: q.definition.tolerates_errors,
        exists: d.is_some_and(|d| d.exists),
        depth: d.map(|d| d.depth),
        newest_ms: d.and_then(|d| d.newest_ms),
        growth,
    };
    let (kafka, dlqs) = if cluster.kafka.is_none() {
        let dlqs = queues
            .iter()
            .map(|q| summary(q, None, Growth::default()))
            .collect();
        (KafkaState::NotConfigured, dlqs)
    } else {
        match health(state, cluster, queues.clone()).await {
            Ok(measured) => (
                KafkaState::Reachable,
                measured
                    .iter()
                    .map(|h| summary(&h.queue, Some(&h.depth), h.growth))
                    .collect(),
            ),
            Err(e) => (
                KafkaState::Unreachable {
                    message: e.to_string(),
                },
                queues
                    .iter()
                    .map(|q| summary(q, None, Growth::default()))
                    .collect(),
            ),
        }
    };
    Ok(DlqList {
        kafka,
        dlqs,
        ignored: ignored
            .into_iter()
            .filter(|(_, owner, _)| sees(owner))
            .map(|(connector, _, topic)| IgnoredDlq { connector, topic })
            .collect(),
    })
}

/// The DLQ of the connector a request names, or 404 when it has none.
pub async fn queue_of(target: &Target) -> Result<DlqDefinition, AppError> {
    let config = target.stored_config().await?;
    let class = config.get("connector.class").map_or("", String::as_str);
    let is_sink = target.cluster.direction(class).await == sluice_shared::tenancy::Direction::Sink;
    match dlq_of(&config, is_sink) {
        DlqStatus::Defined(d) => Ok(d),
        DlqStatus::IgnoredOnSource { .. } => Err(AppError::Invalid {
            field: "name",
            message: format!(
                "`{}` is a source: Connect ignores DLQ settings on source connectors, so it has \
                 no dead-letter queue",
                target.name
            ),
        }),
        DlqStatus::None => Err(AppError::NotFound("dead-letter queue")),
    }
}

/// What the caller sees of a connector's records: admins everything, everyone else the owning
/// tenant's masked fields hidden.
pub async fn mask_for(
    state: &AppState,
    principal: &Principal,
    owner: Option<&str>,
) -> Result<Mask, AppError> {
    if principal.role == Role::Admin {
        return Ok(Mask::default());
    }
    let Some(owner) = owner else {
        return Ok(Mask::default());
    };
    Ok(state
        .store
        .tenant(owner)
        .await?
        .map(|t| t.mask())
        .unwrap_or_default())
}

/// Where to read and what to keep, from the query string.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub size: Option<i64>,
    pub until_ms: Option<i64>,
    pub exception: Option<String>,
    pub message: Option<String>,
    pub topic: Option<String>,
    pub text: Option<String>,
}

impl PageQuery {
    fn filter(&self) -> DlqFilter {
        DlqFilter {
            exception: self.exception.clone(),
            message: self.message.clone(),
            topic: self.topic.clone(),
            text: self.text.clone(),
        }
    }
}

/// `(partition, from, until)` ranges of a page's reads.
fn ranges(reads: &[sluice_shared::dlq::Read]) -> Vec<(i32, i64, i64)> {
    reads
        .iter()
        .map(|r| (r.partition, r.first, r.first + r.count))
        .collect()
}

/// Newest first: by time, then by offset.
fn newest_first(records: &mut [Record]) {
    records.sort_by(|a, b| {
        b.timestamp_ms
            .cmp(&a.timestamp_ms)
            .then(b.offset.cmp(&a.offset))
            .then(a.partition.cmp(&b.partition))
    });
}

/// One page of a DLQ, newest first, from the cursor or the time asked.
pub async fn page(
    kafka: &Arc<Kafka>,
    topic: &str,
    query: PageQuery,
    mask: Mask,
) -> Result<DlqPage, AppError> {
    let size = query.size.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&size) {
        return Err(AppError::Invalid {
            field: "size",
            message: format!("a page holds 1 to {MAX_PAGE} records"),
        });
    }
    let cursor = match &query.cursor {
        Some(token) => Some(Cursor::from_token(token).ok_or(AppError::Invalid {
            field: "cursor",
            message: "not a cursor this console gave out".into(),
        })?),
        None => None,
    };
    let topic = topic.to_owned();
    let page = kafka
        .run(move |k| {
            let Some(marks) = k.watermarks(&topic)? else {
                return Ok(DlqPage {
                    records: Vec::new(),
                    next: None,
                    scanned: 0,
                    budget_spent: false,
                    depth: 0,
                });
            };
            let mut cursor = match (cursor, query.until_ms) {
                (Some(c), _) => c,
                (None, Some(at)) => Cursor {
                    ends: k.offsets_at(&topic, &marks, at)?,
                },
                (None, None) => Cursor::default(),
            };
            let filter = query.filter();
            let filtered = !filter.is_empty();
            let mut records = Vec::new();
            let mut scanned = 0_u64;
            let mut next;
            loop {
                let (reads, after) = next_page(&marks, &cursor, size);
                next = after;
                for raw in k.read(&topic, &ranges(&reads))? {
                    scanned += 1;
                    let shown = raw.show(SHOWN_BYTES, &mask);
                    if filter.matches(&shown) {
                        records.push(shown);
                    }
                }
                // An unfiltered page is one read; a filtered one reads on until it is full,
                // the queue ends or the budget is spent (then `next` goes on from there).
                let full = i64::try_from(records.len()).unwrap_or(i64::MAX) >= size;
                match &next {
                    Some(c) if filtered && !full && scanned < FILTER_BUDGET => cursor = c.clone(),
                    _ => break,
                }
            }
            newest_first(&mut records);
            let budget_spent = filtered
                && next.is_some()
                && i64::try_from(records.len()).unwrap_or(i64::MAX) < size;
            Ok(DlqPage {
                records,
                next: next.map(|c| c.to_token()),
                scanned,
                budget_spent,
                depth: depth(marks.iter().map(|&(_, l, h)| (l, h))),
            })
        })
        .await?;
    Ok(page)
}

/// One record uncut (the "show all" of a truncated payload).
pub async fn record(
    kafka: &Arc<Kafka>,
    topic: &str,
    partition: i32,
    offset: i64,
    mask: Mask,
) -> Result<Record, AppError> {
    let topic = topic.to_owned();
    let found: Option<RawRecord> = kafka
        .run(move |k| {
            let Some(marks) = k.watermarks(&topic)? else {
                return Ok(None);
            };
            let held = marks
                .iter()
                .any(|&(p, low, high)| p == partition && (low..high).contains(&offset));
            if !held {
                return Ok(None);
            }
            Ok(k.read(&topic, &[(partition, offset, offset + 1)])?
                .into_iter()
                .find(|r| r.offset == offset))
        })
        .await?;
    found
        .map(|r| r.show(MAX_SHOWN_BYTES, &mask))
        .ok_or(AppError::Kafka(KafkaError::NoRecord { partition, offset }))
}

/// The newest records grouped by what went wrong.
pub async fn groups(kafka: &Arc<Kafka>, topic: &str) -> Result<DlqGroups, AppError> {
    let topic = topic.to_owned();
    Ok(kafka
        .run(move |k| {
            let Some(marks) = k.watermarks(&topic)? else {
                return Ok(DlqGroups {
                    groups: Vec::new(),
                    scanned: 0,
                    complete: true,
                });
            };
            let (reads, next) = next_page(&marks, &Cursor::default(), GROUP_SCAN);
            let contexts: Vec<(i64, Option<_>)> = k
                .read(&topic, &ranges(&reads))?
                .iter()
                .map(|r| (r.offset, r.error_context()))
                .collect();
            Ok(DlqGroups {
                groups: group_by_error(contexts.iter().map(|(o, c)| (*o, c.as_ref()))),
                scanned: contexts.len() as u64,
                complete: next.is_none(),
            })
        })
        .await?)
}
