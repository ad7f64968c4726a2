//! The pipeline topics of a cluster checked against the recommended layout.

use sluice_shared::ApiError;
use sluice_shared::topic_audit::TopicAuditReport;

use super::clusters::cluster_path;
use super::http::get;

/// `GET /api/v1/clusters/{cluster}/topic-audit`
pub async fn topic_audit(cluster: &str) -> Result<TopicAuditReport, ApiError> {
    get(&cluster_path(cluster, "/topic-audit")).await
}
