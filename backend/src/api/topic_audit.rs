//! `GET /clusters/{cluster}/topic-audit`: the pipeline's topics checked against the
//! recommended layout (see `service::topic_audit`).

use axum::Json;
use axum::extract::State;
use sluice_shared::topic_audit::TopicAuditReport;

use crate::api::path::ClusterPath;
use crate::api::routes::Routes;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::topic_audit;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().get("/clusters/{cluster}/topic-audit", report)
}

async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ClusterPath(cluster): ClusterPath,
) -> Result<Json<TopicAuditReport>, AppError> {
    let cluster = state.clusters.get(&cluster)?;
    Ok(Json(topic_audit::report(&state, &caller, cluster).await?))
}
