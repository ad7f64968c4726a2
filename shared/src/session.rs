//! The signed-in session as the UI sees it, and the sign-in request.

use serde::{Deserialize, Serialize};

use crate::policy::{Action, Principal, Role};

/// The signed-in identity, as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub username: String,
    pub role: Role,
    pub tenant: Option<String>,
    /// Sent back in `x-csrf-token` on every state-changing request.
    pub csrf_token: String,
}

/// `POST /api/v1/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Me {
    pub fn principal(&self) -> Principal {
        Principal {
            role: self.role,
            tenant: self.tenant.clone(),
        }
    }

    /// Whether the signed-in user may do `action` in their own scope: what the UI shows.
    pub fn may_at_home(&self, action: Action) -> bool {
        let p = self.principal();
        p.may(action, &p.home())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_offers_exactly_what_the_home_scope_allows() {
        let me = |role, tenant: Option<&str>| Me {
            username: "u".into(),
            role,
            tenant: tenant.map(str::to_owned),
            csrf_token: String::new(),
        };
        assert!(me(Role::Operator, Some("acme")).may_at_home(Action::ManageApiKeys));
        assert!(me(Role::Operator, Some("acme")).may_at_home(Action::ReadAudit));
        assert!(!me(Role::Operator, Some("acme")).may_at_home(Action::ManageUsers));
        assert!(!me(Role::Support, None).may_at_home(Action::ReadAudit));
        assert!(!me(Role::Viewer, Some("acme")).may_at_home(Action::ManageApiKeys));
        assert!(me(Role::Admin, None).may_at_home(Action::ManageUsers));
    }
}
