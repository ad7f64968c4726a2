//! One connector: detail, lifecycle, config and its history, offsets, topics, slot.

use std::collections::BTreeMap;

use sluice_shared::history::{ConfigVersion, RollbackRequest};
use sluice_shared::{
    ActiveTopics, ApiError, ConfigInfos, ConnectorDetail, ConnectorOffsets, DeleteResult, Known,
    OffsetsChanged, RedactedConfig, RestartResult, SlotInfo,
};

use super::http::{Method, call, call_empty, call_with, encode, get};

/// `/api/v1/clusters/{cluster}/connectors/{name}` plus `rest`.
pub(super) fn connector_path(cluster: &str, name: &str, rest: &str) -> String {
    format!(
        "/api/v1/clusters/{}/connectors/{}{rest}",
        encode(cluster),
        encode(name)
    )
}

/// A lifecycle change answered with 202 and no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Pause,
    Resume,
    Stop,
    RestartTask(u32),
}

impl Lifecycle {
    fn method(self) -> Method {
        match self {
            Lifecycle::Pause | Lifecycle::Resume | Lifecycle::Stop => Method::Put,
            Lifecycle::RestartTask(_) => Method::Post,
        }
    }

    fn path(self) -> String {
        match self {
            Lifecycle::Pause => "/pause".to_owned(),
            Lifecycle::Resume => "/resume".to_owned(),
            Lifecycle::Stop => "/stop".to_owned(),
            Lifecycle::RestartTask(task) => format!("/tasks/{task}/restart"),
        }
    }
}

/// `GET …/connectors/{name}`: header and tasks with whole traces.
pub async fn connector(cluster: &str, name: &str) -> Result<ConnectorDetail, ApiError> {
    get(&connector_path(cluster, name, "")).await
}

/// `GET …/connectors/{name}/config` (secrets redacted).
pub async fn connector_config(
    cluster: &str,
    name: &str,
) -> Result<Known<RedactedConfig>, ApiError> {
    get(&connector_path(cluster, name, "/config")).await
}

/// `PUT …/pause|resume|stop` or `POST …/tasks/{id}/restart`.
pub async fn lifecycle(cluster: &str, name: &str, change: Lifecycle) -> Result<(), ApiError> {
    call_empty(
        change.method(),
        &connector_path(cluster, name, &change.path()),
    )
    .await
}

/// `POST …/restart?include_tasks&only_failed`
pub async fn restart(
    cluster: &str,
    name: &str,
    include_tasks: bool,
    only_failed: bool,
) -> Result<RestartResult, ApiError> {
    let query = format!("/restart?include_tasks={include_tasks}&only_failed={only_failed}");
    call(Method::Post, &connector_path(cluster, name, &query)).await
}

/// `DELETE …/connectors/{name}[?drop_slot=true]`
pub async fn delete_connector(
    cluster: &str,
    name: &str,
    drop_slot: bool,
) -> Result<DeleteResult, ApiError> {
    let path = connector_path(cluster, name, &format!("?drop_slot={drop_slot}"));
    call(Method::Delete, &path).await
}

/// `GET …/slot`: a Debezium PostgreSQL connector's replication slot.
pub async fn slot(cluster: &str, name: &str) -> Result<SlotInfo, ApiError> {
    get(&connector_path(cluster, name, "/slot")).await
}

/// How an edited config is sent.
pub enum ConfigWrite<'a> {
    /// `PUT …/config`: the whole config.
    Whole(&'a BTreeMap<String, String>),
    /// `PATCH …/config`: only the changed keys (`None` removes one).
    Changed(&'a BTreeMap<String, Option<String>>),
}

/// `PUT` or `PATCH …/config`.
pub async fn save_config(
    cluster: &str,
    name: &str,
    write: ConfigWrite<'_>,
) -> Result<RedactedConfig, ApiError> {
    let path = connector_path(cluster, name, "/config");
    match write {
        ConfigWrite::Whole(config) => call_with(Method::Put, &path, config).await,
        ConfigWrite::Changed(patch) => call_with(Method::Patch, &path, patch).await,
    }
}

/// `PUT …/config/validate`: Connect's verdict per field (values redacted).
pub async fn validate_config(
    cluster: &str,
    name: &str,
    edited: &BTreeMap<String, String>,
) -> Result<ConfigInfos, ApiError> {
    let path = connector_path(cluster, name, "/config/validate");
    call_with(Method::Put, &path, edited).await
}

/// `GET …/config/history`, newest first.
pub async fn config_history(cluster: &str, name: &str) -> Result<Vec<ConfigVersion>, ApiError> {
    get(&connector_path(cluster, name, "/config/history")).await
}

/// `POST …/config/rollback`
pub async fn rollback(cluster: &str, name: &str, version: i64) -> Result<RedactedConfig, ApiError> {
    let path = connector_path(cluster, name, "/config/rollback");
    call_with(Method::Post, &path, &RollbackRequest { version }).await
}

/// `GET …/offsets`
pub async fn offsets(cluster: &str, name: &str) -> Result<Known<ConnectorOffsets>, ApiError> {
    get(&connector_path(cluster, name, "/offsets")).await
}

/// `PATCH …/offsets` (connector must be STOPPED)
pub async fn alter_offsets(
    cluster: &str,
    name: &str,
    offsets: &ConnectorOffsets,
) -> Result<OffsetsChanged, ApiError> {
    call_with(
        Method::Patch,
        &connector_path(cluster, name, "/offsets"),
        offsets,
    )
    .await
}

/// `DELETE …/offsets` (connector must be STOPPED)
pub async fn reset_offsets(cluster: &str, name: &str) -> Result<OffsetsChanged, ApiError> {
    call(Method::Delete, &connector_path(cluster, name, "/offsets")).await
}

/// `GET …/topics`
pub async fn topics(cluster: &str, name: &str) -> Result<Known<ActiveTopics>, ApiError> {
    get(&connector_path(cluster, name, "/topics")).await
}

/// `PUT …/topics/reset`
pub async fn reset_topics(cluster: &str, name: &str) -> Result<(), ApiError> {
    call_empty(Method::Put, &connector_path(cluster, name, "/topics/reset")).await
}

/// `DELETE …/quarantine` (admins): the topic guard's stop lifted, the active topics reset.
pub async fn release_quarantine(cluster: &str, name: &str) -> Result<(), ApiError> {
    call_empty(
        Method::Delete,
        &connector_path(cluster, name, "/quarantine"),
    )
    .await
}
