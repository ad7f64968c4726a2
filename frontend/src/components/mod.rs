//! Reusable pieces of UI, one per module.

mod cluster_panel;
mod connector_table;
mod error_notice;
mod polled;
mod state_badge;
pub mod time;

pub use cluster_panel::ClusterPanel;
pub use connector_table::ConnectorTable;
pub use error_notice::ErrorNotice;
pub use polled::use_polled;
pub use state_badge::StateBadge;
