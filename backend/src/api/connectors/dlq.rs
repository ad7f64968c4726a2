//! Dead-letter queues: the cluster's list, a connector's queue read page by page, its error
//! groups, one record whole, and redrives (see `service::dlq` and `service::redrive`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sluice_shared::dlq::{DlqGroups, DlqList, DlqPage, RedriveAnswer, RedriveJob, RedriveRequest};
use sluice_shared::records::Record;

use super::authorized::{Authorized, Payloads, Read, Replay};
use crate::api::extract::{JsonBody, Query};
use crate::api::path::{ClusterPath, JobId, RecordAt};
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::dlq::{self, PageQuery};
use crate::service::redrive;
use crate::state::AppState;

pub fn routes() -> Routes {
    let queue = "/clusters/{cluster}/connectors/{name}/dlq";
    Routes::default()
        .get("/clusters/{cluster}/dlqs", list)
        .get("/clusters/{cluster}/connectors/{name}/dlq/records", page)
        .get(
            "/clusters/{cluster}/connectors/{name}/dlq/records/{partition}/{offset}",
            record,
        )
        .get("/clusters/{cluster}/connectors/{name}/dlq/groups", groups)
        .post("/clusters/{cluster}/connectors/{name}/dlq/redrive", redrive)
        .get("/clusters/{cluster}/connectors/{name}/dlq/redrives", jobs)
        .delete(
            "/clusters/{cluster}/connectors/{name}/dlq/redrives/{job}",
            cancel,
        )
        .get(queue, summary)
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
) -> Result<Json<DlqList>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    Ok(Json(dlq::list(&state, &caller, cluster).await?))
}

/// The one queue's line of the list (depth and growth), for the queue's own page.
async fn summary(
    State(state): State<AppState>,
    a: Authorized<Read>,
) -> Result<Json<DlqList>, AppError> {
    dlq::queue_of(&a.target).await?;
    let mut all = dlq::list(&state, &a.caller, &a.target.cluster).await?;
    all.dlqs.retain(|d| d.connector == a.target.name.as_str());
    all.ignored.clear();
    Ok(Json(all))
}

async fn page(
    State(state): State<AppState>,
    a: Authorized<Payloads>,
    Query(query): Query<PageQuery>,
) -> Result<Json<DlqPage>, AppError> {
    let queue = dlq::queue_of(&a.target).await?;
    let mask = dlq::mask_for(&state, &a.caller.principal, a.target.owner.as_deref()).await?;
    let kafka = a.target.cluster.kafka()?;
    Ok(Json(dlq::page(kafka, &queue.topic, query, mask).await?))
}

async fn record(
    State(state): State<AppState>,
    a: Authorized<Payloads>,
    at: RecordAt,
) -> Result<Json<Record>, AppError> {
    let queue = dlq::queue_of(&a.target).await?;
    let mask = dlq::mask_for(&state, &a.caller.principal, a.target.owner.as_deref()).await?;
    let kafka = a.target.cluster.kafka()?;
    Ok(Json(
        dlq::record(kafka, &queue.topic, at.partition, at.offset, mask).await?,
    ))
}

async fn groups(a: Authorized<Payloads>) -> Result<Json<DlqGroups>, AppError> {
    let queue = dlq::queue_of(&a.target).await?;
    let kafka = a.target.cluster.kafka()?;
    Ok(Json(dlq::groups(kafka, &queue.topic).await?))
}

/// A dry run answers the plan (200); a run answers the started job (202).
async fn redrive(
    State(state): State<AppState>,
    a: Authorized<Replay>,
    JsonBody(req): JsonBody<RedriveRequest>,
) -> Result<(StatusCode, Json<RedriveAnswer>), AppError> {
    let queue = dlq::queue_of(&a.target).await?;
    let mask = dlq::mask_for(&state, &a.caller.principal, a.target.owner.as_deref()).await?;
    let planned = redrive::plan(&state, &a.caller, &a.target, &queue.topic, &req, mask).await?;
    if req.dry_run {
        return Ok((StatusCode::OK, Json(RedriveAnswer::Plan(planned.plan))));
    }
    let job = redrive::start(&state, &a.caller, &a.target, &queue.topic, &req, planned).await?;
    Ok((StatusCode::ACCEPTED, Json(RedriveAnswer::Started(job))))
}

async fn jobs(
    State(state): State<AppState>,
    a: Authorized<Read>,
) -> Result<Json<Vec<RedriveJob>>, AppError> {
    let queue = dlq::queue_of(&a.target).await?;
    let jobs = state
        .store
        .redrives_of_queue(a.target.cluster.id.as_str(), &queue.topic)
        .await?;
    Ok(Json(jobs))
}

async fn cancel(
    State(state): State<AppState>,
    a: Authorized<Replay>,
    JobId(id): JobId,
) -> Result<Json<RedriveJob>, AppError> {
    let queue = dlq::queue_of(&a.target).await?;
    Ok(Json(
        redrive::cancel(&state, &a.caller, &a.target, &queue.topic, &id).await?,
    ))
}
