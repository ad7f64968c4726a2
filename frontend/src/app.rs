//! The app shell: who is signed in, header, routes and the page frame.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use sluice_shared::policy::Action;

use crate::pages::{
    ApiKeysPage, AuditPage, ConnectorPage, FleetPage, LoginPage, NotFoundPage, TransferPage,
    UsersPage, WizardPage,
};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    let allowed = move |action: Action| {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.may_at_home(action)))
    };
    spawn_local(async move {
        session.me.set(api::me().await.ok());
        session.checked.set(true);
    });
    view! {
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"≋"</span>
                    "Sluice"
                </A>
                <nav class="topnav">
                    <Show when=move || session.me.with(Option::is_some)>
                        <A href="/">"Connectors"</A>
                        <A href="/transfer">"Export & import"</A>
                    </Show>
                    <Show when=move || allowed(Action::CreateConnector)>
                        <A href="/new">"New connector"</A>
                    </Show>
                    // Links appear exactly when the shared policy would let the API answer.
                    <Show when=move || allowed(Action::ManageApiKeys)>
                        <A href="/api-keys">"API keys"</A>
                    </Show>
                    <Show when=move || allowed(Action::ReadAudit)>
                        <A href="/audit">"Audit log"</A>
                    </Show>
                    <Show when=move || allowed(Action::ManageUsers)>
                        <A href="/users">"Users & tenants"</A>
                    </Show>
                </nav>
                <Identity />
            </header>
            <main class="page">
                {move || match (session.checked.get(), session.me.with(Option::is_some)) {
                    (false, _) => view! { <p class="loading">"Loading…"</p> }.into_any(),
                    (true, false) => view! { <LoginPage /> }.into_any(),
                    (true, true) => view! {
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=FleetPage />
                            <Route path=path!("/clusters/:cluster/connectors/:name") view=ConnectorPage />
                            <Route path=path!("/transfer") view=TransferPage />
                            <Route path=path!("/new") view=WizardPage />
                            <Route path=path!("/api-keys") view=ApiKeysPage />
                            <Route path=path!("/audit") view=AuditPage />
                            <Route path=path!("/users") view=UsersPage />
                        </Routes>
                    }.into_any(),
                }}
            </main>
        </Router>
    }
}

/// The signed-in user, role and tenant, with a sign-out button.
#[component]
fn Identity() -> impl IntoView {
    let session = Session::get();
    let me = move || session.and_then(|s| s.me.get());
    let sign_out = move |_| {
        let Some(s) = session else { return };
        let Some(token) = s.me.get_untracked().map(|m| m.csrf_token) else {
            return;
        };
        spawn_local(async move {
            // Whatever the answer, this browser is signed out.
            let _ = api::logout(&token).await;
            s.expire();
        });
    };
    view! {
        {move || me().map(|m| view! {
            <div class="identity" data-testid="identity">
                <span class="identity-name">{m.username.clone()}</span>
                <span class="identity-role">{m.role.as_str()}</span>
                {m.tenant.clone().map(|t| view! { <span class="identity-tenant">{t}</span> })}
                <button class="link" on:click=sign_out>"Sign out"</button>
            </div>
        })}
    }
}
