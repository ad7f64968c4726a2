//! Administration DTOs: tenants, users, ownership and the audit log.

use serde::{Deserialize, Serialize};

use crate::policy::Role;

/// A tenant: who owns which connectors, by name prefix and topic namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantInfo {
    pub id: String,
    pub display_name: String,
    pub connector_prefix: String,
    /// Every topic the tenant's connectors read or write starts with this.
    pub topic_prefix: String,
    /// Transform, predicate and naming-strategy classes an admin allowed this tenant beyond
    /// the ones the console can reason about.
    #[serde(default)]
    pub allowed_classes: Vec<String>,
    /// Field-name patterns (`*email*`, `card_*`) whose values roles below admin see masked in
    /// dead-letter records and change events.
    #[serde(default)]
    pub masked_fields: Vec<String>,
}

/// `PATCH /api/v1/tenants/{id}`: what an admin may change after creation (the prefixes stay:
/// connectors and topics were named after them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateTenant {
    /// Replaced when given.
    #[serde(default)]
    pub allowed_classes: Option<Vec<String>>,
    /// Replaced when given.
    #[serde(default)]
    pub masked_fields: Option<Vec<String>>,
}

/// `POST /api/v1/users`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub username: String,
    pub password: String,
    pub role: Role,
    #[serde(default)]
    pub tenant: Option<String>,
}

impl std::fmt::Debug for CreateUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateUser")
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// `PATCH /api/v1/users/{id}`: what an admin may change about a user. Absent fields stay as
/// they are. A `tenant` moves an operator or viewer to another tenant (their sessions see the
/// new scope on their next request); admins and support have none, so making a user one of
/// them drops the tenant, and making a console-wide user an operator or viewer needs one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// A disabled user cannot sign in, and their sessions and API keys stop at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// `POST /api/v1/users/{id}/password`: an admin sets a new password for someone who lost
/// theirs. The user's sessions end.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    pub password: String,
}

/// `POST /api/v1/auth/password`: the signed-in user changes their own password, proving they
/// know the current one. Their other sessions end; this one stays.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current: String,
    pub new: String,
}

// Passwords never reach a log line through `{:?}`.
impl std::fmt::Debug for ResetPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResetPassword").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ChangePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangePassword").finish_non_exhaustive()
    }
}

/// Why a password is not acceptable, if it is not.
pub fn password_problem(password: &str) -> Option<String> {
    (password.chars().count() < MIN_PASSWORD_LEN)
        .then(|| format!("at least {MIN_PASSWORD_LEN} characters"))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub tenant: Option<String>,
    pub disabled: bool,
    pub created_at_ms: i64,
}

/// `PUT …/connectors/{name}/owner`: `null` makes the connector unowned. The key is required:
/// a body that forgets it must not unassign the connector by accident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetOwner {
    // `deserialize_with` keeps serde from reading a missing key as `None`.
    #[serde(deserialize_with = "Option::deserialize")]
    pub tenant: Option<String>,
}

/// One audit record as the API returns it (details already redacted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: String,
    pub at_ms: i64,
    pub actor: String,
    pub tenant: Option<String>,
    pub cluster: Option<String>,
    pub connector: Option<String>,
    pub action: String,
    pub detail: Option<serde_json::Value>,
    pub result: String,
}

/// Minimum length of a console password: long passphrases beat composition rules.
pub const MIN_PASSWORD_LEN: usize = 12;
