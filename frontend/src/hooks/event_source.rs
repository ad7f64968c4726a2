//! One `EventSource`, open for as long as the component that asked is mounted: each named
//! event's data handed to a listener, and whether the stream is connected.
//!
//! The browser reconnects by itself when a stream ends (the server ends its streams every so
//! often so a signed-out session stops receiving). A connection that keeps failing is checked
//! against `/auth/me`: a 401 shows the login page, anything else a "reconnecting" state.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

use crate::api;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Live,
    Reconnecting,
    /// The browser gave up: the server refused the stream (an error status, not an event
    /// stream). Only opening it again helps.
    Closed,
}

/// Listens on `source` for the events called `names`, calling `on(name, data)` for each.
/// An `error` event the server sends (it has data) goes to `on("error", data)`; a failed
/// connection only changes the link ([`Link::Closed`] when the browser will not retry).
///
/// With `live_on_open` false the link turns live on the first named event instead of when the
/// connection opens: for a stream whose server says when it is really following (the tail's
/// `ready`).
pub fn use_event_source(
    source: Result<EventSource, JsValue>,
    names: &'static [&'static str],
    live_on_open: bool,
    on: impl Fn(&'static str, String) + 'static,
) -> RwSignal<Link> {
    let link = RwSignal::new(Link::Connecting);
    let Ok(source) = source else {
        link.set(Link::Reconnecting);
        return link;
    };
    let on = Rc::new(on);
    let mut listeners = Vec::with_capacity(names.len());
    for &name in names {
        let on = on.clone();
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(data) = e.data().as_string() {
                link.set(Link::Live);
                on(name, data);
            }
        });
        if source
            .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
            .is_err()
        {
            // Without the listener nothing would ever arrive: say so rather than look live.
            source.close();
            link.set(Link::Reconnecting);
            return link;
        }
        listeners.push(listener);
    }
    let on_open = Closure::<dyn FnMut()>::new(move || {
        link.set(if live_on_open {
            Link::Live
        } else {
            Link::Connecting
        })
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    let watched = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        // A server's `event: error` arrives here as a message with data; a failed connection
        // as a bare event.
        if let Some(data) = e
            .dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string())
        {
            on("error", data);
            return;
        }
        link.set(if watched.ready_state() == EventSource::CLOSED {
            Link::Closed
        } else {
            Link::Reconnecting
        });
        // A 401 closes the stream for good; the session check tells the two apart (the API
        // layer ends the session on a 401). Any other failure is what "reconnecting" says.
        spawn_local(async move {
            if let Err(e) = api::check_session().await {
                leptos::logging::debug_warn!("event stream: session check failed: {e}");
            }
        });
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let source = send_wrapper::SendWrapper::new(source);
    let closures = send_wrapper::SendWrapper::new((listeners, on_open, on_error));
    on_cleanup(move || {
        source.close();
        drop(closures);
    });
    link
}
