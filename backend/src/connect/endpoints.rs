//! One method per Kafka Connect REST endpoint (reference §1.2), returning `shared` DTOs.

use std::collections::{BTreeMap, HashMap};

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sluice_shared::{
    ConfigInfos, ConfigKeyInfo, ConnectorInfo, ConnectorName, ConnectorOffsets, ConnectorStatus,
    InfoHead, PluginInfo, TaskId, TaskStatus,
};

use super::client::{ConnectClient, Kind};
use super::error::ConnectError;

/// `GET /`: the answering worker's Kafka version and the Kafka cluster it uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    pub version: String,
    pub commit: String,
    pub kafka_cluster_id: String,
}

/// Target state for a new connector (`initial_state`, Kafka 3.7+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum InitialState {
    Running,
    Paused,
    Stopped,
}

/// What a restart request achieved. Plain restarts answer 204 with no body; with
/// `includeTasks` or `onlyFailed` Connect answers 202 and the instances it will restart
/// already show RESTARTING.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestartOutcome {
    Restarted,
    Accepted(ConnectorStatus),
}

/// One entry of `GET /connectors/{n}/tasks`. Config values are raw (secrets included).
#[derive(Clone, Deserialize)]
pub struct TaskConfig {
    pub id: TaskId,
    pub config: BTreeMap<String, String>,
}

impl std::fmt::Debug for TaskConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskConfig")
            .field("id", &self.id)
            .field("config_keys", &self.config.keys())
            .finish()
    }
}

/// `GET /admin/loggers/{logger}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LoggerLevel {
    pub level: String,
    #[serde(default)]
    pub last_modified: Option<i64>,
}

/// `GET /connectors/{n}/topics` (KIP-558).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ActiveTopics {
    pub topics: Vec<String>,
}

/// Both halves of `?expand=status&expand=info`; Connect omits what was not asked for.
/// `I` is how much of `info` to read: all of it, or only its `InfoHead`.
#[derive(Debug, Deserialize)]
pub struct Expanded<I = ConnectorInfo> {
    pub status: Option<ConnectorStatus>,
    pub info: Option<I>,
}

#[derive(Deserialize)]
struct OffsetsMessage {
    message: String,
}

impl ConnectClient {
    /// `GET /`
    pub async fn server_info(&self) -> Result<ServerInfo, ConnectError> {
        self.json(Kind::Read, Method::GET, self.url(&[], &[]), None)
            .await
    }

    /// `GET /connectors`
    pub async fn connector_names(&self) -> Result<Vec<String>, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.url(&["connectors"], &[]),
            None,
        )
        .await
    }

    /// `GET /connectors?expand=status&expand=info`: the whole fleet in one call.
    /// Connectors deleted mid-request are silently omitted by Connect.
    pub async fn connectors_expanded(&self) -> Result<BTreeMap<String, Expanded>, ConnectError> {
        let url = self.url(&["connectors"], &[("expand", "status"), ("expand", "info")]);
        self.json(Kind::Read, Method::GET, url, None).await
    }

    /// The same call, reading of each config only its class: the connector list's.
    pub async fn connectors_listed(
        &self,
    ) -> Result<BTreeMap<String, Expanded<InfoHead>>, ConnectError> {
        let url = self.url(&["connectors"], &[("expand", "status"), ("expand", "info")]);
        self.json(Kind::Read, Method::GET, url, None).await
    }

    /// `POST /connectors` with an optional `initial_state`.
    pub async fn create_connector(
        &self,
        name: &ConnectorName,
        config: &BTreeMap<String, String>,
        initial_state: Option<InitialState>,
    ) -> Result<ConnectorInfo, ConnectError> {
        let mut body = json!({ "name": name.as_str(), "config": config });
        if let Some(state) = initial_state {
            body["initial_state"] = serde_json::to_value(state).unwrap_or(Value::Null);
        }
        self.json(
            Kind::Write,
            Method::POST,
            self.url(&["connectors"], &[]),
            Some(&body),
        )
        .await
    }

    /// `GET /connectors/{n}`
    pub async fn connector(&self, name: &ConnectorName) -> Result<ConnectorInfo, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.url(&["connectors", name.as_str()], &[]),
            None,
        )
        .await
    }

    /// `GET /connectors/{n}/config` (raw: secrets in clear).
    pub async fn connector_config(
        &self,
        name: &ConnectorName,
    ) -> Result<BTreeMap<String, String>, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.connector_url(name, &["config"]),
            None,
        )
        .await
    }

    /// `PUT /connectors/{n}/config`: idempotent upsert of the full flat config.
    pub async fn put_connector_config(
        &self,
        name: &ConnectorName,
        config: &BTreeMap<String, String>,
    ) -> Result<ConnectorInfo, ConnectError> {
        let body = serde_json::to_value(config).unwrap_or(Value::Null);
        self.json(
            Kind::Write,
            Method::PUT,
            self.connector_url(name, &["config"]),
            Some(&body),
        )
        .await
    }

    /// `PATCH /connectors/{n}/config` (3.8+): `None` removes a key. Never creates.
    pub async fn patch_connector_config(
        &self,
        name: &ConnectorName,
        patch: &BTreeMap<String, Option<String>>,
    ) -> Result<ConnectorInfo, ConnectError> {
        let body = serde_json::to_value(patch).unwrap_or(Value::Null);
        self.json(
            Kind::Write,
            Method::PATCH,
            self.connector_url(name, &["config"]),
            Some(&body),
        )
        .await
    }

    /// `DELETE /connectors/{n}`
    pub async fn delete_connector(&self, name: &ConnectorName) -> Result<(), ConnectError> {
        self.empty(Kind::Write, Method::DELETE, self.connector_url(name, &[]))
            .await
    }

    /// `GET /connectors/{n}/status`. Right after a create this can 404 until assignment.
    pub async fn connector_status(
        &self,
        name: &ConnectorName,
    ) -> Result<ConnectorStatus, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.connector_url(name, &["status"]),
            None,
        )
        .await
    }

    /// `GET /connectors/{n}/tasks` (task configs, raw).
    pub async fn connector_tasks(
        &self,
        name: &ConnectorName,
    ) -> Result<Vec<TaskConfig>, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.connector_url(name, &["tasks"]),
            None,
        )
        .await
    }

    /// `GET /connectors/{n}/tasks/{t}/status`
    pub async fn task_status(
        &self,
        name: &ConnectorName,
        task: u32,
    ) -> Result<TaskStatus, ConnectError> {
        let task = task.to_string();
        self.json(
            Kind::Read,
            Method::GET,
            self.connector_url(name, &["tasks", &task, "status"]),
            None,
        )
        .await
    }

    /// `POST /connectors/{n}/restart[?includeTasks&onlyFailed]` (KIP-745).
    pub async fn restart_connector(
        &self,
        name: &ConnectorName,
        include_tasks: bool,
        only_failed: bool,
    ) -> Result<RestartOutcome, ConnectError> {
        let (it, of) = (include_tasks.to_string(), only_failed.to_string());
        let url = self.connector_url_q(
            name,
            &["restart"],
            &[("includeTasks", &it), ("onlyFailed", &of)],
        );
        let response = self.send(Kind::Write, Method::POST, url, None).await?;
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(RestartOutcome::Restarted);
        }
        let status = response.status().as_u16();
        let status_body =
            response
                .json::<ConnectorStatus>()
                .await
                .map_err(|e| ConnectError::Unexpected {
                    status,
                    message: format!("unreadable restart answer: {e}"),
                })?;
        Ok(RestartOutcome::Accepted(status_body))
    }

    /// `POST /connectors/{n}/tasks/{t}/restart`
    pub async fn restart_task(&self, name: &ConnectorName, task: u32) -> Result<(), ConnectError> {
        let task = task.to_string();
        self.empty(
            Kind::Write,
            Method::POST,
            self.connector_url(name, &["tasks", &task, "restart"]),
        )
        .await
    }

    /// `PUT /connectors/{n}/pause`: tasks stay allocated (and hold DB connections and slots).
    pub async fn pause_connector(&self, name: &ConnectorName) -> Result<(), ConnectError> {
        self.empty(
            Kind::Write,
            Method::PUT,
            self.connector_url(name, &["pause"]),
        )
        .await
    }

    /// `PUT /connectors/{n}/resume`: also resumes a STOPPED connector.
    pub async fn resume_connector(&self, name: &ConnectorName) -> Result<(), ConnectError> {
        self.empty(
            Kind::Write,
            Method::PUT,
            self.connector_url(name, &["resume"]),
        )
        .await
    }

    /// `PUT /connectors/{n}/stop` (3.5+): shuts tasks down; required before offset changes.
    pub async fn stop_connector(&self, name: &ConnectorName) -> Result<(), ConnectError> {
        self.empty(
            Kind::Write,
            Method::PUT,
            self.connector_url(name, &["stop"]),
        )
        .await
    }

    /// `GET /connectors/{n}/offsets` (3.5+).
    pub async fn connector_offsets(
        &self,
        name: &ConnectorName,
    ) -> Result<ConnectorOffsets, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.connector_url(name, &["offsets"]),
            None,
        )
        .await
    }

    /// `PATCH /connectors/{n}/offsets` (3.6+); the connector must be STOPPED. Returns Connect's message.
    pub async fn alter_connector_offsets(
        &self,
        name: &ConnectorName,
        offsets: &ConnectorOffsets,
    ) -> Result<String, ConnectError> {
        let body = serde_json::to_value(offsets).unwrap_or(Value::Null);
        let answer: OffsetsMessage = self
            .json(
                Kind::Write,
                Method::PATCH,
                self.connector_url(name, &["offsets"]),
                Some(&body),
            )
            .await?;
        Ok(answer.message)
    }

    /// `DELETE /connectors/{n}/offsets` (3.6+); the connector must be STOPPED.
    pub async fn reset_connector_offsets(
        &self,
        name: &ConnectorName,
    ) -> Result<String, ConnectError> {
        let answer: OffsetsMessage = self
            .json(
                Kind::Write,
                Method::DELETE,
                self.connector_url(name, &["offsets"]),
                None,
            )
            .await?;
        Ok(answer.message)
    }

    /// `GET /connectors/{n}/topics` (KIP-558).
    pub async fn connector_topics(
        &self,
        name: &ConnectorName,
    ) -> Result<Vec<String>, ConnectError> {
        let mut answer: HashMap<String, ActiveTopics> = self
            .json(
                Kind::Read,
                Method::GET,
                self.connector_url(name, &["topics"]),
                None,
            )
            .await?;
        Ok(answer
            .remove(name.as_str())
            .map(|t| t.topics)
            .unwrap_or_default())
    }

    /// `PUT /connectors/{n}/topics/reset`
    pub async fn reset_connector_topics(&self, name: &ConnectorName) -> Result<(), ConnectError> {
        self.empty(
            Kind::Write,
            Method::PUT,
            self.connector_url(name, &["topics", "reset"]),
        )
        .await
    }

    /// `GET /connector-plugins[?connectorsOnly=false]`: the answering worker's plugins.
    pub async fn plugins(&self, connectors_only: bool) -> Result<Vec<PluginInfo>, ConnectError> {
        let only = connectors_only.to_string();
        let url = self.url(&["connector-plugins"], &[("connectorsOnly", &only)]);
        self.json(Kind::Read, Method::GET, url, None).await
    }

    /// `GET /connector-plugins/{plugin}/config`
    pub async fn plugin_config(&self, plugin: &str) -> Result<Vec<ConfigKeyInfo>, ConnectError> {
        let url = self.url(&["connector-plugins", plugin, "config"], &[]);
        self.json(Kind::Read, Method::GET, url, None).await
    }

    /// `PUT /connector-plugins/{plugin}/config/validate`. Debezium opens a real database
    /// connection here, so it is slow: it counts as a write for its timeout.
    pub async fn validate_config(
        &self,
        plugin: &str,
        config: &BTreeMap<String, String>,
    ) -> Result<ConfigInfos, ConnectError> {
        let url = self.url(&["connector-plugins", plugin, "config", "validate"], &[]);
        let body = serde_json::to_value(config).unwrap_or(Value::Null);
        self.json(Kind::Write, Method::PUT, url, Some(&body)).await
    }

    /// `GET /admin/loggers`
    pub async fn loggers(&self) -> Result<BTreeMap<String, LoggerLevel>, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.url(&["admin", "loggers"], &[]),
            None,
        )
        .await
    }

    /// `GET /admin/loggers/{logger}`
    pub async fn logger(&self, logger: &str) -> Result<LoggerLevel, ConnectError> {
        self.json(
            Kind::Read,
            Method::GET,
            self.url(&["admin", "loggers", logger], &[]),
            None,
        )
        .await
    }

    /// `PUT /admin/loggers/{logger}?scope=worker|cluster`. Worker scope answers with the
    /// affected loggers; cluster scope (3.7+) answers 204, given here as an empty list.
    pub async fn set_logger_level(
        &self,
        logger: &str,
        level: &str,
        cluster_wide: bool,
    ) -> Result<Vec<String>, ConnectError> {
        let scope = if cluster_wide { "cluster" } else { "worker" };
        let url = self.url(&["admin", "loggers", logger], &[("scope", scope)]);
        let response = self
            .send(
                Kind::Write,
                Method::PUT,
                url,
                Some(&json!({ "level": level })),
            )
            .await?;
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(Vec::new());
        }
        response.json().await.map_err(|e| ConnectError::Unexpected {
            status: 200,
            message: format!("unreadable logger answer: {e}"),
        })
    }

    fn connector_url(&self, name: &ConnectorName, rest: &[&str]) -> url::Url {
        self.connector_url_q(name, rest, &[])
    }

    fn connector_url_q(
        &self,
        name: &ConnectorName,
        rest: &[&str],
        query: &[(&str, &str)],
    ) -> url::Url {
        let mut segments = vec!["connectors", name.as_str()];
        segments.extend_from_slice(rest);
        self.url(&segments, query)
    }

    /// Sends a request whose answer body does not matter (202/204).
    async fn empty(&self, kind: Kind, method: Method, url: url::Url) -> Result<(), ConnectError> {
        self.send(kind, method, url, None).await.map(drop)
    }
}
