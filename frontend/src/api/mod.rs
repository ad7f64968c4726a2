//! Every HTTP call the UI makes, typed with `sluice_shared` DTOs. Nothing else does HTTP, and
//! nothing else touches the session's CSRF token or reacts to a 401.

mod admin;
mod alerts;
mod auth;
mod clusters;
mod connectors;
mod dlq;
mod events;
mod fleet;
mod health;
mod http;
mod loggers;
mod overview;
mod session;
mod topic_audit;

pub use admin::*;
pub use alerts::*;
pub use auth::*;
pub use clusters::*;
pub use connectors::*;
pub use dlq::*;
pub use events::*;
pub use fleet::*;
pub use health::*;
pub use http::{encode, query};
pub use loggers::*;
pub use overview::*;
pub use session::Session;
pub use topic_audit::*;
