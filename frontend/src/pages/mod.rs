//! One module per page.

mod api_keys;
mod clusters;
mod login;
mod not_found;

pub use api_keys::ApiKeysPage;
pub use clusters::ClustersPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
