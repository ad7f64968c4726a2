//! The connector's name, facts (cluster, tenant, type, plugin, worker) and state, with the
//! connector's own failure trace when it has one.

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::fleet::Quarantine;
use sluice_shared::policy::Action as Permission;
use sluice_shared::{ConnectorDetail, ConnectorState};

use crate::api::{self, Session};
use crate::components::{ErrorNotice, StaleNotice, StateBadge, Trace, time};
use crate::routes::Page;

#[component]
pub fn Header(d: ConnectorDetail, #[prop(optional)] may_release: bool) -> impl IntoView {
    let degraded = d.status.connector.state == ConnectorState::Running
        && d.status
            .tasks
            .iter()
            .any(|t| t.state == ConnectorState::Failed);
    let kind = format!("{:?}", d.connector_type).to_lowercase();
    // Worker log levels are console-wide (support and admin), not a right on this connector.
    let log_level = Session::get()
        .may_at_home(Permission::ChangeLogLevels)
        .then(|| {
            let href = Page::LogLevels {
                from: Some((d.cluster_id.clone(), d.name.clone())),
            }
            .href();
            view! { <A href=href attr:class="log-link" attr:data-testid="log-level-link">"Log level"</A> }
        });
    let cluster_href = Page::Cluster {
        cluster: d.cluster_id.clone(),
    }
    .href();
    let cluster_label = d.cluster_id.clone();
    view! {
        <header class="detail-head" data-testid="connector-header" data-state=d.status.connector.state.to_string()>
            <div>
                <h1 class="page-title">{d.name.clone()}</h1>
                <dl class="facts">
                    <dt>"Cluster"</dt><dd>
                        <A href=cluster_href attr:data-testid="cluster-link">{cluster_label}</A>
                    </dd>
                    <dt>"Tenant"</dt><dd>{d.tenant.clone().unwrap_or_else(|| "unowned".into())}</dd>
                    <dt>"Type"</dt><dd>{kind}</dd>
                    <dt>"Plugin"</dt><dd title=d.connector_class.clone().unwrap_or_default()>
                        {d.connector_class.clone().unwrap_or_else(|| "—".into())}
                        {d.status.connector.version.clone().map(|v| view! { <span class="version">{v}</span> })}
                        {log_level}
                    </dd>
                    <dt>"Worker"</dt><dd data-testid="connector-worker">{match d.status.connector.worker_id.as_str() {
                        "" => "not assigned yet: Connect is starting it".to_owned(),
                        w => w.to_owned(),
                    }}</dd>
                </dl>
            </div>
            <StateBadge state=d.status.connector.state.clone() degraded=degraded />
        </header>
        {d.pending_since_ms.map(|since| view! {
            <StaleNotice since_ms=since shown_ms=Some(d.fetched_at_ms) what="The state and tasks shown are" testid="connector-pending" />
        })}
        {d.quarantine.clone().map(|q| view! { <QuarantineNotice cluster=d.cluster_id.clone() name=d.name.clone() q=q may_release=may_release /> })}
        {d.status.connector.trace.clone().map(|t| view! { <Trace label="Connector failed".to_owned() trace=t /> })}
    }
}

/// Why the console stopped the connector, and (for admins) the release.
#[component]
fn QuarantineNotice(
    cluster: String,
    name: String,
    q: Quarantine,
    may_release: bool,
) -> impl IntoView {
    let release = Action::new_local(move |_: &()| {
        let (cluster, name) = (cluster.clone(), name.clone());
        async move { api::release_quarantine(&cluster, &name).await }
    });
    view! {
        <div class="notice notice-error" role="alert" data-testid="quarantine">
            <strong>"Stopped by Sluice"</strong>
            <span>{q.finding()}</span>
            <span class="hint">{format!("Found {}.", time::local_time(Some(q.found_at_ms)))}</span>
            {may_release.then(|| view! {
                <p class="hint">"Releasing resets the connector's active topics and leaves it STOPPED: fix its config first, then resume it."</p>
                <button type="button" class="secondary" data-testid="quarantine-release"
                    disabled=move || release.pending().get() on:click=move |_| { release.dispatch(()); }>"Release"</button>
            })}
            {move || release.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}
