//! Topic descriptions for the topic audit: partitions, replication and effective configs.

use std::collections::BTreeMap;
use std::sync::Arc;

use rdkafka::admin::{AdminClient, AdminOptions, ResourceSpecifier};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::Consumer;

use super::{Kafka, KafkaError};

/// A topic as Kafka describes it; `None` fields when it does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicDescription {
    pub name: String,
    pub partitions: Option<u32>,
    pub replication_factor: Option<u32>,
    pub configs: BTreeMap<String, String>,
}

impl Kafka {
    fn admin(&self) -> Result<&AdminClient<DefaultClientContext>, KafkaError> {
        if let Some(a) = self.admin.get() {
            return Ok(a);
        }
        let a = self
            .base
            .create()
            .map_err(|e| self.error(e, "create an admin client"))?;
        Ok(self.admin.get_or_init(|| a))
    }

    /// `names` described: partitions and replication from metadata, then the effective
    /// configs of those that exist.
    pub async fn describe(
        self: &Arc<Self>,
        names: &[String],
    ) -> Result<Vec<TopicDescription>, KafkaError> {
        let wanted = names.to_vec();
        let mut out = self.run(move |k| k.layout(&wanted)).await?;
        let existing: Vec<String> = out
            .iter()
            .filter(|t| t.partitions.is_some())
            .map(|t| t.name.clone())
            .collect();
        if existing.is_empty() {
            return Ok(out);
        }
        let specs: Vec<ResourceSpecifier<'_>> = existing
            .iter()
            .map(|n| ResourceSpecifier::Topic(n))
            .collect();
        let opts = AdminOptions::new().request_timeout(Some(self.timeout));
        let results = self
            .admin()?
            .describe_configs(specs.iter(), &opts)
            .await
            .map_err(|e| self.error(e, "describe topic configs"))?;
        for (name, result) in existing.iter().zip(results) {
            let resource = result.map_err(|code| {
                self.error(
                    rdkafka::error::KafkaError::AdminOp(code),
                    "describe topic configs",
                )
            })?;
            if let Some(t) = out.iter_mut().find(|t| &t.name == name) {
                t.configs = resource
                    .entries
                    .into_iter()
                    .filter(|e| !e.is_sensitive)
                    .filter_map(|e| Some((e.name, e.value?)))
                    .collect();
            }
        }
        Ok(out)
    }

    /// Partitions and replication of `names` from one metadata call (blocking).
    fn layout(&self, names: &[String]) -> Result<Vec<TopicDescription>, KafkaError> {
        let md = self
            .meta()?
            .fetch_metadata(None, self.timeout)
            .map_err(|e| self.error(e, "list topics"))?;
        Ok(names
            .iter()
            .map(|name| {
                let t = md
                    .topics()
                    .iter()
                    .find(|t| t.name() == name && t.error().is_none());
                TopicDescription {
                    name: name.clone(),
                    partitions: t.map(|t| u32::try_from(t.partitions().len()).unwrap_or(0)),
                    replication_factor: t.and_then(|t| {
                        t.partitions()
                            .iter()
                            .map(|p| u32::try_from(p.replicas().len()).unwrap_or(0))
                            .min()
                    }),
                    configs: BTreeMap::new(),
                }
            })
            .collect())
    }
}
