//! Direct connections to the databases connectors capture from, with the connector's own
//! credentials (never stored by Sluice): replication slots today, the wizard's preflight next.

pub mod postgres;
pub mod preflight_pg;
