//! A connector's timeline: its state transitions as the scheduler recorded them, with what
//! was done to it (from the audit log: restarts by people and the scheduler, config changes,
//! escalations) and its alerts firing and resolving interleaved, oldest first.

use sluice_shared::health::{Timeline, TimelineEntry};

use super::target::Target;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::AuditFilter;

/// Entries of each kind read at most; the newest are kept.
const LIMIT: i64 = 1000;

/// Actions whose audit detail says nothing a reader of the connector may not see (a config
/// change's detail is for the audit log's readers only).
const DETAILED: &[&str] = &[
    "restart",
    "restart_task",
    "auto_restart",
    "persistent_failure",
    "persistent_failure_acknowledged",
    "auto_restart_policy",
];

pub async fn read(
    state: &AppState,
    target: &Target,
    from_ms: i64,
    to_ms: i64,
) -> Result<Timeline, AppError> {
    let (cluster, name) = (target.cluster.id.as_str(), target.name.as_str());
    let transitions = state
        .store
        .transitions_of(cluster, name, from_ms, to_ms, LIMIT)
        .await?;
    let actions = state
        .store
        .search_audit(&AuditFilter {
            cluster: Some(cluster.to_owned()),
            connector: Some(name.to_owned()),
            before_ms: Some(to_ms.saturating_add(1)),
            limit: LIMIT,
            ..AuditFilter::default()
        })
        .await?;
    let alerts = state
        .store
        .alerts_of_connector(cluster, name, from_ms, to_ms)
        .await?;
    let truncated = transitions.len() as i64 >= LIMIT || actions.len() as i64 >= LIMIT;
    let in_range = |at: i64| (from_ms..=to_ms).contains(&at);
    let alert_marks = alerts.into_iter().flat_map(|a| {
        let mark = |at_ms: i64, change: &str| TimelineEntry::Alert {
            at_ms,
            alert: a.state.key.kind,
            severity: a.state.severity,
            change: change.to_owned(),
            summary: a.state.summary.clone(),
        };
        let fired = a
            .state
            .fired_ms
            .filter(|t| in_range(*t))
            .map(|t| mark(t, "fired"));
        let resolved = a
            .resolved_ms
            .filter(|t| in_range(*t))
            .map(|t| mark(t, "resolved"));
        fired.into_iter().chain(resolved)
    });
    let mut entries: Vec<TimelineEntry> = transitions
        .into_iter()
        .map(TimelineEntry::State)
        .chain(
            actions
                .into_iter()
                .filter(|a| a.at >= from_ms)
                .map(|a| TimelineEntry::Action {
                    at_ms: a.at,
                    detail: a.detail.filter(|_| DETAILED.contains(&a.action.as_str())),
                    actor: a.actor,
                    action: a.action,
                    result: a.result,
                }),
        )
        .chain(alert_marks)
        .collect();
    entries.sort_by_key(TimelineEntry::at_ms);
    Ok(Timeline {
        from_ms,
        to_ms,
        entries,
        truncated,
    })
}
