//! Whether the live stream is connected: "live", "connecting…" or "reconnecting…".

use leptos::prelude::*;

use crate::hooks::fleet_feed::Link;

#[component]
pub fn LinkState(link: RwSignal<Link>) -> impl IntoView {
    view! {
        <span class=move || match link.get() { Link::Live => "live live-on", _ => "live live-off" } data-testid="live-state">
            {move || match link.get() {
                Link::Connecting => "connecting…",
                Link::Live => "live",
                Link::Reconnecting => "reconnecting…",
            }}
        </span>
    }
}
