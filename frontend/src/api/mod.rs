//! Every HTTP call the UI makes, typed with `sluice_shared` DTOs. Nothing else does HTTP, and
//! nothing else touches the session's CSRF token or reacts to a 401.

mod admin;
mod auth;
mod clusters;
mod connectors;
mod fleet;
mod http;
mod session;

pub use admin::*;
pub use auth::*;
pub use clusters::*;
pub use connectors::*;
pub use fleet::*;
pub use session::Session;
