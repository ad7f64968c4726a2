//! The configured Connect clusters, each with its client, looked up by id.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sluice_shared::legacy::LegacyReport;
use sluice_shared::templates::Version;
use sluice_shared::tenancy::Direction;
use sluice_shared::{
    ActiveTopics, ClusterId, ConfigKeyInfo, ConnectorOffsets, ConnectorStatus, NameError,
    PluginInfo, RedactedConfig,
};

use crate::connect::{ConnectClient, ConnectError, ServerInfo};
use crate::health::exporters::Exporters;
use crate::kafka::{Kafka, KafkaError};
use crate::last_known::LastKnown;
use crate::latest::{Latest, Seen};
use crate::settings::{Settings, SettingsError};

pub struct Cluster {
    pub id: ClusterId,
    pub display_name: String,
    pub client: ConnectClient,
    pub kafka_bootstrap: Option<String>,
    /// The console's own Kafka client; `None` without Kafka settings.
    pub kafka: Option<Arc<Kafka>>,
    /// The workers' JMX exporters, for Debezium's own metrics; `None` when none is named.
    pub exporters: Option<Exporters>,
    /// PASSWORD-typed keys per connector class, from the plugin's config definitions.
    password_keys: Mutex<HashMap<String, Arc<HashSet<String>>>>,
    /// Connector plugins by class (type and version), from the plugin list.
    plugins: Mutex<HashMap<String, PluginInfo>>,
    /// Every installed plugin (converters and transforms too) and when it was asked, for the
    /// cluster overview: kept a minute, as plugins change only when workers restart.
    plugin_list: Mutex<Option<(Instant, Arc<Vec<PluginInfo>>)>>,
    /// What `GET /` last said, for the cluster list.
    server_info: Arc<Latest<Result<ServerInfo, Arc<ConnectError>>>>,
    /// The connector page's own reads, as Connect last answered them.
    pub pages: PageReads,
}

/// What a connector page asks Connect besides the fleet listing, kept per connector (the
/// definitions per class).
#[derive(Debug, Default)]
pub struct PageReads {
    /// The header's status and connector class, whether from the fleet listing or asked.
    pub header: LastKnown<(ConnectorStatus, Option<String>)>,
    pub config: LastKnown<RedactedConfig>,
    pub offsets: LastKnown<ConnectorOffsets>,
    pub topics: LastKnown<ActiveTopics>,
    /// A plugin's config definitions for the config form, by connector class.
    pub definitions: LastKnown<Vec<ConfigKeyInfo>>,
}

impl PageReads {
    /// Forgets a deleted connector: a new one of the same name shows only its own answers.
    pub fn forget(&self, name: &str) {
        self.header.forget(name);
        self.config.forget(name);
        self.offsets.forget(name);
        self.topics.forget(name);
    }
}

/// How long the overview's plugin list is kept.
const PLUGIN_LIST_TTL: Duration = Duration::from_secs(60);

/// How long what `GET /` said is used before asking again.
const SERVER_INFO_TTL: Duration = Duration::from_secs(2);

impl Cluster {
    /// Version and Kafka cluster of the workers, or why they do not answer: asked at most
    /// once per [`SERVER_INFO_TTL`] whoever wants it, and never holding a caller longer
    /// than the patience once an earlier answer exists (see [`Latest`]).
    pub async fn server_info(self: &Arc<Self>) -> Seen<Result<ServerInfo, Arc<ConnectError>>> {
        let me = self.clone();
        self.server_info
            .get(SERVER_INFO_TTL, async move {
                me.client.server_info().await.map_err(Arc::new)
            })
            .await
    }

    /// The cluster's Kafka, or why there is none.
    pub fn kafka(&self) -> Result<&Arc<Kafka>, KafkaError> {
        self.kafka
            .as_ref()
            .ok_or_else(|| KafkaError::NotConfigured(self.id.to_string()))
    }

    /// The keys a connector class declares as PASSWORD. Asked once per class and kept: a
    /// plugin's definitions only change when the workers restart with a new version. When
    /// the plugin cannot be asked, the pattern list alone protects the config.
    pub async fn password_keys(&self, class: &str) -> Arc<HashSet<String>> {
        if let Some(keys) = self.lock_keys().get(class) {
            return keys.clone();
        }
        match self.client.plugin_config(class).await {
            Ok(defs) => {
                let keys: Arc<HashSet<String>> = Arc::new(
                    defs.into_iter()
                        .filter(|d| d.is_password())
                        .map(|d| d.name)
                        .collect(),
                );
                self.lock_keys().insert(class.to_owned(), keys.clone());
                keys
            }
            Err(e) => {
                tracing::warn!(cluster.id = %self.id, class, error = %e, "no config definitions; redacting by pattern only");
                Arc::default()
            }
        }
    }

    /// The PASSWORD keys of the class a config names (`connector.class`).
    pub async fn password_keys_for(
        &self,
        config: &BTreeMap<String, String>,
    ) -> Arc<HashSet<String>> {
        let class = config.get("connector.class").map_or("", String::as_str);
        self.password_keys(class).await
    }

    /// The plugin behind a connector class, as the workers' plugin list says. The list is
    /// asked again for a class it did not hold (a plugin installed since); `None` when the
    /// class is not installed or the list cannot be read.
    pub async fn plugin(&self, class: &str) -> Option<PluginInfo> {
        if let Some(p) = self.lock_plugins().get(class) {
            return Some(p.clone());
        }
        match self.client.plugins(true).await {
            Ok(plugins) => {
                let mut known = self.lock_plugins();
                known.extend(plugins.into_iter().map(|p| (p.class.clone(), p)));
                known.get(class).cloned()
            }
            Err(e) => {
                tracing::warn!(cluster.id = %self.id, class, error = %e, "plugin list unavailable");
                None
            }
        }
    }

    /// Whether a connector class is a source or a sink; `Unknown` (checked as both) when the
    /// plugin list does not say.
    pub async fn direction(&self, class: &str) -> Direction {
        match self.plugin(class).await.map(|p| p.plugin_type) {
            Some(t) if t == "source" => Direction::Source,
            Some(t) if t == "sink" => Direction::Sink,
            _ => Direction::Unknown,
        }
    }

    /// Debezium 1.x keys in `config`, for the Debezium version installed for its class; `None`
    /// when there are none.
    pub async fn legacy_report(&self, config: &BTreeMap<String, String>) -> Option<LegacyReport> {
        let class = config.get("connector.class")?;
        // Most configs are not Debezium's: no plugin lookup for them.
        LegacyReport::new(config, None).found()?;
        let installed = self
            .plugin(class)
            .await
            .and_then(|p| p.version)
            .and_then(|v| Version::parse(&v));
        LegacyReport::new(config, installed).found()
    }

    /// Every installed plugin (`connectorsOnly=false`), asked at most once a minute.
    pub async fn plugin_list(&self) -> Result<Arc<Vec<PluginInfo>>, ConnectError> {
        let cached = self.lock_plugin_list().clone();
        if let Some((at, list)) = cached
            && at.elapsed() < PLUGIN_LIST_TTL
        {
            return Ok(list);
        }
        let list = Arc::new(self.client.plugins(false).await?);
        *self.lock_plugin_list() = Some((Instant::now(), list.clone()));
        Ok(list)
    }

    fn lock_plugin_list(
        &self,
    ) -> std::sync::MutexGuard<'_, Option<(Instant, Arc<Vec<PluginInfo>>)>> {
        self.plugin_list.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_plugins(&self) -> std::sync::MutexGuard<'_, HashMap<String, PluginInfo>> {
        self.plugins.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<HashSet<String>>>> {
        self.password_keys.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Clusters in configuration order (the order the UI shows them). Shared, so an authorized
/// target can hold its cluster past the request that looked it up.
pub struct Clusters(Vec<Arc<Cluster>>);

impl Clusters {
    pub fn from_config(config: &Settings) -> Result<Self, SettingsError> {
        config
            .clusters
            .iter()
            .map(|c| {
                Ok(Arc::new(Cluster {
                    id: c.id.clone(),
                    display_name: c.display_name().to_owned(),
                    client: ConnectClient::new(c, &config.connect)?,
                    kafka_bootstrap: c.kafka_bootstrap.clone(),
                    kafka: c
                        .kafka_access()
                        .map(|k| Kafka::new(c.id.as_str(), &k))
                        .transpose()?,
                    exporters: Exporters::new(&c.metrics, config.connect.connect_timeout),
                    password_keys: Mutex::default(),
                    plugins: Mutex::default(),
                    plugin_list: Mutex::default(),
                    server_info: Arc::default(),
                    pages: PageReads::default(),
                }))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Cluster> {
        self.0.iter().map(|c| &**c)
    }

    /// The clusters as shared handles, for work that outlives the caller's borrow.
    pub fn shared(&self) -> impl Iterator<Item = &Arc<Cluster>> {
        self.0.iter()
    }

    /// The cluster with this id.
    pub fn get(&self, id: &ClusterId) -> Result<&Arc<Cluster>, ClusterError> {
        self.0
            .iter()
            .find(|c| &c.id == id)
            .ok_or_else(|| ClusterError::NotFound(id.to_string()))
    }

    /// Parses an id that arrived as text (inside a body) and finds the cluster.
    pub fn find(&self, raw_id: &str) -> Result<&Arc<Cluster>, ClusterError> {
        self.get(&ClusterId::parse(raw_id).map_err(ClusterError::InvalidId)?)
    }
}

/// Why no cluster was found.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("{0}")]
    InvalidId(NameError),
    #[error("no cluster `{0}` is configured")]
    NotFound(String),
}
