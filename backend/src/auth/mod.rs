//! Authentication: passwords, server-side sessions with CSRF tokens, API keys with usage
//! statistics, rate limits and the addresses they are used from, login throttling, the first admin, and the `Caller` every
//! protected handler extracts.

pub mod api_key;
pub mod audit;
pub mod bootstrap;
mod caller;
pub mod key_addresses;
pub mod login_limit;
pub mod password;
pub mod session;
pub mod state;
pub mod throttle;
pub mod token;
pub mod usage;

pub use caller::{Actor, Caller};
