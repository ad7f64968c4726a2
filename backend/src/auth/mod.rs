//! Authentication: passwords, server-side sessions with CSRF tokens, API keys with usage
//! statistics and rate limits, login throttling, the first admin, and the `Caller` every
//! protected handler extracts.

pub mod api_key;
pub mod bootstrap;
mod caller;
pub mod login_limit;
pub mod password;
pub mod session;
pub mod state;
pub mod throttle;
pub mod token;
pub mod usage;

pub use caller::{Actor, Caller};
