//! Authentication: passwords, server-side sessions with CSRF tokens, login rate limits,
//! the first admin, and the `Caller` every protected handler extracts.

pub mod bootstrap;
mod caller;
pub mod login_limit;
pub mod password;
pub mod session;
pub mod token;

pub use caller::Caller;
