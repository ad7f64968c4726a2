//! One scheduler cycle over one cluster: what changed since the last look, counts per state,
//! auto-restart, then alerts.

use std::collections::BTreeMap;

use sluice_shared::ConnectorStatus;
use sluice_shared::health::{StateCounts, transitions};

use super::auto_restart;
use crate::alerts::evaluate::{self, Seen};
use crate::clusters::Cluster;
use crate::fleet::ListingError;
use crate::state::AppState;
use crate::store::StoreError;

/// Looks at `cluster` as of `now_ms`. A cluster that cannot be listed changes nothing: its
/// connectors are not "gone", only unseen.
pub async fn run(state: &AppState, cluster: &Cluster, now_ms: i64) -> Result<(), StoreError> {
    let id = cluster.id.as_str();
    let listing = state.fleet.listing(cluster).await;
    let entries = match &listing.entries {
        Ok(entries) => entries,
        Err(ListingError::Connect(e)) => {
            tracing::debug!(cluster.id = id, error = %e, "health cycle: cluster not listed");
            return evaluate::run(state, cluster, Seen::Unreachable(e.to_string()), now_ms).await;
        }
        // The console's own database failed: nothing is known of the cluster either way.
        Err(ListingError::Owners) => return Ok(()),
    };
    let before = state.store.health_look(id).await?;
    let (changes, look) = transitions(&before, listing.statuses.values(), now_ms);
    state.store.record_transitions(id, &changes, &look).await?;
    let mut by_tenant: BTreeMap<String, Vec<&ConnectorStatus>> = BTreeMap::new();
    for (name, status) in &listing.statuses {
        let tenant = entries.get(name).and_then(|e| e.tenant.clone());
        by_tenant
            .entry(tenant.unwrap_or_default())
            .or_default()
            .push(status);
    }
    let counts = by_tenant
        .into_iter()
        .map(|(tenant, statuses)| (tenant, StateCounts::of(statuses)))
        .collect();
    state
        .store
        .add_health_samples(id, now_ms - now_ms % 60_000, &counts)
        .await?;
    auto_restart::run(state, cluster, entries, &listing.statuses, now_ms).await?;
    let seen = Seen::Listed {
        entries,
        statuses: &listing.statuses,
    };
    evaluate::run(state, cluster, seen, now_ms).await
}
