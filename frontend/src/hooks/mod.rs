//! Live data for views: event streams (the fleet's, a connector's records) and polling.

pub mod event_source;
pub mod fleet_feed;
mod polled;

pub use polled::{use_polled, use_polled_by};
