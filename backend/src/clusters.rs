//! The configured Connect clusters, each with its client, looked up by id.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use sluice_shared::tenancy::Direction;
use sluice_shared::{ClusterId, NameError};

use crate::connect::ConnectClient;
use crate::settings::{Settings, SettingsError};

pub struct Cluster {
    pub id: ClusterId,
    pub display_name: String,
    pub client: ConnectClient,
    pub kafka_bootstrap: Option<String>,
    /// PASSWORD-typed keys per connector class, from the plugin's config definitions.
    password_keys: Mutex<HashMap<String, Arc<HashSet<String>>>>,
    /// Source or sink per connector class, from the plugin list.
    directions: Mutex<HashMap<String, Direction>>,
}

impl Cluster {
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
        config: &std::collections::BTreeMap<String, String>,
    ) -> Arc<HashSet<String>> {
        let class = config.get("connector.class").map_or("", String::as_str);
        self.password_keys(class).await
    }

    /// Whether a connector class is a source or a sink, as the workers' plugin list says. The
    /// list is asked again for a class it did not hold (a plugin installed since).
    pub async fn direction(&self, class: &str) -> Direction {
        if let Some(d) = self.lock_directions().get(class) {
            return *d;
        }
        match self.client.plugins(true).await {
            Ok(plugins) => {
                let mut known = self.lock_directions();
                for p in plugins {
                    let d = match p.plugin_type.as_str() {
                        "source" => Direction::Source,
                        "sink" => Direction::Sink,
                        _ => continue,
                    };
                    known.insert(p.class, d);
                }
                known.get(class).copied().unwrap_or(Direction::Unknown)
            }
            Err(e) => {
                tracing::warn!(cluster.id = %self.id, class, error = %e, "plugin list unavailable; checking the config as both source and sink");
                Direction::Unknown
            }
        }
    }

    fn lock_directions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Direction>> {
        self.directions.lock().unwrap_or_else(|e| e.into_inner())
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
                    password_keys: Mutex::default(),
                    directions: Mutex::default(),
                }))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Cluster> {
        self.0.iter().map(|c| &**c)
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
