//! Every path the UI has, as [`Page`]: links are built from it, never from strings. The
//! router's table in `app.rs` matches the same paths.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A page of the UI, with what its path needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Fleet,
    /// One cluster: version, workers and their task balance, plugins, topology.
    Cluster {
        cluster: String,
    },
    Connector {
        cluster: String,
        name: String,
    },
    /// Every cluster's dead-letter queues.
    Dlqs,
    /// Open and past alerts, silences, webhooks.
    Alerts,
    /// Every cluster's states over time and failures per connector.
    FleetHealth,
    /// One sink connector's dead-letter queue.
    Dlq {
        cluster: String,
        name: String,
    },
    TopicAudit,
    Transfer,
    NewConnector,
    ApiKeys,
    Audit,
    Users,
    /// The signed-in user's own account: their password.
    Account,
    /// Connect's worker log levels; from a connector's page, with its plugin's loggers offered.
    LogLevels {
        /// The `(cluster, connector)` it was opened for.
        from: Option<(String, String)>,
    },
}

impl Page {
    pub fn href(&self) -> String {
        match self {
            Page::Fleet => "/".to_owned(),
            Page::Cluster { cluster } => {
                format!("/clusters/{}", js_sys::encode_uri_component(cluster))
            }
            Page::Connector { cluster, name } => connector_href(cluster, name),
            Page::Dlqs => "/dlqs".to_owned(),
            Page::Alerts => "/alerts".to_owned(),
            Page::FleetHealth => "/health".to_owned(),
            Page::Dlq { cluster, name } => format!("{}/dlq", connector_href(cluster, name)),
            Page::TopicAudit => "/topic-audit".to_owned(),
            Page::Transfer => "/transfer".to_owned(),
            Page::NewConnector => "/new".to_owned(),
            Page::ApiKeys => "/api-keys".to_owned(),
            Page::Audit => "/audit".to_owned(),
            Page::Users => "/users".to_owned(),
            Page::Account => "/account".to_owned(),
            Page::LogLevels { from: None } => "/log-levels".to_owned(),
            Page::LogLevels {
                from: Some((cluster, name)),
            } => format!(
                "/log-levels?cluster={}&connector={}",
                js_sys::encode_uri_component(cluster),
                js_sys::encode_uri_component(name)
            ),
        }
    }

    /// The connector a `/clusters/:cluster/connectors/:name[/…]` route points at.
    pub fn connector_from_route() -> (String, String) {
        let params = use_params_map();
        params.with_untracked(|p| {
            (
                p.get("cluster").unwrap_or_default(),
                p.get("name").unwrap_or_default(),
            )
        })
    }
}

fn connector_href(cluster: &str, name: &str) -> String {
    format!(
        "/clusters/{}/connectors/{}",
        js_sys::encode_uri_component(cluster),
        js_sys::encode_uri_component(name)
    )
}
