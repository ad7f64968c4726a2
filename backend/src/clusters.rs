//! The configured Connect clusters, each with its client, looked up by id.

use sluice_shared::ClusterId;

use crate::config::{Config, ConfigError};
use crate::connect::ConnectClient;
use crate::error::AppError;

pub struct Cluster {
    pub id: ClusterId,
    pub display_name: String,
    pub client: ConnectClient,
}

/// Clusters in configuration order (the order the UI shows them).
pub struct Clusters(Vec<Cluster>);

impl Clusters {
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        config
            .clusters
            .iter()
            .map(|c| {
                Ok(Cluster {
                    id: c.id.clone(),
                    display_name: c.display_name().to_owned(),
                    client: ConnectClient::new(c, &config.connect)?,
                })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Cluster> {
        self.0.iter()
    }

    /// Parses the id from a path and finds the cluster, or explains which part was wrong.
    pub fn get(&self, raw_id: &str) -> Result<&Cluster, AppError> {
        let id = ClusterId::parse(raw_id).map_err(|e| AppError::invalid_name("cluster", e))?;
        self.0
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| AppError::ClusterNotFound(id.to_string()))
    }
}
