//! The live fleet: one `EventSource` on `/api/v1/fleet/events`, folded into a [`Fleet`].
//!
//! The server sends the whole fleet first and then only what changed; the browser reconnects
//! by itself when the stream ends (the server ends it every few minutes so a signed-out session
//! stops receiving). A connection that keeps failing is checked against `/auth/me`: a 401
//! shows the login page, anything else a "reconnecting" state.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::fleet::{Fleet, FleetUpdate};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::MessageEvent;

use crate::api;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Live,
    Reconnecting,
}

#[derive(Clone, Copy)]
pub struct FleetFeed {
    pub fleet: RwSignal<Fleet>,
    pub link: RwSignal<Link>,
    /// Whether the first event (the whole fleet of at least one cluster) has arrived.
    pub loaded: RwSignal<bool>,
}

pub fn use_fleet_feed() -> FleetFeed {
    let feed = FleetFeed {
        fleet: RwSignal::new(Fleet::default()),
        link: RwSignal::new(Link::Connecting),
        loaded: RwSignal::new(false),
    };
    let Ok(source) = api::fleet_events() else {
        feed.link.set(Link::Reconnecting);
        return feed;
    };
    let on_update = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else {
            return;
        };
        if let Ok(update) = serde_json::from_str::<FleetUpdate>(&text) {
            feed.fleet.update(|f| f.apply(update));
            feed.loaded.set(true);
            feed.link.set(Link::Live);
        }
    });
    if source
        .add_event_listener_with_callback("fleet", on_update.as_ref().unchecked_ref())
        .is_err()
    {
        // Without the listener no update would ever arrive: say so rather than look live.
        source.close();
        feed.link.set(Link::Reconnecting);
        return feed;
    }
    let on_open = Closure::<dyn FnMut()>::new(move || feed.link.set(Link::Live));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut()>::new(move || {
        feed.link.set(Link::Reconnecting);
        // A 401 closes the stream for good; the session check tells the two apart (the API
        // layer ends the session on a 401). Any other failure is what "reconnecting" says.
        spawn_local(async move {
            if let Err(e) = api::check_session().await {
                leptos::logging::debug_warn!("fleet stream: session check failed: {e}");
            }
        });
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let source = send_wrapper::SendWrapper::new(source);
    let closures = send_wrapper::SendWrapper::new((on_update, on_open, on_error));
    on_cleanup(move || {
        source.close();
        drop(closures);
    });
    feed
}
