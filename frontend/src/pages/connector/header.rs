//! The connector's name, facts (cluster, tenant, type, plugin, worker) and state, with the
//! connector's own failure trace when it has one.

use leptos::prelude::*;
use sluice_shared::{ConnectorDetail, ConnectorState};

use crate::components::{StateBadge, Trace};

#[component]
pub fn Header(d: ConnectorDetail) -> impl IntoView {
    let degraded = d.status.connector.state == ConnectorState::Running
        && d.status
            .tasks
            .iter()
            .any(|t| t.state == ConnectorState::Failed);
    let kind = format!("{:?}", d.connector_type).to_lowercase();
    view! {
        <header class="detail-head" data-testid="connector-header" data-state=d.status.connector.state.to_string()>
            <div>
                <h1 class="page-title">{d.name.clone()}</h1>
                <dl class="facts">
                    <dt>"Cluster"</dt><dd>{d.cluster_id.clone()}</dd>
                    <dt>"Tenant"</dt><dd>{d.tenant.clone().unwrap_or_else(|| "unowned".into())}</dd>
                    <dt>"Type"</dt><dd>{kind}</dd>
                    <dt>"Plugin"</dt><dd title=d.connector_class.clone().unwrap_or_default()>
                        {d.connector_class.clone().unwrap_or_else(|| "—".into())}
                        {d.status.connector.version.clone().map(|v| view! { <span class="version">{v}</span> })}
                    </dd>
                    <dt>"Worker"</dt><dd>{d.status.connector.worker_id.clone()}</dd>
                </dl>
            </div>
            <StateBadge state=d.status.connector.state.clone() degraded=degraded />
        </header>
        {d.status.connector.trace.clone().map(|t| view! { <Trace label="Connector failed".to_owned() trace=t /> })}
    }
}
