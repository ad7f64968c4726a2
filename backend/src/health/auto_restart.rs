//! Auto-restart by policy (`sluice_shared::health::decide`), carried out through the connector
//! service as the scheduler, audited, and remembered per connector in the console database.

use std::collections::{BTreeMap, HashMap};

use futures::StreamExt;
use sluice_shared::fleet::FleetEntry;
use sluice_shared::health::{
    Decision, PolicyOverride, PolicySource, RestartPolicy, RestartTrack, decide, is_failing,
};
use sluice_shared::policy::Action;
use sluice_shared::{ConnectorName, ConnectorStatus};

use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::service::lifecycle;
use crate::service::target::authorize;
use crate::state::AppState;
use crate::store::{StoreError, connector_scope, tenant_scope};

/// Connectors restarted at once, per cluster.
const CONCURRENCY: usize = 8;

/// The policy in force for a connector, and where it comes from.
pub fn effective(
    console: &RestartPolicy,
    overrides: &HashMap<String, PolicyOverride>,
    cluster_id: &str,
    connector: &str,
    tenant: Option<&str>,
) -> (RestartPolicy, PolicySource) {
    let mut policy = console.clone();
    let mut source = PolicySource::Console;
    if let Some(o) = tenant.and_then(|t| overrides.get(&tenant_scope(t))) {
        policy = policy.with(o);
        source = PolicySource::Tenant;
    }
    if let Some(o) = overrides.get(&connector_scope(cluster_id, connector)) {
        policy = policy.with(o);
        source = PolicySource::Connector;
    }
    (policy, source)
}

/// Decides and acts for every connector of a cluster listing.
pub async fn run(
    state: &AppState,
    cluster: &Cluster,
    entries: &BTreeMap<String, FleetEntry>,
    statuses: &HashMap<String, ConnectorStatus>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let id = cluster.id.as_str();
    let tracks = state.store.restart_tracks(id).await?;
    // A connector nobody tracks and that is not failing costs nothing more.
    let candidates: Vec<(String, bool)> = statuses
        .iter()
        .filter(|(name, s)| is_failing(s) || tracks.contains_key(*name))
        .map(|(name, s)| (name.clone(), is_failing(s)))
        .collect();
    // Not in the listing (deleted, or too new to have a status): its track is stale. Its
    // policy override stays until the connector is deleted through the console.
    for gone in tracks.keys().filter(|n| !statuses.contains_key(*n)) {
        state
            .store
            .set_restart_track(id, gone, &RestartTrack::default())
            .await?;
    }
    if candidates.is_empty() {
        return Ok(());
    }
    let overrides = state.store.restart_policies().await?;
    let context = Context {
        state,
        cluster,
        entries,
        tracks: &tracks,
        overrides: &overrides,
        now_ms,
    };
    let results: Vec<Result<(), StoreError>> = futures::stream::iter(candidates)
        .map(|(name, failing)| one(&context, name, failing))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    results.into_iter().collect()
}

/// What deciding for one connector needs of the cycle.
struct Context<'a> {
    state: &'a AppState,
    cluster: &'a Cluster,
    entries: &'a BTreeMap<String, FleetEntry>,
    tracks: &'a HashMap<String, RestartTrack>,
    overrides: &'a HashMap<String, PolicyOverride>,
    now_ms: i64,
}

/// Observes, decides and acts for one connector.
async fn one(cx: &Context<'_>, name: String, failing: bool) -> Result<(), StoreError> {
    let (state, cluster, now_ms) = (cx.state, cx.cluster, cx.now_ms);
    let name = name.as_str();
    let id = cluster.id.as_str();
    let entry = cx.entries.get(name);
    // The topic guard stopped it: only an admin starts it again, never a policy.
    if entry.is_some_and(|e| e.quarantine.is_some()) {
        return Ok(());
    }
    let tenant = entry.and_then(|e| e.tenant.as_deref());
    let (policy, _) = effective(&state.health.policy, cx.overrides, id, name, tenant);
    let before = cx.tracks.get(name).cloned().unwrap_or_default();
    let mut track = before.observed(failing, now_ms);
    match decide(&policy, &track, now_ms) {
        Decision::Restart { attempt } => {
            track.attempts = attempt;
            track.last_attempt_ms = Some(now_ms);
            // Stored first: a replica taking over mid-restart must not repeat it.
            state.store.set_restart_track(id, name, &track).await?;
            restart(state, cluster, name, attempt, &policy).await;
            return Ok(());
        }
        Decision::Escalate => {
            track.persistent_since_ms = Some(now_ms);
            escalate(state, cluster, name, tenant, &track).await?;
        }
        Decision::Reset => {
            track = RestartTrack {
                paused: track.paused,
                ..RestartTrack::default()
            };
        }
        Decision::Wait { .. } | Decision::Nothing => {}
    }
    if track != before {
        state.store.set_restart_track(id, name, &track).await?;
    }
    Ok(())
}

/// Restarts the failed instances of one connector, audited as the scheduler's attempt.
async fn restart(
    state: &AppState,
    cluster: &Cluster,
    name: &str,
    attempt: u32,
    policy: &RestartPolicy,
) {
    let caller = Caller::scheduler();
    let Ok(name) = ConnectorName::parse(name) else {
        return;
    };
    let target = match authorize(state, &caller, &cluster.id, &name, Action::OperateConnector).await
    {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(cluster.id = %cluster.id, connector = %name, error = %e, "auto-restart: connector not found");
            return;
        }
    };
    state
        .metrics
        .auto_restarts
        .get_or_create(&crate::metrics::Metrics::cluster(cluster.id.as_str()))
        .inc();
    match lifecycle::auto_restart(state, &caller, &target, attempt, policy.max_attempts).await {
        Ok(()) => {
            tracing::info!(cluster.id = %cluster.id, connector = %name, attempt, "auto-restart");
        }
        Err(e) => {
            tracing::warn!(cluster.id = %cluster.id, connector = %name, attempt, error = %e, "auto-restart failed");
        }
    }
}

/// Marks a connector a persistent failure: audited (the alerts read it from there and from
/// the track) and left alone until acknowledged.
async fn escalate(
    state: &AppState,
    cluster: &Cluster,
    name: &str,
    tenant: Option<&str>,
    track: &RestartTrack,
) -> Result<(), StoreError> {
    tracing::warn!(cluster.id = %cluster.id, connector = name, attempts = track.attempts, "persistent failure: automatic restarts stop");
    let mut entry = Caller::scheduler().audit_connector(
        "persistent_failure",
        cluster.id.as_str(),
        name,
        tenant.map(str::to_owned),
    );
    entry.detail = Some(serde_json::json!({ "attempts": track.attempts }).to_string());
    entry.result = "ok".to_owned();
    state.store.append_audit(&entry).await
}
