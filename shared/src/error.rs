//! The JSON error body every Sluice API error uses: `{code, message, field?}`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. The UI branches on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input failed validation; `field` names the culprit when there is one.
    InvalidInput,
    /// Request body was not the JSON the endpoint expects.
    MalformedJson,
    NotFound,
    ClusterNotFound,
    ConnectorNotFound,
    AlreadyExists,
    /// The change would break something the console keeps true (one enabled admin remains).
    Conflict,
    /// Connect refused a connector configuration.
    InvalidConfig,
    /// The operation needs the connector STOPPED first (offsets, KIP-875).
    NotStopped,
    /// Connect kept answering "rebalance in progress" beyond the retry budget.
    RebalanceInProgress,
    /// Connect could not be reached (connection refused, DNS, TLS, circuit open).
    ClusterUnreachable,
    /// Connect did not answer in time.
    ClusterTimeout,
    /// Connect rejected Sluice's credentials for that cluster.
    ClusterUnauthorized,
    /// Connect refused an operation it has disabled (for example topic tracking).
    UpstreamForbidden,
    /// Connect answered something Sluice did not expect.
    UpstreamError,
    /// A connector's database could not be reached or refused the connector's credentials.
    DatabaseUnreachable,
    /// Sluice's own database (SQLite or PostgreSQL) is not answering.
    ConsoleDatabaseUnavailable,
    /// The cluster's Kafka did not answer in time or refused the console.
    KafkaUnreachable,
    /// The cluster has no Kafka settings, so records cannot be read.
    KafkaNotConfigured,
    Unauthenticated,
    Forbidden,
    RateLimited,
    /// The route exists, not with this method.
    MethodNotAllowed,
    /// The request body is larger than the console accepts.
    PayloadTooLarge,
    Internal,
    /// A code this build of the UI does not know yet.
    #[serde(other)]
    Unknown,
}

/// The error envelope of every 4xx/5xx answer from `/api/v1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_documented_envelope() {
        let e = ApiError::new(ErrorCode::InvalidInput, "must not be empty").with_field("name");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "invalid_input", "message": "must not be empty", "field": "name"})
        );
        let no_field = serde_json::to_value(ApiError::new(ErrorCode::NotFound, "x")).unwrap();
        assert!(no_field.get("field").is_none());
    }

    #[test]
    fn unknown_codes_from_a_newer_backend_still_parse() {
        let e: ApiError =
            serde_json::from_str(r#"{"code":"quota_exceeded","message":"m"}"#).unwrap();
        assert_eq!(e.code, ErrorCode::Unknown);
    }
}
