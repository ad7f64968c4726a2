//! What can go wrong talking to Connect, classified so callers can act on it.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;

use super::retry;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ConnectError {
    /// 404: unknown connector, task, plugin or logger.
    #[error("{0}")]
    NotFound(String),
    /// 409 `Connector <n> already exists`: never retried.
    #[error("{0}")]
    AlreadyExists(String),
    /// 400: invalid config, name mismatch, offsets while not STOPPED, …
    #[error("{0}")]
    BadRequest(String),
    /// A rebalance kept refusing the request for longer than the retry budget.
    #[error(
        "Connect is rebalancing and kept refusing the request ({attempts} attempts): {message}"
    )]
    Rebalancing { message: String, attempts: u32 },
    /// 401: Connect rejected the credentials configured for this cluster.
    #[error("Connect rejected the credentials configured for this cluster")]
    Unauthorized,
    /// 403: for example `Topic tracking is disabled.`
    #[error("{0}")]
    Forbidden(String),
    /// Connection refused, DNS, TLS: no HTTP answer at all.
    #[error("cannot reach Connect: {0}")]
    Unreachable(String),
    /// No answer within Sluice's timeout, or Connect's own 90 s herder timeout.
    #[error("Connect did not answer in time ({0})")]
    Timeout(String),
    /// A write's connection broke after the request went out (the worker died or was cut
    /// off): Connect may have applied it.
    #[error("the connection to Connect broke after the change was sent ({0})")]
    CutOff(String),
    /// Too many consecutive transport failures: failing fast until the cooldown ends.
    #[error("Connect has been unreachable; retrying in {}s", .0.as_secs().max(1))]
    CircuitOpen(Duration),
    /// Any other answer, or a body that does not parse.
    #[error("Connect answered {status}: {message}")]
    Unexpected { status: u16, message: String },
}

impl ConnectError {
    /// A short kind for the failure counters of `/metrics`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::AlreadyExists(_) => "conflict",
            Self::BadRequest(_) => "bad_request",
            Self::Rebalancing { .. } => "rebalancing",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::Unreachable(_) => "unreachable",
            Self::Timeout(_) => "timeout",
            Self::CutOff(_) => "cut_off",
            Self::CircuitOpen(_) => "circuit_open",
            Self::Unexpected { .. } => "unexpected",
        }
    }
}

impl ConnectError {
    /// Whether the failure is about reaching the cluster rather than about the request.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            Self::Unreachable(_) | Self::Timeout(_) | Self::CutOff(_) | Self::CircuitOpen(_)
        )
    }

    /// A write that failed this way may have been applied all the same: its outcome is
    /// unknown, not failed.
    pub fn may_have_applied(&self) -> bool {
        matches!(self, Self::Timeout(_) | Self::CutOff(_))
    }

    /// Turns a non-success answer into an error, by status and Connect's message.
    pub(super) fn from_response(status: StatusCode, body: &str) -> Self {
        let message = error_message(body).unwrap_or_else(|| {
            // Jetty, a proxy or an auth extension may answer with HTML or nothing at all.
            let trimmed = body.trim();
            if trimmed.is_empty() || trimmed.starts_with('<') {
                status.canonical_reason().unwrap_or("error").to_owned()
            } else {
                trimmed.chars().take(500).collect()
            }
        });
        match status.as_u16() {
            400 => Self::BadRequest(message),
            401 => Self::Unauthorized,
            403 => Self::Forbidden(message),
            404 => Self::NotFound(message),
            409 if !retry::is_rebalance(status, &message) => Self::AlreadyExists(message),
            500 if message.starts_with("Request timed out") => Self::Timeout(message),
            // Connect 4.1 wraps some request errors (validate without `connector.class`) in a 500.
            500 if message.contains("BadRequestException: ") => Self::BadRequest(
                message
                    .split_once("BadRequestException: ")
                    .map_or(message.clone(), |(_, m)| m.to_owned()),
            ),
            // A config provider that cannot resolve a reference (`${file:/missing:key}`)
            // fails the whole request with a 500 ConfigException: the config's fault, not
            // Connect's, and the message says which reference.
            500 if message.starts_with("Could not read properties from file")
                || message.contains("ConfigException: ") =>
            {
                Self::BadRequest(
                    message
                        .split_once("ConfigException: ")
                        .map_or(message.clone(), |(_, m)| m.to_owned()),
                )
            }
            s => Self::Unexpected { status: s, message },
        }
    }
}

/// Connect's error body: `{"error_code": 409, "message": "…"}`.
fn error_message(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct ErrorBody {
        message: Option<String>,
    }
    let message = serde_json::from_str::<ErrorBody>(body).ok()?.message?;
    Some(without_endpoint_hint(&message))
}

/// Connect ends a refused config with "You can also find the above list of errors at the
/// endpoint `/connector-plugins/{connectorType}/config/validate`": its own REST API, which a
/// console user neither sees nor needs (the console shows the errors per field).
fn without_endpoint_hint(message: &str) -> String {
    match message.find("You can also find the above list of errors at the endpoint") {
        Some(at) => message[..at].trim_end().to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_config_does_not_send_the_user_to_connects_endpoint() {
        // As Connect 4.1 answers a create with a config it refuses.
        let e = ConnectError::from_response(
            StatusCode::BAD_REQUEST,
            r#"{"error_code":400,"message":"Connector configuration is invalid and contains the following 1 error(s):\nInvalid value x for configuration tasks.max: Not a number of type INT\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`"}"#,
        );
        let ConnectError::BadRequest(m) = e else {
            panic!("{e:?}")
        };
        assert!(m.ends_with("Not a number of type INT"), "{m}");
    }

    #[test]
    fn already_exists_is_not_mistaken_for_a_rebalance() {
        let e = ConnectError::from_response(
            StatusCode::CONFLICT,
            r#"{"error_code":409,"message":"Connector inv already exists"}"#,
        );
        assert!(matches!(e, ConnectError::AlreadyExists(m) if m == "Connector inv already exists"));
    }

    #[test]
    fn connects_own_timeout_is_a_timeout() {
        let e = ConnectError::from_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"error_code":500,"message":"Request timed out. The worker is currently flushing updates to the status topic"}"#,
        );
        assert!(matches!(e, ConnectError::Timeout(_)));
        assert!(e.is_unavailable());
    }

    #[test]
    fn bad_requests_wrapped_in_a_500_are_bad_requests() {
        // Recorded from Kafka 4.1.1: validate without `connector.class`.
        let e = ConnectError::from_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"error_code":500,"message":"org.apache.kafka.connect.runtime.rest.errors.BadRequestException: Connector config {topic.prefix=x} contains no connector type"}"#,
        );
        assert!(
            matches!(e, ConnectError::BadRequest(m) if m == "Connector config {topic.prefix=x} contains no connector type")
        );
    }

    #[test]
    fn an_unreadable_provider_reference_is_the_configs_fault() {
        // Recorded from Kafka 4.1.1: create, then validate, with `${file:/nonexistent/…:path}`.
        for body in [
            r#"{"error_code":500,"message":"Could not read properties from file /nonexistent/secrets.properties"}"#,
            r#"{"error_code":500,"message":"org.apache.kafka.common.config.ConfigException: Could not read properties from file /nonexistent/secrets.properties"}"#,
        ] {
            let e = ConnectError::from_response(StatusCode::INTERNAL_SERVER_ERROR, body);
            assert!(
                matches!(&e, ConnectError::BadRequest(m) if m == "Could not read properties from file /nonexistent/secrets.properties"),
                "{e:?}"
            );
        }
    }

    #[test]
    fn non_json_bodies_give_a_readable_message() {
        let e = ConnectError::from_response(
            StatusCode::BAD_GATEWAY,
            "<html><body>bad gateway</body></html>",
        );
        assert_eq!(e.to_string(), "Connect answered 502: Bad Gateway");
        let e = ConnectError::from_response(
            StatusCode::NOT_FOUND,
            r#"{"error_code":404,"message":"Connector x not found"}"#,
        );
        assert_eq!(e.to_string(), "Connector x not found");
    }
}
