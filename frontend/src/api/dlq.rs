//! Dead-letter queues: the cluster's list, one connector's queue read page by page, its error
//! groups, one record whole, and redrive jobs.

use sluice_shared::ApiError;
use sluice_shared::dlq::{
    DlqFilter, DlqGroups, DlqList, DlqPage, RedriveAnswer, RedriveJob, RedriveRequest,
};
use sluice_shared::records::Record;

use super::clusters::cluster_path;
use super::connectors::connector_path;
use super::http::{Method, call, call_with, encode, get, query};

/// Which page of a queue to read: newest first, from `cursor` (an older page) or from the
/// newest record written before `until_ms`, keeping what `filter` matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordsQuery {
    pub filter: DlqFilter,
    pub until_ms: Option<i64>,
    pub cursor: Option<String>,
}

impl RecordsQuery {
    fn to_query(&self) -> String {
        let f = &self.filter;
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        query(&[
            ("cursor", text(&self.cursor)),
            (
                "until_ms",
                self.until_ms.map(|t| t.to_string()).unwrap_or_default(),
            ),
            ("exception", text(&f.exception)),
            ("message", text(&f.message)),
            ("topic", text(&f.topic)),
            ("text", text(&f.text)),
        ])
    }
}

/// `GET /api/v1/clusters/{cluster}/dlqs`: the queues of the connectors the caller may see.
pub async fn dlqs(cluster: &str) -> Result<DlqList, ApiError> {
    get(&cluster_path(cluster, "/dlqs")).await
}

/// `GET …/connectors/{name}/dlq`: the list narrowed to this connector's queue.
pub async fn dlq_summary(cluster: &str, name: &str) -> Result<DlqList, ApiError> {
    get(&connector_path(cluster, name, "/dlq")).await
}

/// `GET …/connectors/{name}/dlq/records?…`: one page, newest first.
pub async fn dlq_records(cluster: &str, name: &str, q: &RecordsQuery) -> Result<DlqPage, ApiError> {
    let path = connector_path(cluster, name, &format!("/dlq/records?{}", q.to_query()));
    get(&path).await
}

/// `GET …/connectors/{name}/dlq/records/{partition}/{offset}`: one record, not cut.
pub async fn dlq_record(
    cluster: &str,
    name: &str,
    partition: i32,
    offset: i64,
) -> Result<Record, ApiError> {
    get(&connector_path(
        cluster,
        name,
        &format!("/dlq/records/{partition}/{offset}"),
    ))
    .await
}

/// `GET …/connectors/{name}/dlq/groups`
pub async fn dlq_groups(cluster: &str, name: &str) -> Result<DlqGroups, ApiError> {
    get(&connector_path(cluster, name, "/dlq/groups")).await
}

/// `POST …/connectors/{name}/dlq/redrive`: a plan (dry run) or a started job.
pub async fn redrive(
    cluster: &str,
    name: &str,
    req: &RedriveRequest,
) -> Result<RedriveAnswer, ApiError> {
    call_with(
        Method::Post,
        &connector_path(cluster, name, "/dlq/redrive"),
        req,
    )
    .await
}

/// `GET …/connectors/{name}/dlq/redrives`, newest first.
pub async fn redrives(cluster: &str, name: &str) -> Result<Vec<RedriveJob>, ApiError> {
    get(&connector_path(cluster, name, "/dlq/redrives")).await
}

/// `DELETE …/connectors/{name}/dlq/redrives/{id}`: the job as it is once cancelled.
pub async fn cancel_redrive(cluster: &str, name: &str, id: &str) -> Result<RedriveJob, ApiError> {
    let path = connector_path(cluster, name, &format!("/dlq/redrives/{}", encode(id)));
    call(Method::Delete, &path).await
}
