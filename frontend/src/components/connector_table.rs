//! A cluster's connectors as a table: state, type, plugin, tasks and the first error line.

use leptos::prelude::*;
use sluice_shared::{ConnectorSummary, ConnectorType};

use crate::components::StateBadge;

#[component]
pub fn ConnectorTable(connectors: Vec<ConnectorSummary>) -> impl IntoView {
    if connectors.is_empty() {
        return view! {
            <div class="empty" data-testid="no-connectors">
                <h3>"No connectors on this cluster yet"</h3>
                <p>
                    "Create one through Connect's REST API (" <code>"POST /connectors"</code>
                    "); it appears here within seconds, without a reload."
                </p>
            </div>
        }
        .into_any();
    }
    view! {
        <table class="connectors">
            <thead>
                <tr>
                    <th>"Connector"</th>
                    <th>"State"</th>
                    <th>"Type"</th>
                    <th>"Plugin"</th>
                    <th class="num">"Tasks"</th>
                    <th>"Worker"</th>
                </tr>
            </thead>
            <tbody>
                {connectors.into_iter().map(|c| view! { <ConnectorRow c=c /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ConnectorRow(c: ConnectorSummary) -> impl IntoView {
    let degraded = c.is_degraded();
    let (running, failed, total) = (c.tasks_running(), c.tasks_failed(), c.tasks.len());
    let kind = match c.connector_type {
        ConnectorType::Source => "source",
        ConnectorType::Sink => "sink",
        ConnectorType::Unknown => "unknown",
    };
    let plugin = c.short_class().unwrap_or("—").to_owned();
    let plugin_title = c.connector_class.clone().unwrap_or_default();
    let task_error = c.tasks.iter().find_map(|t| {
        t.trace
            .as_deref()
            .map(sluice_shared::connector::first_trace_line)
    });
    let error = c.error.clone().or(task_error);
    view! {
        <tr data-testid="connector-row" data-connector=c.name.clone() data-state=c.state.to_string()>
            <td class="name">
                <span class="connector-name">{c.name.clone()}</span>
                {error.map(|e| { let t = e.clone(); view! { <div class="row-error" title=t>{e}</div> } })}
            </td>
            <td><StateBadge state=c.state.clone() degraded=degraded /></td>
            <td><span class=format!("kind kind-{kind}")>{kind}</span></td>
            <td title=plugin_title>{plugin} {c.plugin_version.map(|v| view! { <span class="version">{v}</span> })}</td>
            <td class="num" data-testid="task-counts">
                {running} "/" {total}
                {(failed > 0).then(|| view! { <span class="tasks-failed">{failed} " failed"</span> })}
            </td>
            <td class="worker">{c.worker_id.clone()}</td>
        </tr>
    }
}
