//! The topic guard: every tenant connector's active topics (KIP-558) compared with its
//! tenant's namespace on every cycle, whoever is watching.
//!
//! The config check (`service::namespace`) cannot be complete: a plugin may take topics from
//! a field the console does not know, a record's content, or a class an admin allowed. So
//! what the connector really touched is checked after the fact too. A connector found outside
//! is stopped, put in quarantine (its tenant cannot start it again), audited and shown in the
//! fleet; an admin releases it. Quarantine is recorded before the stop, in one row per
//! connector, so two replicas finding the same connector act on it once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use sluice_shared::{ConnectorName, ConnectorState};

use crate::clusters::{Cluster, Clusters};
use crate::fleet::FleetHub;
use crate::store::{AuditEntry, Store, StoreError};

/// What a cycle reads and writes: the console database, and the fleet feed it refreshes.
#[derive(Clone)]
pub struct Guard {
    pub store: Store,
    pub fleet: Arc<FleetHub>,
    /// Only the scheduler's lease holder runs the guard.
    pub leadership: Arc<crate::health::Leadership>,
}

/// The actor the guard's audit records are filed under.
pub const ACTOR: &str = "sluice:topic-guard";

/// How many connectors of one cluster are asked for their topics at once.
const CONCURRENCY: usize = 8;

/// Checks every cluster as soon as this replica holds the scheduler's lease, then every
/// `interval` while it does.
pub fn start(guard: Guard, clusters: Arc<Clusters>, interval: Duration) {
    tokio::spawn(async move {
        loop {
            // Only the lease holder checks, from the moment it takes the lease.
            guard.leadership.until_leader().await;
            for cluster in clusters.iter() {
                if let Err(e) = check_cluster(&guard, cluster).await {
                    tracing::warn!(cluster.id = %cluster.id, error = %e, "topic guard could not read the console database");
                }
            }
            tokio::time::sleep(interval).await;
        }
    });
}

/// One cycle over one cluster's owned connectors; answers how many it put in quarantine.
pub async fn check_cluster(state: &Guard, cluster: &Cluster) -> Result<usize, StoreError> {
    let owners = state.store.owners(cluster.id.as_str()).await?;
    if owners.is_empty() {
        return Ok(0);
    }
    let namespaces: HashMap<String, _> = state
        .store
        .tenants()
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t.namespace()))
        .collect();
    let quarantined = state.store.quarantines(cluster.id.as_str()).await?;
    let found = futures::stream::iter(owners)
        .map(|(name, tenant)| {
            let (namespaces, quarantined) = (&namespaces, &quarantined);
            async move {
                let name = ConnectorName::parse(&name).ok()?;
                if quarantined.contains_key(name.as_str()) {
                    keep_stopped(state, cluster, &name).await;
                    return None;
                }
                let ns = namespaces.get(&tenant)?;
                // Tracking may be off on the workers, or the connector gone: nothing to see.
                let topics = cluster.client.connector_topics(&name).await.ok()?;
                let foreign: Vec<String> = ns
                    .foreign_topics(topics.iter().map(String::as_str))
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                (!foreign.is_empty()).then_some((name, tenant, foreign))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(std::future::ready)
        .collect::<Vec<_>>()
        .await;
    let mut acted = 0;
    for (name, tenant, foreign) in found {
        if quarantine(state, cluster, &name, &tenant, &foreign).await? {
            acted += 1;
        }
    }
    if acted > 0 {
        state.fleet.invalidate(cluster.id.as_str());
    }
    Ok(acted)
}

/// Records, stops and audits one connector found outside; `false` when another replica or
/// cycle already did.
async fn quarantine(
    state: &Guard,
    cluster: &Cluster,
    name: &ConnectorName,
    tenant: &str,
    foreign: &[String],
) -> Result<bool, StoreError> {
    let topics: Vec<&str> = foreign.iter().map(String::as_str).collect();
    let mut entry = AuditEntry::new(ACTOR.to_owned(), ACTOR.to_owned(), "quarantine");
    entry.tenant_id = Some(tenant.to_owned());
    entry.cluster_id = Some(cluster.id.to_string());
    entry.connector_name = Some(name.to_string());
    entry.detail = Some(serde_json::json!({ "foreign_topics": foreign }).to_string());
    let (cluster_id, connector) = (cluster.id.as_str(), name.as_str());
    if !state
        .store
        .quarantine_audited(cluster_id, connector, tenant, &topics, Some(&entry))
        .await?
    {
        return Ok(false);
    }
    let stopped = cluster.client.stop_connector(name).await;
    tracing::warn!(cluster.id = %cluster.id, connector = %name, tenant, topics = ?foreign, stopped = stopped.is_ok(), "connector touched topics outside its tenant's namespace: stopped and quarantined");
    entry.record_outcome(&stopped);
    state.store.append_audit(&entry).await?;
    Ok(true)
}

/// A quarantined connector started behind the console's back (or whose stop failed) is
/// stopped again.
async fn keep_stopped(state: &Guard, cluster: &Cluster, name: &ConnectorName) {
    let Ok(status) = cluster.client.connector_status(name).await else {
        return;
    };
    if status.connector.state != ConnectorState::Stopped
        && cluster.client.stop_connector(name).await.is_ok()
    {
        tracing::warn!(cluster.id = %cluster.id, connector = %name, "quarantined connector was running again: stopped");
        state.fleet.invalidate(cluster.id.as_str());
    }
}
