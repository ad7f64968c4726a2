//! Reusable pieces of UI, one per module.

mod confirm;
mod copy_button;
pub mod download;
mod error_notice;
pub mod fleet_feed;
mod polled;
mod state_badge;
pub mod time;

pub use confirm::ConfirmDialog;
pub use copy_button::CopyButton;
pub use error_notice::ErrorNotice;
pub use polled::use_polled;
pub use state_badge::StateBadge;
