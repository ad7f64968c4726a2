//! One module per page.

mod account;
mod alerts;
mod api_keys;
mod audit;
mod cluster;
mod connector;
mod dlq;
mod dlqs;
mod fleet;
mod fleet_health;
mod log_levels;
mod login;
mod not_found;
mod people;
mod topic_audit;
mod transfer;
mod wizard;

pub use account::AccountPage;
pub use alerts::{AlertsBadge, AlertsPage};
pub use api_keys::ApiKeysPage;
pub use audit::AuditPage;
pub use cluster::ClusterPage;
pub use connector::ConnectorPage;
pub use dlq::DlqPage;
pub use dlqs::DlqsPage;
pub use fleet::FleetPage;
pub use fleet_health::FleetHealthPage;
pub use log_levels::LogLevelsPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use people::UsersPage;
pub use topic_audit::TopicAuditPage;
pub use transfer::TransferPage;
pub use wizard::WizardPage;
