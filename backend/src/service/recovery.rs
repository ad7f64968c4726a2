//! What a console that stopped mid-change left behind. A change is audited as pending first
//! (`Target::attempt` for Connect, `Store::audited` for the console's own database); one
//! still pending after the longest time Connect may take to answer a write was cut off by a
//! stop (SIGKILL, a crash, a lost machine). The sweep settles each: a create is checked
//! against Connect and finished (the owner and the first config version recorded) or marked
//! failed; any other change is marked unknown, because whether it was applied cannot be told
//! from here.

use std::time::Duration;

use sluice_shared::ConnectorName;
use sluice_shared::history::VersionSource;
use sluice_shared::redact;

use crate::clock::now_ms;
use crate::connect::ConnectError;
use crate::state::AppState;
use crate::store::{AuditEntry, StoreError};

/// The outcome given to a change cut off by a stop.
pub const UNKNOWN: &str = "unknown: the console stopped before this change's outcome was \
                           recorded; the current state shows whether it took effect";

/// The outcome given to a create that Connect never carried out.
pub const NOT_CREATED: &str =
    "failed: the console stopped before Connect answered, and the connector does not exist";

/// Sweeps as soon as this replica holds the scheduler's lease, then every `every`, settling
/// entries pending for longer than `grace` (the Connect write timeout and a margin: no live
/// request can be that old).
pub fn start(state: AppState, grace: Duration, every: Duration) {
    tokio::spawn(async move {
        loop {
            state.health.leadership.until_leader().await;
            let before = now_ms() - i64::try_from(grace.as_millis()).unwrap_or(i64::MAX);
            match sweep(&state, before).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(
                    settled = n,
                    "audit entries left pending by a console that stopped mid-change were settled"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "recovery sweep could not read the console database");
                }
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Settles every entry pending since before `before_ms`; answers how many it settled. An
/// entry whose cluster does not answer now is left for the next sweep.
pub async fn sweep(state: &AppState, before_ms: i64) -> Result<usize, StoreError> {
    let mut settled = 0;
    for entry in state.store.pending_audits(before_ms).await? {
        let outcome = if entry.action == "create" {
            match finish_create(state, &entry).await {
                Ok(outcome) => outcome,
                Err(e) => {
                    tracing::info!(audit.id = %entry.id, error = %e, "cut-off create left for the next sweep");
                    continue;
                }
            }
        } else {
            UNKNOWN
        };
        if state.store.settle_pending_audit(&entry.id, outcome).await? {
            settled += 1;
        }
    }
    Ok(settled)
}

/// A create cut off by a stop: if Connect has the connector, what the console records after a
/// create (its owner, its first config version) is recorded now. An error (Connect or the
/// database not answering) leaves the entry for the next sweep.
async fn finish_create(state: &AppState, entry: &AuditEntry) -> anyhow::Result<&'static str> {
    let (Some(cluster_id), Some(name)) = (&entry.cluster_id, &entry.connector_name) else {
        return Ok(UNKNOWN);
    };
    let (Ok(cluster), Ok(name)) = (state.clusters.find(cluster_id), ConnectorName::parse(name))
    else {
        // A cluster removed from the configuration since: nothing to ask.
        return Ok(UNKNOWN);
    };
    let info = match cluster.client.connector(&name).await {
        Ok(info) => info,
        Err(ConnectError::NotFound(_)) => return Ok(NOT_CREATED),
        Err(e) => return Err(e.into()),
    };
    let (cluster_id, connector) = (cluster.id.as_str(), name.as_str());
    if let Some(tenant) = &entry.tenant_id
        && state.store.owner(cluster_id, connector).await?.is_none()
    {
        state.store.set_owner(cluster_id, connector, tenant).await?;
    }
    if state
        .store
        .latest_config_version(cluster_id, connector)
        .await?
        .is_none()
    {
        let keys = cluster.password_keys_for(&info.config).await;
        state
            .store
            .append_config_version(
                cluster_id,
                connector,
                Some(&entry.actor),
                VersionSource::Create,
                Some("recorded after the console restarted"),
                &redact::redact_config(&info.config, &keys),
            )
            .await?;
    }
    state.fleet.invalidate(cluster_id);
    Ok("ok")
}
