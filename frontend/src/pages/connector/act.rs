//! The lifecycle actions a connector page offers: label, what each does, who may, and the
//! request it sends.

use sluice_shared::ApiError;
use sluice_shared::policy::Action as Permission;

use crate::api::{self, Lifecycle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Pause,
    Resume,
    Stop,
    RestartConnector,
    RestartAll,
    RestartFailed,
    Delete,
}

impl Act {
    pub fn label(self) -> &'static str {
        match self {
            Act::Pause => "Pause",
            Act::Resume => "Resume",
            Act::Stop => "Stop",
            Act::RestartConnector => "Restart connector",
            Act::RestartAll => "Restart with all tasks",
            Act::RestartFailed => "Restart failed only",
            Act::Delete => "Delete",
        }
    }

    pub fn test_id(self) -> String {
        format!("action-{}", self.label().to_lowercase().replace(' ', "-"))
    }

    /// What the confirmation says will happen.
    pub fn explain(self) -> &'static str {
        match self {
            Act::Pause => {
                "Tasks stop processing but stay assigned: a source keeps its database connection and replication slot."
            }
            Act::Resume => "The connector and its tasks run again from their committed offsets.",
            Act::Stop => {
                "Tasks shut down and release their resources. Offsets can be changed only in this state."
            }
            Act::RestartConnector => {
                "Restarts the connector instance only; its tasks keep running."
            }
            Act::RestartAll => "Restarts the connector and every task, in one request.",
            Act::RestartFailed => {
                "Restarts only the instances that FAILED (KIP-745), in one request."
            }
            Act::Delete => {
                "Removes the connector and its tasks from the cluster. Its offsets stay in Connect's offsets topic; a PostgreSQL source's replication slot stays in the database and keeps WAL until dropped."
            }
        }
    }

    pub fn required(self) -> Permission {
        match self {
            Act::Delete => Permission::DeleteConnector,
            _ => Permission::OperateConnector,
        }
    }

    pub async fn run(self, cluster: &str, name: &str) -> Result<(), ApiError> {
        match self {
            Act::Pause => api::lifecycle(cluster, name, Lifecycle::Pause).await,
            Act::Resume => api::lifecycle(cluster, name, Lifecycle::Resume).await,
            Act::Stop => api::lifecycle(cluster, name, Lifecycle::Stop).await,
            Act::RestartConnector => api::restart(cluster, name, false, false).await.map(drop),
            Act::RestartAll => api::restart(cluster, name, true, false).await.map(drop),
            Act::RestartFailed => api::restart(cluster, name, true, true).await.map(drop),
            Act::Delete => api::delete_connector(cluster, name, false).await.map(drop),
        }
    }
}
