//! One module per page.

mod clusters;
mod not_found;

pub use clusters::ClustersPage;
pub use not_found::NotFoundPage;
