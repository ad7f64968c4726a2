//! A connector or task state as a coloured badge. Degraded (running with a failed task)
//! gets its own colour: Connect calls it RUNNING, an operator calls it broken.

use leptos::prelude::*;
use sluice_shared::ConnectorState;

#[component]
pub fn StateBadge(state: ConnectorState, #[prop(optional)] degraded: bool) -> impl IntoView {
    let class = if degraded {
        "badge badge-degraded"
    } else {
        match state {
            ConnectorState::Running => "badge badge-running",
            ConnectorState::Paused => "badge badge-paused",
            ConnectorState::Stopped => "badge badge-stopped",
            ConnectorState::Failed => "badge badge-failed",
            ConnectorState::Restarting | ConnectorState::Unassigned => "badge badge-pending",
            ConnectorState::Unknown(_) => "badge badge-unknown",
        }
    };
    let label = if degraded {
        "DEGRADED".to_owned()
    } else {
        state.to_string()
    };
    view! { <span class=class data-testid="state-badge">{label}</span> }
}
