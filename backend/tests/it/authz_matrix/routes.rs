//! The matrix's side of the route list: every `/api/v1` route with what it acts on, which
//! decides the answer each caller must get.

use sluice_shared::policy::Action;

/// What a route is applied to, which decides the expected answer.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// No sign-in needed.
    Public,
    /// Any signed-in caller; results are filtered by the policy inside.
    SignedIn,
    /// Needs a browser session (not an API key); excluded from the walk because it ends it.
    SessionOnly,
    /// A connector route needing this action on the connector.
    Connector(Action),
    /// Listing API keys: the caller's scope.
    KeyList,
    /// Creating an API key in a tenant.
    KeyCreate,
    /// One API key, in a tenant or console-wide.
    Key,
    /// The console as a whole (users, tenants).
    Console(Action),
    /// The audit log: the caller's scope.
    Audit,
    /// Creating a connector in a tenant (or unowned).
    Create,
    /// A bulk action: always 200, with each connector's allow or deny in its result.
    Bulk,
    /// Importing one connector that exists (unchanged): needs EditConfig on it.
    ImportApply,
    /// The creation wizard's helpers (defaults, preflight, catalog): whoever may create in
    /// their own scope.
    Wizard,
    /// A cluster's workers as a whole (log levels): worker-wide, so asked console-wide.
    Workers(Action),
    /// An id nobody has (an alert, a silence): 404 for every caller, before any policy, so
    /// the answer says nothing of what exists.
    Unknown,
}

/// Every route of `/api/v1`, with what it acts on.
pub const ROUTES: &[(&str, &str, Target)] = &[
    ("POST", "/api/v1/auth/login", Target::Public),
    ("POST", "/api/v1/auth/logout", Target::SessionOnly),
    ("GET", "/api/v1/auth/me", Target::SignedIn),
    ("GET", "/api/v1/clusters", Target::SignedIn),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors",
        Target::SignedIn,
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/status",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/config",
        Target::Connector(Action::ReadConfig),
    ),
    (
        "POST",
        "/api/v1/clusters/{cluster}/connectors/{name}/restart",
        Target::Connector(Action::OperateConnector),
    ),
    ("GET", "/api/v1/api-keys", Target::KeyList),
    ("POST", "/api/v1/api-keys", Target::KeyCreate),
    ("GET", "/api/v1/api-keys/{id}", Target::Key),
    ("DELETE", "/api/v1/api-keys/{id}", Target::Key),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/owner",
        Target::Connector(Action::AssignOwnership),
    ),
    ("GET", "/api/v1/tenants", Target::SignedIn),
    (
        "PATCH",
        "/api/v1/tenants/{id}",
        Target::Console(Action::ManageTenants),
    ),
    (
        "DELETE",
        "/api/v1/clusters/{cluster}/connectors/{name}/quarantine",
        Target::Connector(Action::AssignOwnership),
    ),
    (
        "POST",
        "/api/v1/tenants",
        Target::Console(Action::ManageTenants),
    ),
    ("GET", "/api/v1/users", Target::Console(Action::ManageUsers)),
    (
        "POST",
        "/api/v1/users",
        Target::Console(Action::ManageUsers),
    ),
    (
        "PATCH",
        "/api/v1/users/{id}",
        Target::Console(Action::ManageUsers),
    ),
    (
        "DELETE",
        "/api/v1/users/{id}",
        Target::Console(Action::ManageUsers),
    ),
    (
        "POST",
        "/api/v1/users/{id}/password",
        Target::Console(Action::ManageUsers),
    ),
    // Needs the caller's current password: checked in `admin.rs`, not walked.
    ("POST", "/api/v1/auth/password", Target::SessionOnly),
    ("GET", "/api/v1/audit", Target::Audit),
    (
        "POST",
        "/api/v1/clusters/{cluster}/connectors",
        Target::Create,
    ),
    (
        "DELETE",
        "/api/v1/clusters/{cluster}/connectors/{name}",
        Target::Connector(Action::DeleteConnector),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/config",
        Target::Connector(Action::EditConfig),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/pause",
        Target::Connector(Action::OperateConnector),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/resume",
        Target::Connector(Action::OperateConnector),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/stop",
        Target::Connector(Action::OperateConnector),
    ),
    (
        "POST",
        "/api/v1/clusters/{cluster}/connectors/{name}/tasks/{task}/restart",
        Target::Connector(Action::OperateConnector),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/offsets",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "PATCH",
        "/api/v1/clusters/{cluster}/connectors/{name}/offsets",
        Target::Connector(Action::ChangeOffsets),
    ),
    (
        "DELETE",
        "/api/v1/clusters/{cluster}/connectors/{name}/offsets",
        Target::Connector(Action::ChangeOffsets),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/topics",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/topics/reset",
        Target::Connector(Action::ChangeOffsets),
    ),
    (
        "PATCH",
        "/api/v1/clusters/{cluster}/connectors/{name}/config",
        Target::Connector(Action::EditConfig),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/config/validate",
        Target::Connector(Action::EditConfig),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/config/history",
        Target::Connector(Action::ReadConfig),
    ),
    (
        "POST",
        "/api/v1/clusters/{cluster}/connectors/{name}/config/rollback",
        Target::Connector(Action::EditConfig),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/slot",
        Target::Connector(Action::DeleteConnector),
    ),
    ("GET", "/api/v1/clusters/{cluster}/dlqs", Target::SignedIn),
    (
        "GET",
        "/api/v1/clusters/{cluster}/topic-audit",
        Target::SignedIn,
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq/records",
        Target::Connector(Action::ReadPayloads),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq/records/{partition}/{offset}",
        Target::Connector(Action::ReadPayloads),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq/groups",
        Target::Connector(Action::ReadPayloads),
    ),
    (
        "POST",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq/redrive",
        Target::Connector(Action::ReplayDlq),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq/redrives",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "DELETE",
        "/api/v1/clusters/{cluster}/connectors/{name}/dlq/redrives/{job}",
        Target::Connector(Action::ReplayDlq),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/events",
        Target::Connector(Action::ReadPayloads),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/events/tail",
        Target::Connector(Action::ReadPayloads),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/plugins",
        Target::SignedIn,
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/plugins/{class}/config",
        Target::SignedIn,
    ),
    // Counts, workers and connectors are filtered to what the caller may read.
    (
        "GET",
        "/api/v1/clusters/{cluster}/overview",
        Target::SignedIn,
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/topology",
        Target::SignedIn,
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/timeline",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/lag",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/connectors/{name}/auto-restart",
        Target::Connector(Action::ReadConnector),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/connectors/{name}/auto-restart",
        Target::Connector(Action::OperateConnector),
    ),
    (
        "POST",
        "/api/v1/clusters/{cluster}/connectors/{name}/auto-restart/acknowledge",
        Target::Connector(Action::OperateConnector),
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/history",
        Target::SignedIn,
    ),
    (
        "GET",
        "/api/v1/clusters/{cluster}/failures",
        Target::SignedIn,
    ),
    ("GET", "/api/v1/scheduler", Target::SignedIn),
    (
        "GET",
        "/api/v1/tenants/{id}/auto-restart",
        Target::Console(Action::ManageTenants),
    ),
    (
        "PUT",
        "/api/v1/tenants/{id}/auto-restart",
        Target::Console(Action::ManageTenants),
    ),
    ("GET", "/api/v1/alerts", Target::SignedIn),
    ("POST", "/api/v1/alerts/{id}/ack", Target::Unknown),
    ("GET", "/api/v1/alerts/silences", Target::SignedIn),
    (
        "POST",
        "/api/v1/alerts/silences",
        Target::Console(Action::HandleAlerts),
    ),
    ("DELETE", "/api/v1/alerts/silences/{id}", Target::Unknown),
    (
        "GET",
        "/api/v1/alerts/webhooks",
        Target::Console(Action::HandleAlerts),
    ),
    ("GET", "/api/v1/fleet", Target::SignedIn),
    ("GET", "/api/v1/fleet/events", Target::SignedIn),
    ("POST", "/api/v1/bulk", Target::Bulk),
    ("POST", "/api/v1/export", Target::SignedIn),
    ("POST", "/api/v1/import/plan", Target::SignedIn),
    ("POST", "/api/v1/import/apply", Target::ImportApply),
    ("GET", "/api/v1/clusters/{cluster}/wizard", Target::Wizard),
    (
        "POST",
        "/api/v1/clusters/{cluster}/preflight",
        Target::Wizard,
    ),
    ("POST", "/api/v1/clusters/{cluster}/catalog", Target::Wizard),
    (
        "GET",
        "/api/v1/clusters/{cluster}/loggers",
        Target::Workers(Action::ReadLogLevels),
    ),
    (
        "PUT",
        "/api/v1/clusters/{cluster}/loggers/{logger}",
        Target::Workers(Action::ChangeLogLevels),
    ),
    (
        "POST",
        "/api/v1/clusters/{cluster}/validate",
        Target::Wizard,
    ),
];
