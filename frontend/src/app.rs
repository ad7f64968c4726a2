//! The app shell: who is signed in, header, routes and the page frame.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::Lazy;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use sluice_shared::policy::Action as Permission;

use crate::api::{self, Session};
use crate::clusters::Clusters;
use crate::components::{ErrorNotice, ToastArea, Toasts};
use crate::lazy_pages::{
    AccountRoute, AlertsRoute, ApiKeysRoute, AuditRoute, ClusterRoute, ConnectorRoute, DlqRoute,
    DlqsRoute, FleetHealthRoute, LogLevelsRoute, TopicAuditRoute, TransferRoute, UsersRoute,
    WizardRoute,
};
use crate::pages::{AlertsBadge, FleetPage, LoginPage, NotFoundPage};
use crate::routes::Page;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    Toasts::provide();
    spawn_local(api::restore_session());
    let allowed = move |action: Permission| session.may_at_home(action);
    let log_levels = Page::LogLevels { from: None }.href();
    view! {
        <Router>
            <header class="topbar">
                <A href=Page::Fleet.href() attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"≋"</span>
                    "Sluice"
                </A>
                <nav class="topnav">
                    <Show when=move || session.signed_in()>
                        <A href=Page::Fleet.href()>"Connectors"</A>
                        <A href=Page::Dlqs.href()>"Dead letters"</A>
                        <A href=Page::FleetHealth.href()>"Health"</A>
                        <A href=Page::Alerts.href()>"Alerts" <AlertsBadge /></A>
                        <A href=Page::TopicAudit.href()>"Topic audit"</A>
                        <A href=Page::Transfer.href()>"Export"</A>
                    </Show>
                    <Show when=move || allowed(Permission::CreateConnector)>
                        <A href=Page::NewConnector.href()>"New connector"</A>
                    </Show>
                    // Links appear exactly when the shared policy would let the API answer.
                    <Show when=move || allowed(Permission::ManageApiKeys)>
                        <A href=Page::ApiKeys.href()>"API keys"</A>
                    </Show>
                    <Show when=move || allowed(Permission::ReadAudit)>
                        <A href=Page::Audit.href()>"Audit log"</A>
                    </Show>
                    <Show when=move || allowed(Permission::ManageUsers)>
                        <A href=Page::Users.href()>"Users & tenants"</A>
                    </Show>
                    <Show when=move || allowed(Permission::ReadLogLevels)>
                        <A href=log_levels.clone()>"Log levels"</A>
                    </Show>
                </nav>
                <Identity />
            </header>
            <ToastArea />
            <main class="page">
                {move || match (session.checked(), session.signed_in()) {
                    (false, _) => view! { <p class="loading">"Loading…"</p> }.into_any(),
                    (true, false) => view! { <LoginPage /> }.into_any(),
                    (true, true) => {
                        // Asked again after every sign-in, never per page.
                        Clusters::provide();
                        view! { <PageRoutes /> }.into_any()
                    }
                }}
            </main>
        </Router>
    }
}

/// The signed-in user, role and tenant, with a sign-out button.
#[component]
fn Identity() -> impl IntoView {
    let session = Session::get();
    let sign_out = Action::new_local(|_: &()| api::logout());
    view! {
        {move || session.me().map(|m| view! {
            <div class="identity" data-testid="identity">
                <A href=Page::Account.href() attr:class="identity-name" attr:title="Your account: change your password">{m.username.clone()}</A>
                <span class="identity-role">{m.role.as_str()}</span>
                {m.tenant.clone().map(|t| view! { <span class="identity-tenant">{t}</span> })}
                <button class="link" on:click=move |_| { sign_out.dispatch(()); }>"Sign out"</button>
            </div>
        })}
        // Signed out either way; a failed request is still worth knowing about.
        {move || sign_out.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
    }
}

/// The router's table: one route per [`Page`], with the paths [`Page::href`] builds. Every page
/// but the fleet is loaded when first visited (see `lazy_pages`).
#[component]
fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=FleetPage />
            <Route path=path!("/clusters/:cluster") view={Lazy::<ClusterRoute>::new()} />
            <Route path=path!("/clusters/:cluster/connectors/:name") view={Lazy::<ConnectorRoute>::new()} />
            <Route path=path!("/clusters/:cluster/connectors/:name/dlq") view={Lazy::<DlqRoute>::new()} />
            <Route path=path!("/dlqs") view={Lazy::<DlqsRoute>::new()} />
            <Route path=path!("/alerts") view={Lazy::<AlertsRoute>::new()} />
            <Route path=path!("/health") view={Lazy::<FleetHealthRoute>::new()} />
            <Route path=path!("/topic-audit") view={Lazy::<TopicAuditRoute>::new()} />
            <Route path=path!("/transfer") view={Lazy::<TransferRoute>::new()} />
            <Route path=path!("/new") view={Lazy::<WizardRoute>::new()} />
            <Route path=path!("/api-keys") view={Lazy::<ApiKeysRoute>::new()} />
            <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()} />
            <Route path=path!("/users") view={Lazy::<UsersRoute>::new()} />
            <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} />
            <Route path=path!("/log-levels") view={Lazy::<LogLevelsRoute>::new()} />
        </Routes>
    }
}
