//! The topic audit of a cluster: the schema history, dead-letter, data and heartbeat topics of
//! the connectors the caller may see, described by Kafka and checked against seed 004's table.

use std::collections::BTreeMap;

use futures::StreamExt;
use sluice_shared::policy::{Action, Resource};
use sluice_shared::records::KafkaState;
use sluice_shared::topic_audit::{AuditedTopic, TopicAuditReport, TopicFacts, TopicRole, audit};
use sluice_shared::{ConnectorName, ConnectorType};

use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::error::AppError;
use crate::kafka::KafkaError;
use crate::state::AppState;

/// Config keys naming a historized connector's schema history topic (2.x, then 1.x).
const HISTORY_KEYS: [&str; 2] = [
    "schema.history.internal.kafka.topic",
    "database.history.kafka.topic",
];

/// The role of each topic the caller's connectors name or write, and which connector.
async fn pipeline_topics(
    state: &AppState,
    caller: &Caller,
    cluster: &Cluster,
) -> Result<BTreeMap<String, (TopicRole, String)>, AppError> {
    let expanded = cluster
        .client
        .connectors_expanded()
        .await
        .map_err(AppError::connect(&cluster.id))?;
    let owners = state.store.owners(cluster.id.as_str()).await?;
    let mut topics: BTreeMap<String, (TopicRole, String)> = BTreeMap::new();
    let mut sources = Vec::new();
    for (name, e) in expanded {
        let owner = owners.get(&name).cloned();
        if !caller
            .principal
            .may(Action::ReadConnector, &Resource::Connector { owner })
        {
            continue;
        }
        let Some(info) = e.info else { continue };
        for key in HISTORY_KEYS {
            if let Some(t) = info.config.get(key).filter(|t| !t.trim().is_empty()) {
                topics.insert(
                    t.trim().to_owned(),
                    (TopicRole::SchemaHistory, name.clone()),
                );
            }
        }
        if info.connector_type == ConnectorType::Sink
            && let Some(t) = info
                .config
                .get("errors.deadletterqueue.topic.name")
                .filter(|t| !t.trim().is_empty())
        {
            topics.insert(t.trim().to_owned(), (TopicRole::DeadLetter, name.clone()));
        }
        if info.connector_type == ConnectorType::Source {
            sources.push(name);
        }
    }
    // A source's data topics are the ones Connect saw it write (one call per source, a few at
    // a time).
    let written: Vec<(String, Vec<String>)> = futures::stream::iter(sources)
        .map(|name| async move {
            let topics = match ConnectorName::parse(&name) {
                Ok(n) => cluster
                    .client
                    .connector_topics(&n)
                    .await
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            (name, topics)
        })
        .buffer_unordered(8)
        .collect()
        .await;
    for (name, ts) in written {
        for t in ts {
            let role = if t.starts_with("__debezium-heartbeat") {
                TopicRole::Heartbeat
            } else {
                TopicRole::Data
            };
            topics.entry(t).or_insert((role, name.clone()));
        }
    }
    Ok(topics)
}

pub async fn report(
    state: &AppState,
    caller: &Caller,
    cluster: &Cluster,
) -> Result<TopicAuditReport, AppError> {
    let topics = pipeline_topics(state, caller, cluster).await?;
    let listed = |described: Option<&[crate::kafka::TopicDescription]>| -> Vec<AuditedTopic> {
        topics
            .iter()
            .map(|(name, (role, connector))| {
                let d = described.and_then(|ds| ds.iter().find(|d| &d.name == name));
                AuditedTopic {
                    name: name.clone(),
                    role: *role,
                    connector: connector.clone(),
                    partitions: d.and_then(|d| d.partitions),
                    replication_factor: d.and_then(|d| d.replication_factor),
                }
            })
            .collect()
    };
    let kafka = match cluster.kafka() {
        Ok(k) => k.clone(),
        Err(_) => {
            return Ok(TopicAuditReport {
                kafka: KafkaState::NotConfigured,
                topics: listed(None),
                findings: Vec::new(),
            });
        }
    };
    let names: Vec<String> = topics.keys().cloned().collect();
    let described = match kafka.describe(&names).await {
        Ok(d) => d,
        Err(e @ (KafkaError::Unreachable { .. } | KafkaError::Refused(_))) => {
            return Ok(TopicAuditReport {
                kafka: KafkaState::Unreachable {
                    message: e.to_string(),
                },
                topics: listed(None),
                findings: Vec::new(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let mut findings: Vec<_> = described
        .iter()
        .filter_map(|d| {
            let (role, _) = topics.get(&d.name)?;
            Some(TopicFacts {
                name: d.name.clone(),
                role: *role,
                partitions: d.partitions?,
                replication_factor: d.replication_factor.unwrap_or(0),
                configs: d.configs.clone(),
            })
        })
        .flat_map(|facts| audit(&facts))
        .map(|mut f| {
            f.fix = f.fix.replace("<bootstrap>", &kafka.bootstrap);
            f
        })
        .collect();
    findings.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.topic.cmp(&b.topic)));
    Ok(TopicAuditReport {
        kafka: KafkaState::Reachable,
        topics: listed(Some(&described)),
        findings,
    })
}
