//! API keys as the API and the UI see them. The key itself appears exactly once, in
//! `CreatedApiKey`; afterwards only its prefix is ever shown.

use serde::{Deserialize, Serialize};

use crate::policy::Role;

/// `POST /api/v1/api-keys`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    pub name: String,
    pub role: Role,
    /// Required for operator and viewer keys; operators may omit it (their own tenant).
    #[serde(default)]
    pub tenant: Option<String>,
    /// Days until the key stops working; `None` = no expiry.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// One key, without the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    pub role: Role,
    pub tenant: Option<String>,
    pub created_by: String,
    pub created_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
    pub request_count: i64,
    pub last_used_at_ms: Option<i64>,
    /// Requests per endpoint (`GET /api/v1/clusters`), busiest first; filled on the detail view.
    #[serde(default)]
    pub endpoints: Vec<EndpointCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointCount {
    pub endpoint: String,
    pub count: i64,
}

/// The answer to a create: the only time `key` is ever sent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub key: String,
    pub info: ApiKeyInfo,
}

impl std::fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}
