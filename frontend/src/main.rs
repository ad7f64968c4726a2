//! Sluice's browser UI: a Leptos client-side app served by the backend.

mod api;
mod app;
mod clusters;
mod components;
mod hooks;
mod lazy_pages;
mod pages;
mod routes;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
