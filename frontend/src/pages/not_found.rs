//! Shown for any path the router does not know.

use leptos::prelude::*;

use crate::routes::Page;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="empty">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at this address. " <a href=Page::Fleet.href()>"Back to the clusters"</a></p>
        </section>
    }
}
