//! Live data for views: the fleet's event stream and polling.

pub mod fleet_feed;
mod polled;

pub use polled::use_polled;
