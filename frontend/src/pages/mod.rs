//! One module per page.

mod clusters;
mod login;
mod not_found;

pub use clusters::ClustersPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
