//! Redrive: dead-letter records sent back to the topic they came from (or one the caller
//! chooses inside the tenant's namespace), key, value and headers kept, Connect's error headers
//! removed, a header naming the redrive added. A dry run counts; a run is a background job on
//! the server (listed, cancellable, rate-limited, surviving the browser) recorded in the audit
//! log with the offset ranges it covers. Offsets an earlier redrive sent are refused unless
//! forced.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use sluice_shared::dlq::{
    DEFAULT_RATE, DlqFilter, HEADER_PREFIX, JobState, MAX_RATE, OffsetRange, RecordRef, RedriveJob,
    RedrivePlan, RedriveRequest, Selection, offset_ranges, overlap, redrive_target,
};
use sluice_shared::masking::Mask;
use sluice_shared::policy::Role;
use sluice_shared::records::{RawRecord, SHOWN_BYTES};
use sluice_shared::tenancy::Namespace;

use crate::auth::Caller;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::kafka::{Kafka, Scan};
use crate::service::target::Target;
use crate::state::AppState;
use crate::store::Store;

/// Header every redriven record carries: the job that sent it.
pub const JOB_HEADER: &str = "sluice.redrive.job";
/// Header naming the DLQ record it was: `topic/partition/offset`.
pub const SOURCE_HEADER: &str = "sluice.redrive.source";
/// Records one selection may name.
const MAX_SELECTED: usize = 10_000;

/// One record to send and where.
#[derive(Debug, Clone)]
struct Selected {
    partition: i32,
    offset: i64,
    target: String,
}

/// A redrive worked out: what goes where, and what an earlier redrive already sent.
pub struct Planned {
    selected: Vec<Selected>,
    pub plan: RedrivePlan,
}

/// Works out a request against the queue as it is now (nothing is sent).
pub async fn plan(
    state: &AppState,
    caller: &Caller,
    target: &Target,
    dlq_topic: &str,
    req: &RedriveRequest,
    mask: Mask,
) -> Result<Planned, AppError> {
    let kafka = target.cluster.kafka()?.clone();
    // Where records may be written: inside the owning tenant's namespace, unless an admin asks.
    let namespace: Option<Namespace> = match (&target.owner, caller.principal.role) {
        (_, Role::Admin) | (None, _) => None,
        (Some(owner), _) => state.store.tenant(owner).await?.map(|t| t.namespace()),
    };
    let raw = select(&kafka, dlq_topic, &req.selection, mask).await?;
    let mut selected = Vec::with_capacity(raw.len());
    let mut refused: Vec<String> = Vec::new();
    for r in &raw {
        match redrive_target(
            r.context.as_ref(),
            req.target.as_deref(),
            dlq_topic,
            namespace.as_ref(),
        ) {
            Ok(t) => selected.push(Selected {
                partition: r.partition,
                offset: r.offset,
                target: t,
            }),
            Err(e) => refused.push(e),
        }
    }
    if let Some(first) = refused.first() {
        return Err(AppError::Invalid {
            field: "target",
            message: if refused.len() == 1 {
                first.clone()
            } else {
                format!("{first} (and {} more records)", refused.len() - 1)
            },
        });
    }
    let ranges = offset_ranges(selected.iter().map(|s| (s.partition, s.offset)));
    let earlier: Vec<OffsetRange> = state
        .store
        .redrives_of_queue(target.cluster.id.as_str(), dlq_topic)
        .await?
        .into_iter()
        .flat_map(|j| j.ranges)
        .collect();
    let mut targets: BTreeMap<String, u64> = BTreeMap::new();
    for s in &selected {
        *targets.entry(s.target.clone()).or_default() += 1;
    }
    Ok(Planned {
        plan: RedrivePlan {
            count: selected.len() as u64,
            targets: targets.into_iter().collect(),
            already_redriven: overlap(&ranges, &earlier),
            ranges,
        },
        selected,
    })
}

/// A selected record's place and where it came from: all a plan keeps of it (a queue's
/// records carry kilobytes of stack trace each; a plan over 100,000 must not hold them).
struct Place {
    partition: i32,
    offset: i64,
    context: Option<sluice_shared::dlq::ErrorContext>,
}

impl Place {
    fn of(r: &RawRecord) -> Self {
        let context = r.error_context().map(|c| sluice_shared::dlq::ErrorContext {
            topic: c.topic,
            ..Default::default()
        });
        Place {
            partition: r.partition,
            offset: r.offset,
            context,
        }
    }
}

/// The records a selection names, read now: the listed ones (each must still be in the
/// queue), or every record the filter matches as the caller sees it.
async fn select(
    kafka: &Arc<Kafka>,
    topic: &str,
    selection: &Selection,
    mask: Mask,
) -> Result<Vec<Place>, AppError> {
    let topic = topic.to_owned();
    match selection.clone() {
        Selection::Records { records } => {
            if records.is_empty() || records.len() > MAX_SELECTED {
                return Err(AppError::Invalid {
                    field: "selection",
                    message: format!("select 1 to {MAX_SELECTED} records"),
                });
            }
            let wanted: std::collections::HashSet<RecordRef> = records.iter().copied().collect();
            let distinct = wanted.len();
            let found = kafka
                .run(move |k| {
                    let mut found = Vec::new();
                    k.scan(
                        &topic,
                        &spans(wanted.iter().map(|r| (r.partition, r.offset))),
                        |r| {
                            if wanted.contains(&RecordRef {
                                partition: r.partition,
                                offset: r.offset,
                            }) {
                                found.push(Place::of(&r));
                            }
                            Scan::More
                        },
                    )?;
                    Ok(found)
                })
                .await?;
            if found.len() < distinct {
                let got: std::collections::HashSet<(i32, i64)> =
                    found.iter().map(|p| (p.partition, p.offset)).collect();
                let missing = records
                    .iter()
                    .find(|w| !got.contains(&(w.partition, w.offset)))
                    .map(|w| format!("{}:{}", w.partition, w.offset))
                    .unwrap_or_default();
                return Err(AppError::Invalid {
                    field: "selection",
                    message: format!(
                        "record {missing} is no longer in the queue (retention deleted it, or it \
                         never was): reload and select again"
                    ),
                });
            }
            Ok(found)
        }
        Selection::Filter { filter } => kafka
            .run(move |k| matching(k, &topic, &filter, &mask))
            .await
            .map_err(Into::into),
    }
}

/// Every record the queue holds that `filter` matches.
fn matching(
    k: &Kafka,
    topic: &str,
    filter: &DlqFilter,
    mask: &Mask,
) -> Result<Vec<Place>, crate::kafka::KafkaError> {
    let Some(marks) = k.watermarks(topic)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    k.scan(topic, &marks, |r| {
        if filter.is_empty() || filter.matches(&r.show(SHOWN_BYTES, mask)) {
            out.push(Place::of(&r));
        }
        Scan::More
    })?;
    Ok(out)
}

/// Per partition, the span `[min, max + 1)` covering the offsets given.
fn spans(offsets: impl IntoIterator<Item = (i32, i64)>) -> Vec<(i32, i64, i64)> {
    let mut by: HashMap<i32, (i64, i64)> = HashMap::new();
    for (p, o) in offsets {
        let e = by.entry(p).or_insert((o, o + 1));
        e.0 = e.0.min(o);
        e.1 = e.1.max(o + 1);
    }
    by.into_iter().map(|(p, (a, b))| (p, a, b)).collect()
}

/// Starts the job: refused when it would send offsets an earlier redrive sent (unless
/// forced) or nothing; recorded, audited, then run in the background.
pub async fn start(
    state: &AppState,
    caller: &Caller,
    target: &Target,
    dlq_topic: &str,
    req: &RedriveRequest,
    planned: Planned,
) -> Result<RedriveJob, AppError> {
    let rate = req.rate_per_second.unwrap_or(DEFAULT_RATE);
    if !(1..=MAX_RATE).contains(&rate) {
        return Err(AppError::Invalid {
            field: "rate_per_second",
            message: format!("a rate of 1 to {MAX_RATE} records per second"),
        });
    }
    let plan = planned.plan;
    if plan.count == 0 {
        return Err(AppError::Invalid {
            field: "selection",
            message: "no record matches: nothing to redrive".into(),
        });
    }
    if plan.already_redriven > 0 && !req.force {
        return Err(AppError::AlreadyDone(format!(
            "{} of the {} records were redriven before; redrive them again only on purpose \
             (force)",
            plan.already_redriven, plan.count
        )));
    }
    let job = RedriveJob {
        id: uuid::Uuid::new_v4().to_string(),
        cluster: target.cluster.id.to_string(),
        connector: target.name.to_string(),
        dlq_topic: dlq_topic.to_owned(),
        target: req.target.clone().filter(|t| !t.trim().is_empty()),
        state: JobState::Running,
        total: plan.count,
        sent: 0,
        rate_per_second: rate,
        ranges: plan.ranges.clone(),
        created_by: caller.actor.label(),
        created_ms: now_ms(),
        finished_ms: None,
        error: None,
    };
    let mut entry = target.audit(caller, "redrive_dlq");
    entry.detail = Some(
        serde_json::json!({
            "job": job.id,
            "dlq_topic": dlq_topic,
            "count": plan.count,
            "targets": plan.targets,
            "ranges": plan.ranges.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "forced": req.force && plan.already_redriven > 0,
            "rate_per_second": rate,
        })
        .to_string(),
    );
    state
        .store
        .insert_redrive(&job, target.owner.as_deref(), &entry)
        .await?;
    tokio::spawn(run(
        state.store.clone(),
        target.cluster.kafka()?.clone(),
        job.clone(),
        planned.selected,
    ));
    Ok(job)
}

/// Sends the selected records, `rate` per second, checking between chunks whether the job was
/// cancelled (by any replica: the state is in the database). When Kafka stops answering the
/// job waits for it (up to the cluster's `redrive_patience`), then finds which of the records
/// in flight arrived anyway and sends only the others: every record is sent once, and the job
/// says exactly which were.
async fn run(store: Store, kafka: Arc<Kafka>, job: RedriveJob, selected: Vec<Selected>) {
    let rate = u64::from(job.rate_per_second.max(1));
    // About a quarter second of records per chunk (a cancel is seen between chunks), at most
    // 5,000: each chunk is one consumer's read.
    let chunk = usize::try_from((rate / 4).clamp(1, 5000)).unwrap_or(5000);
    let mut r = Runner {
        sent: Vec::with_capacity(selected.len()),
        store,
        kafka,
        job,
        rate,
        started: Instant::now(),
        waited: Duration::ZERO,
        down_since: None,
    };
    let mut missing = 0_usize;
    // Records in flight when the job gave up on Kafka: they may or may not have arrived.
    let mut unknown = 0_usize;
    let mut outcome: Result<JobState, String> = Ok(JobState::Done);
    'chunks: for part in selected.chunks(chunk) {
        let by_place: HashMap<(i32, i64), String> = part
            .iter()
            .map(|s| ((s.partition, s.offset), s.target.clone()))
            .collect();
        let records = loop {
            match r.read(&by_place).await {
                Ok(records) => break records,
                Err(e) if e.is_transient() => match r.wait_for_kafka(&e, 0).await {
                    Wait::Answered => {}
                    Wait::Stop(o) => {
                        outcome = o;
                        break 'chunks;
                    }
                },
                Err(e) => {
                    outcome = Err(e.to_string());
                    break 'chunks;
                }
            }
        };
        missing += part.len() - records.len();
        let mut todo: Vec<(String, RawRecord)> = records
            .into_iter()
            .map(|rec| {
                let to = by_place
                    .get(&(rec.partition, rec.offset))
                    .cloned()
                    .unwrap_or_default();
                (to, rec)
            })
            .collect();
        while !todo.is_empty() {
            let since_ms = now_ms();
            let Unsent {
                records: failed,
                attempted,
                error,
            } = r.send(todo).await;
            let Some(error) = error else { break };
            if !error.is_transient() {
                // Refused (authorization, size, no topic): no use waiting, and none of the
                // failed records was written.
                outcome = Err(error.to_string());
                break 'chunks;
            }
            todo = loop {
                match r.wait_for_kafka(&error, attempted).await {
                    Wait::Stop(o) => {
                        unknown = attempted;
                        outcome = o;
                        break 'chunks;
                    }
                    // Gone again before it could be asked: keep waiting.
                    Wait::Answered => {
                        if let Ok(arrived) = r.arrived(&failed, since_ms).await {
                            let (came, left): (Vec<_>, Vec<_>) =
                                failed.into_iter().partition(|(_, rec)| {
                                    arrived.contains(&(rec.partition, rec.offset))
                                });
                            r.sent
                                .extend(came.iter().map(|(_, rec)| (rec.partition, rec.offset)));
                            break left;
                        }
                    }
                }
            };
        }
        match r.progress(None).await {
            Ok(true) => {}
            Ok(false) => {
                outcome = Ok(JobState::Cancelled);
                break;
            }
            Err(e) => tracing::warn!(job = %r.job.id, error = %e, "redrive progress not stored"),
        }
    }
    let (state, mut error) = match outcome {
        Ok(s) => (s, None),
        Err(e) => (JobState::Failed, Some(e)),
    };
    if unknown > 0 {
        error = Some(format!(
            "{}; {unknown} records were in flight when Kafka stopped answering and may have \
             arrived (they carry the header {JOB_HEADER} = {}); the job counts only the \
             records Kafka acknowledged",
            error.unwrap_or_default(),
            r.job.id
        ));
    }
    if missing > 0 && error.is_none() {
        error = Some(format!(
            "{missing} records were no longer in the queue (retention deleted them)"
        ));
    }
    let ranges = offset_ranges(r.sent.iter().copied());
    if let Err(e) = r
        .store
        .finish_redrive(
            &r.job.id,
            state,
            r.sent.len() as u64,
            &ranges,
            error.as_deref(),
        )
        .await
    {
        tracing::error!(job = %r.job.id, error = %e, "redrive end not stored");
    }
    tracing::info!(job = %r.job.id, sent = r.sent.len(), ?state, "redrive ended");
}

/// Records a send did not get acknowledged, and why.
struct Unsent {
    records: Vec<(String, RawRecord)>,
    /// How many of them were handed to Kafka (the others were not started after the first
    /// failure): those may have arrived.
    attempted: usize,
    error: Option<crate::kafka::KafkaError>,
}

/// What waiting for Kafka came to.
enum Wait {
    Answered,
    /// Cancelled, or Kafka did not come back in time.
    Stop(Result<JobState, String>),
}

/// A running job: where it is and what it has sent.
struct Runner {
    store: Store,
    kafka: Arc<Kafka>,
    job: RedriveJob,
    rate: u64,
    started: Instant,
    /// Time spent waiting for Kafka, not counted against the rate (no burst after an outage).
    waited: Duration,
    /// Since when Kafka has not taken a record: the patience runs from here, across waits
    /// (a DLQ that answers while a target never does must not keep the job waiting forever).
    down_since: Option<Instant>,
    /// `(partition, offset)` of every DLQ record Kafka acknowledged in its target.
    sent: Vec<(i32, i64)>,
}

impl Runner {
    async fn progress(&self, waiting: Option<&str>) -> Result<bool, crate::store::StoreError> {
        self.store
            .redrive_progress(&self.job.id, self.sent.len() as u64, waiting)
            .await
    }

    /// The DLQ records at these places, read now.
    async fn read(
        &self,
        places: &HashMap<(i32, i64), String>,
    ) -> Result<Vec<RawRecord>, crate::kafka::KafkaError> {
        let topic = self.job.dlq_topic.clone();
        let want: std::collections::HashSet<(i32, i64)> = places.keys().copied().collect();
        self.kafka
            .run(move |k| {
                let mut got = Vec::new();
                k.scan(&topic, &spans(want.iter().copied()), |r| {
                    if want.contains(&(r.partition, r.offset)) {
                        got.push(r);
                    }
                    Scan::More
                })?;
                Ok(got)
            })
            .await
    }

    /// Sends `todo` in order, several in flight; after the first failure nothing new is
    /// started. Answers the records not acknowledged and the first error.
    async fn send(&mut self, todo: Vec<(String, RawRecord)>) -> Unsent {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let sends = futures::stream::iter(todo.into_iter().map(|(to, r)| {
            let kafka = self.kafka.clone();
            let id = self.job.id.clone();
            let stop = stop.clone();
            async move {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return (to, r, None);
                }
                let headers = redriven_headers(&r, &id);
                let result = kafka
                    .send(&to, r.key.as_deref(), r.value.as_deref(), &headers)
                    .await;
                if result.is_err() {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                (to, r, Some(result))
            }
        }))
        // In order, so records of one key keep their order; several in flight for speed.
        .buffered(64);
        futures::pin_mut!(sends);
        let mut unsent = Unsent {
            records: Vec::new(),
            attempted: 0,
            error: None,
        };
        while let Some((to, r, result)) = sends.next().await {
            match result {
                Some(Ok(())) => {
                    self.down_since = None;
                    self.sent.push((r.partition, r.offset));
                    // Hold to the rate: the n-th record not before n / rate seconds.
                    let due = Duration::from_millis(self.sent.len() as u64 * 1000 / self.rate);
                    let elapsed = self.started.elapsed().saturating_sub(self.waited);
                    if let Some(wait) = due.checked_sub(elapsed) {
                        tokio::time::sleep(wait).await;
                    }
                }
                Some(Err(e)) => {
                    unsent.error.get_or_insert(e);
                    unsent.attempted += 1;
                    unsent.records.push((to, r));
                }
                None => unsent.records.push((to, r)),
            }
        }
        unsent
    }

    /// Waits until Kafka answers again, saying so on the job (its heartbeat goes on); stops
    /// when the job is cancelled or Kafka stays away longer than the cluster's patience.
    async fn wait_for_kafka(&mut self, error: &crate::kafka::KafkaError, in_flight: usize) -> Wait {
        let since = Instant::now();
        let down_since = *self.down_since.get_or_insert(since);
        let patience = self.kafka.redrive_patience;
        let mut pause = Duration::from_secs(1);
        let outcome = loop {
            let checked = if in_flight > 0 {
                format!(" ({in_flight} were in flight: whether they arrived is checked first)")
            } else {
                String::new()
            };
            let note = format!(
                "{error}. {} of {} sent; waiting for Kafka to resume{checked}",
                self.sent.len(),
                self.job.total
            );
            if let Ok(false) = self.progress(Some(&note)).await {
                break Wait::Stop(Ok(JobState::Cancelled));
            }
            if down_since.elapsed() >= patience {
                break Wait::Stop(Err(format!(
                    "Kafka did not answer for {} s, the cluster's redrive_patience ({error})",
                    patience.as_secs()
                )));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(5));
            let topic = self.job.dlq_topic.clone();
            if self.kafka.run(move |k| k.watermarks(&topic)).await.is_ok() {
                break Wait::Answered;
            }
        };
        self.waited += since.elapsed();
        outcome
    }

    /// Which of `records` reached their targets after all: this job's records written since
    /// `since_ms` (a second earlier, for clock steps), found by their headers.
    async fn arrived(
        &self,
        records: &[(String, RawRecord)],
        since_ms: i64,
    ) -> Result<std::collections::HashSet<(i32, i64)>, crate::kafka::KafkaError> {
        let targets: std::collections::BTreeSet<String> =
            records.iter().map(|(t, _)| t.clone()).collect();
        let id = self.job.id.clone();
        let dlq = self.job.dlq_topic.clone();
        self.kafka
            .run(move |k| {
                let mut found = std::collections::HashSet::new();
                for t in &targets {
                    let Some(marks) = k.watermarks(t)? else {
                        continue;
                    };
                    let from = k.offsets_at(t, &marks, since_ms - 1_000)?;
                    let spans: Vec<(i32, i64, i64)> = from
                        .iter()
                        .zip(&marks)
                        .map(|(&(p, from), &(_, _, high))| (p, from, high))
                        .collect();
                    k.scan(t, &spans, |r| {
                        if let Some(place) = redriven_from(&r, &id, &dlq) {
                            found.insert(place);
                        }
                        Scan::More
                    })?;
                }
                Ok(found)
            })
            .await
    }
}

/// A DLQ record's headers as redriven: Connect's error headers out, the job and source in.
fn redriven_headers(r: &RawRecord, job: &str) -> Vec<(String, Option<Vec<u8>>)> {
    let mut headers: Vec<(String, Option<Vec<u8>>)> = r
        .headers
        .iter()
        .filter(|(n, _)| !n.starts_with(HEADER_PREFIX))
        .cloned()
        .collect();
    headers.push((JOB_HEADER.into(), Some(job.as_bytes().to_vec())));
    headers.push((
        SOURCE_HEADER.into(),
        Some(format!("{}/{}/{}", r.topic, r.partition, r.offset).into_bytes()),
    ));
    headers
}

/// `(partition, offset)` in `dlq` of a record job `job` wrote, from its headers.
fn redriven_from(r: &RawRecord, job: &str, dlq: &str) -> Option<(i32, i64)> {
    let header = |name: &str| {
        r.headers
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    };
    if header(JOB_HEADER)? != job.as_bytes() {
        return None;
    }
    let source = std::str::from_utf8(header(SOURCE_HEADER)?).ok()?;
    // Topic names have no `/`; the last two parts are the partition and offset.
    let mut parts = source.rsplitn(3, '/');
    let offset = parts.next()?.parse().ok()?;
    let partition = parts.next()?.parse().ok()?;
    (parts.next()? == dlq).then_some((partition, offset))
}

/// Cancels a running job of this queue; answers the job as it is then.
pub async fn cancel(
    state: &AppState,
    caller: &Caller,
    target: &Target,
    dlq_topic: &str,
    id: &str,
) -> Result<RedriveJob, AppError> {
    let job = state
        .store
        .redrive(id)
        .await?
        .filter(|j| j.cluster == target.cluster.id.as_str() && j.dlq_topic == dlq_topic)
        .ok_or(AppError::NotFound("redrive job"))?;
    if job.state == JobState::Running {
        let mut entry = target.audit(caller, "cancel_redrive");
        entry.detail = Some(serde_json::json!({ "job": id }).to_string());
        state.store.cancel_redrive(id, &entry).await?;
    }
    Ok(state.store.redrive(id).await?.unwrap_or(job))
}
