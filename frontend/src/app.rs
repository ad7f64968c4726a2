//! The app shell: header, routes and the page frame.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::pages::{ClustersPage, NotFoundPage};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"≋"</span>
                    "Sluice"
                </A>
                <nav class="topnav">
                    <A href="/">"Clusters"</A>
                </nav>
            </header>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=ClustersPage />
                </Routes>
            </main>
        </Router>
    }
}
