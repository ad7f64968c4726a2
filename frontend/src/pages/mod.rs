//! One module per page.

mod api_keys;
mod audit;
mod connector;
mod dlq;
mod dlqs;
mod fleet;
mod login;
mod not_found;
mod people;
mod topic_audit;
mod transfer;
mod wizard;

pub use api_keys::ApiKeysPage;
pub use audit::AuditPage;
pub use connector::ConnectorPage;
pub use dlq::DlqPage;
pub use dlqs::DlqsPage;
pub use fleet::FleetPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use people::UsersPage;
pub use topic_audit::TopicAuditPage;
pub use transfer::TransferPage;
pub use wizard::WizardPage;
