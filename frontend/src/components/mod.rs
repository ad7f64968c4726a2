//! Reusable pieces of UI, one per module, used by several pages.

mod change_event;
pub mod charts;
mod code_text;
mod config_fields;
mod confirm;
mod copy_button;
mod diff_table;
mod dlq_settings;
pub mod download;
mod error_notice;
mod kafka_notice;
mod legacy_notice;
mod link_state;
mod loaded;
pub mod payload;
mod state_badge;
mod tenant_select;
pub mod time;
mod trace;

pub use change_event::{ChangeFacts, ColumnDiff};
pub use code_text::CodeText;
pub use config_fields::{AddKey, Config, Field, FreeRow, KeyMessages, errors_by_key};
pub use confirm::ConfirmDialog;
pub use copy_button::CopyButton;
pub use diff_table::DiffTable;
pub use dlq_settings::DlqSettings;
pub use error_notice::ErrorNotice;
pub use kafka_notice::KafkaNotice;
pub use legacy_notice::LegacyNotice;
pub use link_state::LinkState;
pub use loaded::Loaded;
pub use payload::Payload;
pub use state_badge::StateBadge;
pub use tenant_select::TenantSelect;
pub use trace::Trace;
