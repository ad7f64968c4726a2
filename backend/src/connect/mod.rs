//! Typed client for the Kafka Connect REST API (Kafka 3.9 and 4.x).
//!
//! One [`ConnectClient`] per configured cluster. It owns that cluster's credentials, applies
//! timeouts and a circuit breaker, retries requests that a rebalance refused (recognised by
//! Connect's *message*, since "already exists" shares the 409), and converts wire shapes into
//! `sluice_shared` DTOs.

mod breaker;
mod client;
mod endpoints;
mod error;
pub mod metrics;
mod retry;
pub mod timing;

pub use client::{ClientStats, ConnectClient};
pub use endpoints::{
    ActiveTopics, InitialState, LoggerLevel, RestartOutcome, ServerInfo, TaskConfig,
};
pub use error::ConnectError;
