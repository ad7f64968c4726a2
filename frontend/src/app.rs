//! The app shell: who is signed in, header, routes and the page frame.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use sluice_shared::policy::Action as Permission;

use crate::api::{self, Session};
use crate::clusters::Clusters;
use crate::components::{ErrorNotice, ToastArea, Toasts};
use crate::pages::{
    AccountPage, AlertsBadge, AlertsPage, ApiKeysPage, AuditPage, ClusterPage, ConnectorPage,
    DlqPage, DlqsPage, FleetHealthPage, FleetPage, LogLevelsPage, LoginPage, NotFoundPage,
    TopicAuditPage, TransferPage, UsersPage, WizardPage,
};
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

/// The router's table: one route per [`Page`], with the paths [`Page::href`] builds.
#[component]
fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=FleetPage />
            <Route path=path!("/clusters/:cluster") view=ClusterPage />
            <Route path=path!("/clusters/:cluster/connectors/:name") view=ConnectorPage />
            <Route path=path!("/clusters/:cluster/connectors/:name/dlq") view=DlqPage />
            <Route path=path!("/dlqs") view=DlqsPage />
            <Route path=path!("/alerts") view=AlertsPage />
            <Route path=path!("/health") view=FleetHealthPage />
            <Route path=path!("/topic-audit") view=TopicAuditPage />
            <Route path=path!("/transfer") view=TransferPage />
            <Route path=path!("/new") view=WizardPage />
            <Route path=path!("/api-keys") view=ApiKeysPage />
            <Route path=path!("/audit") view=AuditPage />
            <Route path=path!("/users") view=UsersPage />
            <Route path=path!("/account") view=AccountPage />
            <Route path=path!("/log-levels") view=LogLevelsPage />
        </Routes>
    }
}
