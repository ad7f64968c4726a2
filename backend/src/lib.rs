//! Sluice's backend: an axum service that authenticates users, enforces tenant rules and
//! proxies the Kafka Connect REST API, plus the `sluice` CLI.

pub mod alerts;
pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod clusters;
pub mod connect;
pub mod dlq_sampler;
pub mod error;
pub mod fleet;
pub mod guard;
pub mod health;
pub mod kafka;
pub mod last_known;
pub mod latest;
pub mod metrics;
pub mod service;
pub mod settings;
pub mod source_db;
pub mod state;
pub mod static_files;
pub mod store;
pub mod telemetry;
