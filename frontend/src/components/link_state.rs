//! Whether a live stream is connected: "live", "connecting…", "reconnecting…" or given up.

use leptos::prelude::*;

use crate::hooks::event_source::Link;

#[component]
pub fn LinkState(
    link: RwSignal<Link>,
    /// `data-testid`; `live-state` unless said.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <span class=move || match link.get() { Link::Live => "live live-on", _ => "live live-off" } data-testid=testid.unwrap_or("live-state")>
            {move || match link.get() {
                Link::Connecting => "connecting…",
                Link::Live => "live",
                Link::Reconnecting => "reconnecting…",
                Link::Closed => "disconnected: reload to retry",
            }}
        </span>
    }
}
