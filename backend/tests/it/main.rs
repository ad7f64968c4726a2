//! Sluice's integration tests: one binary (linking the backend once instead of once per
//! file), one module per area, all against the real dev stack (`dev/stack up --workers 2`).
//! Nothing here fakes Connect, Kafka or the databases; a missing stack fails loudly.

mod support;

mod admin;
mod alerts;
mod api;
mod api_keys;
mod auth;
mod authz_matrix;
mod cli;
mod config_edit;
mod config_history;
mod connect_client;
mod dlq;
mod durability;
mod faults;
mod fleet;
mod health;
mod hostile;
mod input_edge;
mod lag;
mod load;
mod loggers;
mod overview;
mod preflight;
mod rebalance;
mod secrets;
mod store;
mod tenancy_topics;
mod transfer;
