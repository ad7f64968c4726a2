//! Pages fetched when first visited. Each group below is a split point: `dev/split-ui` (run by
//! Trunk after every build) cuts the group's code, and whatever only it uses, into wasm chunks
//! of their own, so signing in and the fleet view download none of it. The router fetches a
//! group on the first navigation to one of its pages and keeps it.
//!
//! Pages are grouped by where people go next, not one split point per page: code shared by
//! several split points lands in a chunk per combination of them, and fourteen points made
//! 273 chunks (the wizard alone needed 120 requests of about 1 KB).

// The split points are `extern "C"` imports and `no_mangle` exports written by `#[lazy]`;
// nothing here is hand-written unsafe code.
#![allow(unsafe_code)]

use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::pages::{
    AccountPage, AlertsPage, ApiKeysPage, AuditPage, ClusterPage, ConnectorPage, DlqPage, DlqsPage,
    FleetHealthPage, LogLevelsPage, TopicAuditPage, TransferPage, UsersPage, WizardPage,
};

/// A connector's own pages, the usual next step from the fleet.
#[derive(Debug, Clone, Copy)]
pub enum ConnectorPages {
    Connector,
    Dlq,
}

#[lazy]
fn connector_pages(page: ConnectorPages) -> AnyView {
    match page {
        ConnectorPages::Connector => view! { <ConnectorPage /> }.into_any(),
        ConnectorPages::Dlq => view! { <DlqPage /> }.into_any(),
    }
}

/// Creating a connector.
#[derive(Debug, Clone, Copy)]
pub enum WizardPages {
    Wizard,
}

#[lazy]
fn wizard_pages(page: WizardPages) -> AnyView {
    match page {
        WizardPages::Wizard => view! { <WizardPage /> }.into_any(),
    }
}

/// Views across the fleet, from the top bar.
#[derive(Debug, Clone, Copy)]
pub enum FleetPages {
    Cluster,
    Dlqs,
    Alerts,
    FleetHealth,
    TopicAudit,
    Transfer,
}

#[lazy]
fn fleet_pages(page: FleetPages) -> AnyView {
    match page {
        FleetPages::Cluster => view! { <ClusterPage /> }.into_any(),
        FleetPages::Dlqs => view! { <DlqsPage /> }.into_any(),
        FleetPages::Alerts => view! { <AlertsPage /> }.into_any(),
        FleetPages::FleetHealth => view! { <FleetHealthPage /> }.into_any(),
        FleetPages::TopicAudit => view! { <TopicAuditPage /> }.into_any(),
        FleetPages::Transfer => view! { <TransferPage /> }.into_any(),
    }
}

/// Administration and one's own account.
#[derive(Debug, Clone, Copy)]
pub enum AdminPages {
    ApiKeys,
    Audit,
    Users,
    Account,
    LogLevels,
}

#[lazy]
fn admin_pages(page: AdminPages) -> AnyView {
    match page {
        AdminPages::ApiKeys => view! { <ApiKeysPage /> }.into_any(),
        AdminPages::Audit => view! { <AuditPage /> }.into_any(),
        AdminPages::Users => view! { <UsersPage /> }.into_any(),
        AdminPages::Account => view! { <AccountPage /> }.into_any(),
        AdminPages::LogLevels => view! { <LogLevelsPage /> }.into_any(),
    }
}

/// A route for each page: its view comes from its group, which the router starts fetching as
/// soon as the route matches (`preload`).
macro_rules! lazy_routes {
    ($($route:ident => $group:ident($pages:ident::$page:ident), $preload:ident;)*) => {$(
        #[doc = concat!("`", stringify!($pages), "::", stringify!($page), "`, loaded on demand.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $group($pages::$page).await
            }

            async fn preload() {
                $preload().await;
            }
        }
    )*};
}

lazy_routes! {
    ConnectorRoute => connector_pages(ConnectorPages::Connector), __preload_connector_pages;
    DlqRoute => connector_pages(ConnectorPages::Dlq), __preload_connector_pages;
    WizardRoute => wizard_pages(WizardPages::Wizard), __preload_wizard_pages;
    ClusterRoute => fleet_pages(FleetPages::Cluster), __preload_fleet_pages;
    DlqsRoute => fleet_pages(FleetPages::Dlqs), __preload_fleet_pages;
    AlertsRoute => fleet_pages(FleetPages::Alerts), __preload_fleet_pages;
    FleetHealthRoute => fleet_pages(FleetPages::FleetHealth), __preload_fleet_pages;
    TopicAuditRoute => fleet_pages(FleetPages::TopicAudit), __preload_fleet_pages;
    TransferRoute => fleet_pages(FleetPages::Transfer), __preload_fleet_pages;
    ApiKeysRoute => admin_pages(AdminPages::ApiKeys), __preload_admin_pages;
    AuditRoute => admin_pages(AdminPages::Audit), __preload_admin_pages;
    UsersRoute => admin_pages(AdminPages::Users), __preload_admin_pages;
    AccountRoute => admin_pages(AdminPages::Account), __preload_admin_pages;
    LogLevelsRoute => admin_pages(AdminPages::LogLevels), __preload_admin_pages;
}
