//! A connector's auto-restart as people see and steer it: the policy in force and where it
//! comes from, the scheduler's track, a per-connector override and pause, the acknowledgement
//! that ends a persistent failure, and a tenant's policy.

use sluice_shared::health::{
    AutoRestart, AutoRestartChange, AutoRestartStatus, Decision, PolicyOverride, decide,
};

use super::target::Target;
use crate::auth::Caller;
use crate::clock::now_ms;
use crate::error::AppError;
use crate::health::auto_restart::effective;
use crate::state::AppState;
use crate::store::{StoreError, connector_scope, tenant_scope};

/// What auto-restart is doing about `target`.
pub async fn view(state: &AppState, target: &Target) -> Result<AutoRestart, AppError> {
    let (cluster, name) = (target.cluster.id.as_str(), target.name.as_str());
    let overrides = state.store.restart_policies().await?;
    let (policy, source) = effective(
        &state.health.policy,
        &overrides,
        cluster,
        name,
        target.owner.as_deref(),
    );
    let track = state.store.restart_track(cluster, name).await?;
    let decision = decide(&policy, &track, now_ms());
    let status = if track.persistent_since_ms.is_some() {
        AutoRestartStatus::PersistentFailure
    } else if !policy.enabled {
        AutoRestartStatus::Off
    } else if track.paused {
        AutoRestartStatus::Paused
    } else if track.failing_since_ms.is_some() {
        AutoRestartStatus::Waiting
    } else {
        AutoRestartStatus::Watching
    };
    Ok(AutoRestart {
        status,
        next_attempt_ms: match decision {
            Decision::Wait { due_ms } => Some(due_ms),
            _ => None,
        },
        policy,
        source,
        connector_override: overrides.get(&connector_scope(cluster, name)).cloned(),
        track,
    })
}

/// Sets the connector's override and pause, audited.
pub async fn change(
    state: &AppState,
    caller: &Caller,
    target: &Target,
    change: &AutoRestartChange,
) -> Result<AutoRestart, AppError> {
    let (cluster, name) = (target.cluster.id.as_str(), target.name.as_str());
    if let Some(policy) = &change.policy {
        check(policy)?;
    }
    let mut entry = target.audit(caller, "auto_restart_policy");
    entry.detail = Some(serde_json::to_string(change).unwrap_or_default());
    let apply = async {
        if let Some(policy) = &change.policy {
            let scope = connector_scope(cluster, name);
            let by = caller.actor.label();
            let store = &state.store;
            store
                .set_restart_policy(&scope, policy, &by, now_ms())
                .await?;
        }
        if let Some(paused) = change.paused {
            let mut track = state.store.restart_track(cluster, name).await?;
            track.paused = paused;
            state.store.set_restart_track(cluster, name, &track).await?;
        }
        Ok::<_, StoreError>(())
    };
    state.store.audited(&mut entry, apply).await?;
    view(state, target).await
}

/// Ends a persistent failure: attempts start over (at once, if it is still failing).
pub async fn acknowledge(
    state: &AppState,
    caller: &Caller,
    target: &Target,
) -> Result<AutoRestart, AppError> {
    let (cluster, name) = (target.cluster.id.as_str(), target.name.as_str());
    let track = state.store.restart_track(cluster, name).await?;
    if track.persistent_since_ms.is_some() {
        let mut entry = target.audit(caller, "persistent_failure_acknowledged");
        entry.detail = Some(serde_json::json!({ "attempts": track.attempts }).to_string());
        let acknowledged = track.acknowledged();
        let apply = state.store.set_restart_track(cluster, name, &acknowledged);
        state.store.audited(&mut entry, apply).await?;
    }
    view(state, target).await
}

/// A tenant's override (empty when it has none).
pub async fn tenant_policy(state: &AppState, tenant: &str) -> Result<PolicyOverride, AppError> {
    state
        .store
        .tenant(tenant)
        .await?
        .ok_or(AppError::NotFound("tenant"))?;
    Ok(state
        .store
        .restart_policies()
        .await?
        .remove(&tenant_scope(tenant))
        .unwrap_or_default())
}

/// Sets a tenant's override (an empty one removes it), audited.
pub async fn set_tenant_policy(
    state: &AppState,
    caller: &Caller,
    tenant: &str,
    policy: &PolicyOverride,
) -> Result<PolicyOverride, AppError> {
    state
        .store
        .tenant(tenant)
        .await?
        .ok_or(AppError::NotFound("tenant"))?;
    check(policy)?;
    let mut entry = caller.audit("tenant_auto_restart_policy");
    entry.tenant_id = Some(tenant.to_owned());
    entry.detail = Some(serde_json::to_string(policy).unwrap_or_default());
    let (scope, by) = (tenant_scope(tenant), caller.actor.label());
    let apply = state
        .store
        .set_restart_policy(&scope, policy, &by, now_ms());
    state.store.audited(&mut entry, apply).await?;
    Ok(policy.clone())
}

fn check(policy: &PolicyOverride) -> Result<(), AppError> {
    AppError::check_fields(policy.errors())
}
