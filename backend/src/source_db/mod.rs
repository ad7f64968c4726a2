//! Direct connections to the databases connectors capture from, with the connector's own
//! credentials (never stored by Sluice): replication slots, the wizard's preflight and catalog.

pub mod binlog;
pub mod catalog;
pub mod postgres;
pub mod preflight;
mod preflight_mysql;
mod preflight_pg;
mod sign_in;
