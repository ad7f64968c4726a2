//! Reusable pieces of UI, one per module, used by several pages.

mod config_fields;
mod confirm;
mod copy_button;
mod diff_table;
pub mod download;
mod error_notice;
mod legacy_notice;
mod loaded;
mod state_badge;
pub mod time;
mod trace;

pub use config_fields::{AddKey, Config, Field, FreeRow, KeyMessages, errors_by_key};
pub use confirm::ConfirmDialog;
pub use copy_button::CopyButton;
pub use diff_table::DiffTable;
pub use error_notice::ErrorNotice;
pub use legacy_notice::LegacyNotice;
pub use loaded::Loaded;
pub use state_badge::StateBadge;
pub use trace::Trace;
