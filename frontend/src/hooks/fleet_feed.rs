//! The live fleet: one `EventSource` on `/api/v1/fleet/events`, folded into a [`Fleet`]. The
//! server sends the whole fleet first and then only what changed.

use leptos::prelude::*;
use sluice_shared::fleet::{Fleet, FleetUpdate};

use super::event_source::{Link, use_event_source};
use crate::api;

#[derive(Clone, Copy)]
pub struct FleetFeed {
    pub fleet: RwSignal<Fleet>,
    pub link: RwSignal<Link>,
    /// Whether the first event (the whole fleet of at least one cluster) has arrived.
    pub loaded: RwSignal<bool>,
}

pub fn use_fleet_feed() -> FleetFeed {
    let fleet = RwSignal::new(Fleet::default());
    let loaded = RwSignal::new(false);
    let link = use_event_source(api::fleet_events(), &["fleet"], true, move |_, text| {
        if let Ok(update) = serde_json::from_str::<FleetUpdate>(&text) {
            fleet.update(|f| f.apply(update));
            loaded.set(true);
        }
    });
    FleetFeed {
        fleet,
        link,
        loaded,
    }
}
