//! The health scheduler as the console shows it: a cluster's states over time, who runs the
//! checks, and each tenant's auto-restart policy.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use sluice_shared::health::{
    FailureHeatmap, FleetHistory, PolicyOverride, SchedulerStatus, bucket_width, heat_rows,
};
use sluice_shared::policy::{Action, Resource};

use super::connectors::Range;
use crate::api::extract::{JsonBody, Path, Query};
use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::health::lease::SCHEDULER_LEASE;
use crate::service::auto_restart;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default()
        .get("/clusters/{cluster}/history", history)
        .get("/clusters/{cluster}/failures", failures)
        .get("/scheduler", scheduler)
        .get("/tenants/{id}/auto-restart", tenant_policy)
        .put("/tenants/{id}/auto-restart", set_tenant_policy)
}

#[derive(Debug, Deserialize)]
struct HistoryQuery {
    from_ms: Option<i64>,
    to_ms: Option<i64>,
    /// At most this many points (default 300).
    points: Option<i64>,
    /// One tenant's connectors only (console-wide callers; a tenant's own see only theirs).
    tenant: Option<String>,
}

/// Connector and task counts per state over a range: a tenant's caller sees their tenant's,
/// a console-wide one the whole cluster's (or one tenant's, if asked).
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    Query(q): Query<HistoryQuery>,
) -> Result<Json<FleetHistory>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    let (from, to) = Range {
        from_ms: q.from_ms,
        to_ms: q.to_ms,
    }
    .resolve()?;
    let points = q.points.unwrap_or(300);
    if !(10..=2000).contains(&points) {
        return Err(AppError::Invalid {
            field: "points",
            message: "10 to 2000 points".into(),
        });
    }
    let tenant = match (&caller.principal.tenant, q.tenant) {
        (Some(own), Some(asked)) if *own != asked => {
            return Err(AppError::Forbidden(Action::ReadConnector));
        }
        (Some(own), _) => Some(own.clone()),
        (None, asked) => asked,
    };
    let bucket = bucket_width(to - from, points).max(60_000);
    let points = state
        .store
        .health_points(cluster.id.as_str(), tenant.as_deref(), from, to, bucket)
        .await?;
    Ok(Json(FleetHistory {
        cluster_id: cluster.id.to_string(),
        from_ms: from,
        to_ms: to,
        bucket_ms: bucket,
        points,
    }))
}

#[derive(Debug, Deserialize)]
struct FailuresQuery {
    from_ms: Option<i64>,
    to_ms: Option<i64>,
    /// At most this many connectors (default 50), the most failing first.
    rows: Option<usize>,
}

const HOUR_MS: i64 = 3_600_000;

/// How often each connector the caller may read went FAILED, per hour (per day past a week).
async fn failures(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
    Query(q): Query<FailuresQuery>,
) -> Result<Json<FailureHeatmap>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    let (from, to) = Range {
        from_ms: q.from_ms,
        to_ms: q.to_ms,
    }
    .resolve()?;
    if to - from > 90 * 24 * HOUR_MS {
        return Err(AppError::Invalid {
            field: "from_ms",
            message: "at most 90 days at once".into(),
        });
    }
    let limit = q.rows.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(AppError::Invalid {
            field: "rows",
            message: "1 to 500 connectors".into(),
        });
    }
    let bucket = if to - from > 7 * 24 * HOUR_MS {
        24 * HOUR_MS
    } else {
        HOUR_MS
    };
    let id = cluster.id.as_str();
    let owners = state.store.owners(id).await?;
    let counts = state
        .store
        .failures_per_bucket(id, from, to, bucket)
        .await?
        .into_iter()
        .filter(|(name, _, _)| {
            caller.principal.may(
                Action::ReadConnector,
                &Resource::Connector {
                    owner: owners.get(name).cloned(),
                },
            )
        });
    let (rows, more) = heat_rows(counts, from, bucket, limit);
    let start = from - from.rem_euclid(bucket);
    Ok(Json(FailureHeatmap {
        cluster_id: id.to_owned(),
        from_ms: start,
        to_ms: to,
        bucket_ms: bucket,
        buckets: u32::try_from((to - start) / bucket + 1).unwrap_or(u32::MAX),
        rows,
        more,
    }))
}

async fn scheduler(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<SchedulerStatus>, AppError> {
    let lease = state.store.lease(SCHEDULER_LEASE).await?;
    let live = lease.filter(|l| l.expires_ms >= now_ms());
    let health = &state.health;
    Ok(Json(SchedulerStatus {
        replica: health.leadership.replica.clone(),
        holder: live.as_ref().map(|l| l.holder.clone()),
        lease_expires_ms: live.map(|l| l.expires_ms),
        interval_ms: u64::try_from(health.interval.as_millis()).unwrap_or(u64::MAX),
        last_cycles: health.last_cycles(),
    }))
}

async fn tenant_policy(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PolicyOverride>, AppError> {
    caller.require(Action::ManageTenants, &Resource::Console)?;
    Ok(Json(auto_restart::tenant_policy(&state, &id).await?))
}

async fn set_tenant_policy(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(policy): JsonBody<PolicyOverride>,
) -> Result<Json<PolicyOverride>, AppError> {
    caller.require(Action::ManageTenants, &Resource::Console)?;
    Ok(Json(
        auto_restart::set_tenant_policy(&state, &caller, &id, &policy).await?,
    ))
}
