//! Who may do what: the one authorization policy. The backend enforces it on every route;
//! the UI asks the same function to hide what the backend would refuse.
//!
//! Roles (DESIGN.md §1): admin — everything; operator — writes on own tenant's connectors;
//! viewer — reads own tenant's connectors (DLQ payloads included); support — reads every
//! tenant's status and health, never secrets or payloads, and changes no connector: its only
//! writes are diagnostic (handling alerts, worker log levels).

use serde::{Deserialize, Serialize};

/// A console role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Operator,
    Support,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Operator, Role::Viewer, Role::Support];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
            Role::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether a key or user with `self` may be handed out by someone holding `granter`:
    /// an operator may grant viewer or operator, never support or admin.
    pub fn grantable_by(self, granter: Role) -> bool {
        match granter {
            Role::Admin => true,
            Role::Operator => matches!(self, Role::Viewer | Role::Operator),
            Role::Viewer | Role::Support => false,
        }
    }
}

/// Who is asking: a role, and the tenant an operator or viewer belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub role: Role,
    /// Tenant id for operators and viewers; admins and support span every tenant.
    pub tenant: Option<String>,
}

impl Principal {
    pub fn may(&self, action: Action, on: &Resource) -> bool {
        may(self, action, on)
    }

    /// Whether every connector, of any tenant or none, is readable: what such callers are
    /// shown is the same for all of them (the server shares one answer among them).
    pub fn reads_every_connector(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Support)
    }

    /// Whether an API key of `role` in `tenant` (console-wide when `None`) is one this
    /// principal could create now. A key stands on its creator: once they are demoted, moved
    /// or gone, the keys they could no longer make stop working.
    pub fn backs_key(&self, role: Role, tenant: Option<&str>) -> bool {
        let scope = tenant.map_or(Resource::Console, |t| Resource::Tenant(t.into()));
        self.may(Action::ManageApiKeys, &scope) && role.grantable_by(self.role)
    }

    /// What "my scope" means for tenant-wide actions: my tenant, or the whole console.
    pub fn home(&self) -> Resource {
        self.tenant
            .clone()
            .map_or(Resource::Console, Resource::Tenant)
    }
}

/// What a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// List, status, tasks, traces, topics, offsets (read).
    ReadConnector,
    /// Config with secrets redacted, config history.
    ReadConfig,
    /// Record payloads in DLQ topics and change events.
    ReadPayloads,
    CreateConnector,
    EditConfig,
    /// Pause, resume, stop, restart connector or task.
    OperateConnector,
    DeleteConnector,
    /// Alter or reset offsets and active topics.
    ChangeOffsets,
    ReplayDlq,
    /// Give an unowned (or another tenant's) connector to a tenant.
    AssignOwnership,
    ReadAudit,
    ManageApiKeys,
    ManageUsers,
    ManageTenants,
    /// Acknowledge and silence alerts: the connector's alerts, or the console's (a cluster's).
    HandleAlerts,
    /// Read Connect's worker log levels (KIP-495). Asked on [`Resource::Console`]: a logger is
    /// worker-wide, so it touches every tenant's connectors on that worker.
    ReadLogLevels,
    /// Change a worker log level (audited). Asked on [`Resource::Console`], as `ReadLogLevels`.
    ChangeLogLevels,
}

impl Action {
    pub const ALL: [Action; 17] = [
        Action::ReadConnector,
        Action::ReadConfig,
        Action::ReadPayloads,
        Action::CreateConnector,
        Action::EditConfig,
        Action::OperateConnector,
        Action::DeleteConnector,
        Action::ChangeOffsets,
        Action::ReplayDlq,
        Action::AssignOwnership,
        Action::ReadAudit,
        Action::ManageApiKeys,
        Action::ManageUsers,
        Action::ManageTenants,
        Action::HandleAlerts,
        Action::ReadLogLevels,
        Action::ChangeLogLevels,
    ];

    /// Actions that change nothing.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            Action::ReadConnector
                | Action::ReadConfig
                | Action::ReadPayloads
                | Action::ReadAudit
                | Action::ReadLogLevels
        )
    }
}

/// What the action is applied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resource {
    /// A connector owned by a tenant, or by nobody (`None`).
    Connector { owner: Option<String> },
    /// Something that belongs to a tenant as a whole (its keys, its audit trail, a new connector in it).
    Tenant(String),
    /// The console itself: users, tenants, every tenant's audit.
    Console,
}

/// The policy. Total and pure: every (principal, action, resource) has one answer.
pub fn may(who: &Principal, action: Action, on: &Resource) -> bool {
    match who.role {
        Role::Admin => true,
        Role::Support => match action {
            // Every tenant and unowned connectors, read-only, without payloads or audit.
            Action::ReadConnector | Action::ReadConfig => {
                matches!(on, Resource::Connector { .. })
            }
            // Watching health across tenants is the role's job: acknowledging and silencing
            // alerts changes no connector, so support may do it.
            Action::HandleAlerts => matches!(on, Resource::Connector { .. } | Resource::Console),
            // Log levels are how support diagnoses a failing connector, and a logger is
            // worker-wide (every tenant's connectors on the worker), so only console-wide roles
            // touch them. Changing one is support's one write to Connect, by design: it changes
            // what the workers log, never a connector, and every change is audited.
            Action::ReadLogLevels | Action::ChangeLogLevels => matches!(on, Resource::Console),
            _ => false,
        },
        Role::Operator | Role::Viewer => {
            let Some(own) = who.tenant.as_deref() else {
                return false;
            };
            let in_own_tenant = match on {
                Resource::Connector { owner } => owner.as_deref() == Some(own),
                Resource::Tenant(t) => t == own,
                Resource::Console => false,
            };
            if !in_own_tenant {
                return false;
            }
            match (who.role, action) {
                (_, Action::ReadConnector | Action::ReadConfig | Action::ReadPayloads) => {
                    matches!(on, Resource::Connector { .. })
                }
                (
                    Role::Operator,
                    Action::ReadAudit | Action::ManageApiKeys | Action::CreateConnector,
                ) => {
                    matches!(on, Resource::Tenant(_))
                }
                (
                    Role::Operator,
                    Action::EditConfig
                    | Action::OperateConnector
                    | Action::DeleteConnector
                    | Action::ChangeOffsets
                    | Action::ReplayDlq
                    | Action::HandleAlerts,
                ) => matches!(on, Resource::Connector { .. }),
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(role: Role, tenant: Option<&str>) -> Principal {
        Principal {
            role,
            tenant: tenant.map(str::to_owned),
        }
    }

    fn connector(owner: Option<&str>) -> Resource {
        Resource::Connector {
            owner: owner.map(str::to_owned),
        }
    }

    #[test]
    fn reads_every_connector_is_what_may_says_for_every_owner() {
        for role in [Role::Admin, Role::Support, Role::Operator, Role::Viewer] {
            let tenant = matches!(role, Role::Operator | Role::Viewer).then_some("acme");
            let p = who(role, tenant);
            let all = [None, Some("acme"), Some("globex")]
                .iter()
                .all(|o| p.may(Action::ReadConnector, &connector(*o)));
            assert_eq!(p.reads_every_connector(), all, "{role:?}");
        }
    }

    #[test]
    fn a_key_stands_only_while_its_creator_could_still_make_it() {
        let admin = who(Role::Admin, None);
        assert!(admin.backs_key(Role::Admin, None));
        assert!(admin.backs_key(Role::Viewer, Some("acme")));
        let operator = who(Role::Operator, Some("acme"));
        assert!(operator.backs_key(Role::Operator, Some("acme")));
        assert!(operator.backs_key(Role::Viewer, Some("acme")));
        // Moved to another tenant, or never able to: the key is not backed.
        assert!(!operator.backs_key(Role::Viewer, Some("globex")));
        assert!(!operator.backs_key(Role::Admin, None));
        // An admin demoted to viewer backs no key, not even a viewer's.
        assert!(!who(Role::Viewer, Some("acme")).backs_key(Role::Viewer, Some("acme")));
        assert!(!who(Role::Support, None).backs_key(Role::Support, None));
    }

    #[test]
    fn admin_may_do_everything_everywhere() {
        let admin = who(Role::Admin, None);
        for action in Action::ALL {
            for on in [
                connector(Some("acme")),
                connector(None),
                Resource::Tenant("acme".into()),
                Resource::Console,
            ] {
                assert!(may(&admin, action, &on), "{action:?} on {on:?}");
            }
        }
    }

    #[test]
    fn support_reads_every_tenant_but_never_writes_payloads_or_audit() {
        let support = who(Role::Support, None);
        for on in [
            connector(Some("acme")),
            connector(Some("globex")),
            connector(None),
        ] {
            assert!(may(&support, Action::ReadConnector, &on));
            assert!(
                may(&support, Action::ReadConfig, &on),
                "config is always redacted"
            );
            for action in Action::ALL.into_iter().filter(|a| {
                !matches!(
                    a,
                    Action::ReadConnector | Action::ReadConfig | Action::HandleAlerts
                )
            }) {
                assert!(!may(&support, action, &on), "{action:?}");
            }
        }
        assert!(!may(&support, Action::ReadAudit, &Resource::Console));
        assert!(may(&support, Action::HandleAlerts, &Resource::Console));
        assert!(may(
            &support,
            Action::HandleAlerts,
            &connector(Some("acme"))
        ));
    }

    #[test]
    fn operator_writes_only_own_tenants_connectors() {
        let op = who(Role::Operator, Some("acme"));
        for action in [
            Action::OperateConnector,
            Action::EditConfig,
            Action::DeleteConnector,
            Action::ChangeOffsets,
            Action::ReplayDlq,
        ] {
            assert!(may(&op, action, &connector(Some("acme"))), "{action:?}");
            assert!(
                !may(&op, action, &connector(Some("globex"))),
                "{action:?} other tenant"
            );
            assert!(!may(&op, action, &connector(None)), "{action:?} unowned");
        }
        assert!(may(
            &op,
            Action::CreateConnector,
            &Resource::Tenant("acme".into())
        ));
        assert!(!may(
            &op,
            Action::CreateConnector,
            &Resource::Tenant("globex".into())
        ));
        assert!(may(
            &op,
            Action::ManageApiKeys,
            &Resource::Tenant("acme".into())
        ));
        assert!(!may(&op, Action::AssignOwnership, &connector(Some("acme"))));
        assert!(may(&op, Action::HandleAlerts, &connector(Some("acme"))));
        assert!(!may(&op, Action::HandleAlerts, &connector(Some("globex"))));
        assert!(
            !may(&op, Action::HandleAlerts, &Resource::Console),
            "a cluster's alerts concern every tenant"
        );
        assert!(!may(&op, Action::ManageUsers, &Resource::Console));
    }

    #[test]
    fn viewer_reads_own_tenant_only() {
        let viewer = who(Role::Viewer, Some("acme"));
        assert!(may(&viewer, Action::ReadPayloads, &connector(Some("acme"))));
        assert!(!may(
            &viewer,
            Action::ReadConnector,
            &connector(Some("globex"))
        ));
        assert!(
            !may(&viewer, Action::ReadConnector, &connector(None)),
            "unowned is admin and support only"
        );
        for action in Action::ALL.into_iter().filter(|a| !a.is_read()) {
            assert!(
                !may(&viewer, action, &connector(Some("acme"))),
                "{action:?}"
            );
        }
    }

    #[test]
    fn a_tenant_role_without_a_tenant_may_do_nothing() {
        for role in [Role::Operator, Role::Viewer] {
            for action in Action::ALL {
                assert!(!may(&who(role, None), action, &connector(None)));
            }
        }
    }

    #[test]
    fn only_support_and_admin_read_and_change_worker_log_levels() {
        for action in [Action::ReadLogLevels, Action::ChangeLogLevels] {
            assert!(may(&who(Role::Admin, None), action, &Resource::Console));
            assert!(may(&who(Role::Support, None), action, &Resource::Console));
            assert!(
                !may(&who(Role::Support, None), action, &connector(None)),
                "asked console-wide, never per connector"
            );
            for role in [Role::Operator, Role::Viewer] {
                let tenant = who(role, Some("acme"));
                assert!(!may(&tenant, action, &Resource::Console), "{role:?}");
                assert!(!may(&tenant, action, &connector(Some("acme"))), "{role:?}");
                assert!(!may(&tenant, action, &Resource::Tenant("acme".into())));
            }
        }
        assert!(Action::ReadLogLevels.is_read());
        assert!(!Action::ChangeLogLevels.is_read());
    }

    #[test]
    fn operators_grant_at_most_their_own_role() {
        assert!(Role::Operator.grantable_by(Role::Operator));
        assert!(Role::Viewer.grantable_by(Role::Operator));
        assert!(!Role::Admin.grantable_by(Role::Operator));
        assert!(!Role::Support.grantable_by(Role::Operator));
        assert!(!Role::Viewer.grantable_by(Role::Viewer));
        assert!(
            Role::ALL
                .iter()
                .all(|r| Role::parse(r.as_str()) == Some(*r))
        );
    }
}
