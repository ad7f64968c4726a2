//! `/api/v1/clusters/{cluster}/connectors/…`: every route about connectors, one file per part.
//! Handlers extract, authorize, call the connector service and shape the answer.

mod authorized;
mod config;
mod detail;
mod dlq;
mod events;
mod health;
mod lifecycle;
mod list;
mod offsets;
mod owner;
mod quarantine;
mod slot;

pub use health::Range;

use super::routes::Routes;

pub fn routes() -> Routes {
    Routes::default()
        .merge(list::routes())
        .merge(detail::routes())
        .merge(lifecycle::routes())
        .merge(config::routes())
        .merge(offsets::routes())
        .merge(slot::routes())
        .merge(owner::routes())
        .merge(quarantine::routes())
        .merge(dlq::routes())
        .merge(events::routes())
        .merge(health::routes())
}
