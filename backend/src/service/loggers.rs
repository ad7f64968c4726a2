//! Worker log levels (KIP-495): every logger of a cluster's workers, and one level changed —
//! audited with the level it had — for support staff and admins. A logger is worker-wide, so
//! these act on a cluster's workers as a whole, never on one tenant's connectors.

use std::sync::Arc;

use sluice_shared::ClusterId;
use sluice_shared::loggers::{
    LevelChange, LoggerChanged, LoggerInfo, LoggerScope, effective_level, sort_loggers,
};
use sluice_shared::policy::{Action, Resource};

use crate::auth::Caller;
use crate::clusters::Cluster;
use crate::error::AppError;
use crate::state::AppState;

/// The audit action of a level change.
pub const AUDIT_ACTION: &str = "logger_level";

/// A cluster's workers the caller may act on for the action they were authorized for. Only
/// [`Workers::authorize`] makes one, so holding it means the policy said yes.
pub struct Workers {
    pub cluster: Arc<Cluster>,
}

impl Workers {
    /// The cluster's workers, after checking `action` (`ReadLogLevels`, `ChangeLogLevels`) is
    /// allowed console-wide: one logger serves every tenant's connectors on a worker.
    pub fn authorize(
        state: &AppState,
        caller: &Caller,
        cluster: &ClusterId,
        action: Action,
    ) -> Result<Self, AppError> {
        caller.require(action, &Resource::Console)?;
        Ok(Self {
            cluster: state.clusters.get(cluster)?.clone(),
        })
    }

    /// Every logger the answering worker knows, with its level and when the API last changed
    /// it; `root` first, then by name.
    pub async fn loggers(&self) -> Result<Vec<LoggerInfo>, AppError> {
        let listing = self
            .cluster
            .client
            .loggers()
            .await
            .map_err(AppError::connect(&self.cluster.id))?;
        let mut loggers: Vec<LoggerInfo> = listing
            .into_iter()
            .map(|(name, l)| LoggerInfo {
                name,
                level: l.level,
                last_modified: l.last_modified,
            })
            .collect();
        sort_loggers(&mut loggers);
        Ok(loggers)
    }

    /// Sets one logger's level and files the change — logger, old level, new level, scope,
    /// and Connect's outcome — in the audit log, whether Connect accepted it or not.
    pub async fn set_level(
        &self,
        state: &AppState,
        caller: &Caller,
        change: &LevelChange,
    ) -> Result<LoggerChanged, AppError> {
        let logger = change.logger.as_str();
        // The level before, as the answering worker has it (its own, or inherited from the
        // nearest configured ancestor): what a reset goes back to. Not knowing it does not
        // stop the change; the audit entry then says `null`.
        let previous = match self.loggers().await {
            Ok(list) => effective_level(&list, logger).map(str::to_owned),
            Err(e) => {
                tracing::warn!(cluster.id = %self.cluster.id, logger, error = %e, "level before the change unknown");
                None
            }
        };
        let mut entry = caller.audit(AUDIT_ACTION);
        entry.cluster_id = Some(self.cluster.id.to_string());
        let detail = |scope: LoggerScope, affected: Option<&Vec<String>>| {
            serde_json::json!({
                "logger": logger,
                "old_level": previous,
                "new_level": change.level,
                "scope": scope,
                "affected": affected,
            })
            .to_string()
        };
        entry.detail = Some(detail(change.scope, None));
        // Pending first, like every change sent to Connect (see `Target::attempt`).
        state.store.intend_audit(&entry).await?;
        let outcome = self
            .cluster
            .client
            .set_logger_level(
                logger,
                change.level.as_str(),
                change.scope == LoggerScope::Cluster,
            )
            .await;
        // Connect 3.7+ accepts cluster scope with 204 and no body. One before 3.7 ignores
        // `scope` and answers the worker-scope list: then only the answering worker changed.
        let scope = match &outcome {
            Ok(affected) if change.scope == LoggerScope::Cluster && !affected.is_empty() => {
                tracing::warn!(cluster.id = %self.cluster.id, logger, "cluster scope not supported (Connect before 3.7): applied to one worker");
                LoggerScope::Worker
            }
            _ => change.scope,
        };
        entry.detail = Some(detail(scope, outcome.as_ref().ok()));
        entry.record_outcome(&outcome);
        state.store.append_audit(&entry).await?;
        let affected = outcome.map_err(AppError::connect(&self.cluster.id))?;
        tracing::info!(
            cluster.id = %self.cluster.id,
            user.id = caller.actor.id(),
            logger,
            level = %change.level,
            scope = scope.as_str(),
            "logger level changed"
        );
        Ok(LoggerChanged {
            logger: logger.to_owned(),
            level: change.level,
            scope,
            previous,
            affected,
        })
    }
}
