//! A connector the caller may act on, as an extractor: a handler that names `Authorized<Edit>`
//! cannot run unless the policy allowed `EditConfig` on the connector in its path — the check
//! is in the handler's signature, not a line to remember.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sluice_shared::policy::Action;

use crate::api::path::ConnectorPath;
use crate::auth::Caller;
use crate::error::AppError;
use crate::service::target::{Target, authorize};
use crate::state::AppState;

/// What a route needs on its connector.
pub trait Need {
    const ACTION: Action;
}

macro_rules! need {
    ($(#[$doc:meta])* $name:ident => $action:ident) => {
        $(#[$doc])*
        pub struct $name;
        impl Need for $name {
            const ACTION: Action = Action::$action;
        }
    };
}

need!(/// Status, tasks, offsets, topics.
    Read => ReadConnector);
need!(/// Config (redacted) and its history.
    ReadConfig => ReadConfig);
need!(/// Config edits, validation of an edit, rollback.
    Edit => EditConfig);
need!(/// Pause, resume, stop, restarts.
    Operate => OperateConnector);
need!(/// Offsets and active topics changed.
    ChangeOffsets => ChangeOffsets);
need!(/// Delete, and the replication slot a delete would leave.
    Delete => DeleteConnector);
need!(/// Record payloads: DLQ records and change events.
    Payloads => ReadPayloads);
need!(/// Sending DLQ records back.
    Replay => ReplayDlq);
need!(/// Giving the connector to a tenant.
    AssignOwnership => AssignOwnership);

/// The `{cluster}/{name}` of the path, authorized for `N`, with the caller it was
/// authorized for. Refused as the policy says: 404 when the caller may not even see it.
pub struct Authorized<N> {
    pub target: Target,
    pub caller: Caller,
    need: PhantomData<N>,
}

impl<N: Need> FromRequestParts<AppState> for Authorized<N> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let path = ConnectorPath::from_request_parts(parts, state).await?;
        let target = authorize(state, &caller, &path.cluster, &path.name, N::ACTION).await?;
        Ok(Self {
            target,
            caller,
            need: PhantomData,
        })
    }
}
