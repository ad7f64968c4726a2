//! What the console does to connectors, whoever asks: HTTP handlers, bulk actions, import and
//! the health scheduler all come through here. Each operation takes a [`target::Target`]
//! — a connector the policy already allowed — and the caller it acts for, and ends the same
//! way: Connect's outcome audited, the fleet feed refreshed, Connect's failure mapped.

pub mod alerts;
pub mod auto_restart;
pub mod create;
pub mod delete;
pub mod dlq;
pub mod edit;
pub mod events;
pub mod history;
pub mod lag;
pub mod lifecycle;
pub mod loggers;
pub mod namespace;
pub mod offsets;
pub mod owner;
pub mod plugins;
pub mod quarantine;
pub mod recovery;
pub mod redrive;
pub mod target;
pub mod timeline;
pub mod topic_audit;
