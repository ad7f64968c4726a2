//! The backend's one error type, and the single place it becomes an HTTP answer.
//!
//! Every answer is the shared envelope `{code, message, field?}`. 5xx bodies say nothing
//! internal; the cause is logged here, once.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sluice_shared::{ApiError, ErrorCode, NameError};

use crate::clusters::ClusterError;
use crate::connect::ConnectError;
use crate::fleet::ListingError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that failed parsing or validation, with the field it belongs to.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// Several validation failures at once; the envelope names the first field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidMany(Vec<ApiError>),
    #[error("{0}")]
    MalformedJson(String),
    #[error("no cluster `{0}` is configured")]
    ClusterNotFound(String),
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// The work was done before; it is repeated only when asked to explicitly.
    #[error("{0}")]
    AlreadyDone(String),
    /// The change would leave the console without an enabled admin.
    #[error("{0} is the last enabled admin; make another user admin first")]
    LastAdmin(String),
    /// Connect changes offsets only of a STOPPED connector; says what state it is in.
    #[error("the connector is {0}; stop it first (offsets change only while STOPPED)")]
    NotStopped(String),
    #[error("no such API route")]
    RouteNotFound,
    #[error("{0}")]
    TooLarge(String),
    /// Something outside Connect that Sluice had to reach did not answer (a connector's database).
    #[error("{0}")]
    Unavailable(String),
    #[error("sign in first")]
    Unauthenticated,
    #[error("invalid username or password")]
    BadCredentials,
    #[error("missing or wrong x-csrf-token header")]
    CsrfMismatch,
    #[error("your role may not {0:?} here")]
    Forbidden(sluice_shared::policy::Action),
    /// The topic guard stopped the connector; only an admin may start it again.
    #[error("{0}")]
    Quarantined(String),
    #[error("too many attempts; retry in {}s", .0.as_secs().max(1))]
    RateLimited(std::time::Duration),
    #[error(transparent)]
    Kafka(#[from] crate::kafka::KafkaError),
    #[error("cluster `{cluster}`: {source}")]
    Connect {
        cluster: String,
        source: ConnectError,
    },
    /// The console's own database did not answer (restarting, unreachable, pool exhausted).
    #[error("console database not answering: {0}")]
    ConsoleDatabase(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn invalid_name(field: &'static str, e: NameError) -> Self {
        Self::Invalid {
            field,
            message: e.to_string(),
        }
    }

    /// Every problem at once, each at its field (`InvalidInput`); `Ok` when there is none.
    pub fn check_fields<F, M>(errors: impl IntoIterator<Item = (F, M)>) -> Result<(), Self>
    where
        F: Into<String>,
        M: Into<String>,
    {
        Self::check_all(
            errors
                .into_iter()
                .map(|(f, m)| ApiError::new(ErrorCode::InvalidInput, m).with_field(f))
                .collect(),
        )
    }

    /// Refuses with every error given, or passes when there is none.
    pub fn check_all(errors: Vec<ApiError>) -> Result<(), Self> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Self::InvalidMany(errors))
        }
    }

    /// The errors this stands for, as lists of results (an import plan) show them.
    pub fn into_api_errors(self) -> Vec<ApiError> {
        match self {
            Self::InvalidMany(errors) => errors,
            other => vec![other.status_and_body().1],
        }
    }

    /// The connector asked for does not exist (any more).
    pub fn is_gone(&self) -> bool {
        matches!(
            self,
            Self::NotFound("connector")
                | Self::Connect {
                    source: ConnectError::NotFound(_),
                    ..
                }
        )
    }

    pub fn connect(cluster: &impl ToString) -> impl FnOnce(ConnectError) -> Self {
        let cluster = cluster.to_string();
        move |source| Self::Connect { cluster, source }
    }

    /// Why a cluster's fleet listing failed, for a handler that cannot answer without it.
    pub fn listing(cluster: &impl ToString, e: &ListingError) -> Self {
        match e {
            ListingError::Connect(e) => Self::Connect {
                cluster: cluster.to_string(),
                source: e.as_ref().clone(),
            },
            // Logged where the listing was fetched.
            ListingError::Owners => Self::Internal(anyhow::anyhow!("connector owners unreadable")),
        }
    }

    /// The HTTP status and body this error becomes; also the per-item error of bulk answers.
    pub fn status_and_body(&self) -> (StatusCode, ApiError) {
        use ErrorCode as C;
        use StatusCode as S;
        match self {
            Self::Invalid { field, message } => (
                S::BAD_REQUEST,
                ApiError::new(C::InvalidInput, message).with_field(*field),
            ),
            Self::InvalidMany(errors) => {
                let mut first = errors
                    .first()
                    .cloned()
                    .unwrap_or_else(|| ApiError::new(C::InvalidInput, "invalid input"));
                first.message = self.to_string();
                (S::BAD_REQUEST, first)
            }
            Self::MalformedJson(m) => (S::BAD_REQUEST, ApiError::new(C::MalformedJson, m)),
            Self::ClusterNotFound(_) => (
                S::NOT_FOUND,
                ApiError::new(C::ClusterNotFound, self.to_string()),
            ),
            Self::NotFound(_) => (S::NOT_FOUND, ApiError::new(C::NotFound, self.to_string())),
            Self::Conflict(m) => (S::CONFLICT, ApiError::new(C::AlreadyExists, m)),
            Self::LastAdmin(_) | Self::AlreadyDone(_) => {
                (S::CONFLICT, ApiError::new(C::Conflict, self.to_string()))
            }
            Self::NotStopped(_) => (S::CONFLICT, ApiError::new(C::NotStopped, self.to_string())),
            Self::RouteNotFound => (S::NOT_FOUND, ApiError::new(C::NotFound, self.to_string())),
            Self::TooLarge(m) => (S::PAYLOAD_TOO_LARGE, ApiError::new(C::PayloadTooLarge, m)),
            Self::Unavailable(m) => (S::BAD_GATEWAY, ApiError::new(C::DatabaseUnreachable, m)),
            Self::Unauthenticated | Self::BadCredentials => (
                S::UNAUTHORIZED,
                ApiError::new(C::Unauthenticated, self.to_string()),
            ),
            Self::CsrfMismatch => (S::FORBIDDEN, ApiError::new(C::Forbidden, self.to_string())),
            Self::Forbidden(_) => (
                S::FORBIDDEN,
                ApiError::new(C::Forbidden, "your role does not allow this"),
            ),
            Self::Quarantined(m) => (S::FORBIDDEN, ApiError::new(C::Forbidden, m)),
            Self::RateLimited(_) => (
                S::TOO_MANY_REQUESTS,
                ApiError::new(C::RateLimited, self.to_string()),
            ),
            Self::Connect { cluster, source } => connect_error(cluster, source),
            Self::Kafka(e) => kafka_error(e),
            Self::ConsoleDatabase(_) => (
                S::SERVICE_UNAVAILABLE,
                // The cause goes to the log (below), not to the browser.
                ApiError::new(
                    C::ConsoleDatabaseUnavailable,
                    "Sluice's database is not answering; try again shortly",
                ),
            ),
            Self::Internal(_) => (
                S::INTERNAL_SERVER_ERROR,
                ApiError::new(C::Internal, "internal error; see the server log"),
            ),
        }
    }
}

/// How a Kafka failure reaches the browser: unreachable and refused are the cluster's state,
/// a missing topic or record is a 404.
fn kafka_error(e: &crate::kafka::KafkaError) -> (StatusCode, ApiError) {
    use crate::kafka::KafkaError as K;
    use ErrorCode as C;
    use StatusCode as S;
    let message = e.to_string();
    match e {
        K::NoTopic(_) | K::NoRecord { .. } => (S::NOT_FOUND, ApiError::new(C::NotFound, message)),
        K::NotConfigured(_) => (
            S::SERVICE_UNAVAILABLE,
            ApiError::new(C::KafkaNotConfigured, message),
        ),
        K::Refused(_) => (S::BAD_GATEWAY, ApiError::new(C::KafkaUnreachable, message)),
        K::Unreachable { .. } | K::Failed(_) => (
            S::SERVICE_UNAVAILABLE,
            ApiError::new(C::KafkaUnreachable, message),
        ),
    }
}

/// How each Connect failure reaches the browser. Connect's own 4xx messages describe the
/// request and are passed on; unexpected answers are summarised.
pub fn connect_error(cluster: &str, e: &ConnectError) -> (StatusCode, ApiError) {
    use ConnectError as E;
    use ErrorCode as C;
    use StatusCode as S;
    match e {
        E::NotFound(m) => (S::NOT_FOUND, ApiError::new(C::ConnectorNotFound, m)),
        E::AlreadyExists(m) => (S::CONFLICT, ApiError::new(C::AlreadyExists, m)),
        E::BadRequest(m) => (S::BAD_REQUEST, ApiError::new(C::InvalidConfig, m)),
        E::Rebalancing { .. } => (
            S::CONFLICT,
            ApiError::new(C::RebalanceInProgress, e.to_string()),
        ),
        E::Unauthorized => (
            S::BAD_GATEWAY,
            ApiError::new(
                C::ClusterUnauthorized,
                format!("cluster `{cluster}` rejected Sluice's credentials"),
            ),
        ),
        E::Forbidden(m) => (S::FORBIDDEN, ApiError::new(C::UpstreamForbidden, m)),
        E::Unreachable(_) | E::CircuitOpen(_) => (
            S::SERVICE_UNAVAILABLE,
            ApiError::new(
                C::ClusterUnreachable,
                format!("cluster `{cluster}` is unreachable: {e}"),
            ),
        ),
        E::CutOff(_) => (
            S::BAD_GATEWAY,
            ApiError::new(
                C::ClusterUnreachable,
                format!(
                    "the connection to cluster `{cluster}` broke after the change was sent: it \
                     may have been applied; check the connector before trying again"
                ),
            ),
        ),
        E::Timeout(_) => (
            S::GATEWAY_TIMEOUT,
            ApiError::new(
                C::ClusterTimeout,
                format!("cluster `{cluster}` did not answer in time"),
            ),
        ),
        E::Unexpected { status, message } => (
            S::BAD_GATEWAY,
            ApiError::new(
                C::UpstreamError,
                match plain_sentence(message) {
                    // Connect's herder explains itself in one line ("Failed to alter consumer
                    // group offsets for connector x"): worth passing on. Stack traces are not.
                    Some(m) => format!("cluster `{cluster}` answered {status}: {m}"),
                    None => format!("cluster `{cluster}` answered an unexpected {status}"),
                },
            ),
        ),
    }
}

/// Why a cluster's listing failed, as the fleet page and its event stream show it.
pub fn listing_error(cluster: &str, e: &ListingError) -> ApiError {
    match e {
        ListingError::Connect(e) => connect_error(cluster, e).1,
        ListingError::Owners => {
            ApiError::new(ErrorCode::Internal, "internal error; see the server log")
        }
    }
}

/// A short, single-line message that is not a Java exception or stack trace.
fn plain_sentence(message: &str) -> Option<&str> {
    let m = message.trim();
    let looks_internal = m.contains("Exception") || m.contains("\tat ") || m.contains(" at ");
    (!m.is_empty() && m.len() <= 200 && !m.contains('\n') && !looks_internal).then_some(m)
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, "request refused");
        }
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited(wait) = self {
            let secs = wait.as_secs().max(1).to_string();
            if let Ok(v) = axum::http::HeaderValue::from_str(&secs) {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, v);
            }
        }
        response
    }
}

/// A duplicate is the caller's mistake (409); anything else the database says is ours.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(what) => Self::Conflict(format!("{what} already exists")),
            other if other.is_unavailable() => Self::ConsoleDatabase(other.to_string()),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<ClusterError> for AppError {
    fn from(e: ClusterError) -> Self {
        match e {
            ClusterError::InvalidId(e) => Self::invalid_name("cluster", e),
            ClusterError::NotFound(id) => Self::ClusterNotFound(id),
        }
    }
}

/// A body over the limit is 413 whether it announced its length or arrived chunked (then
/// the limit trips while it is read, which axum reports as a JSON rejection).
impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::TooLarge(format!(
                "the request body is over the {} MiB limit",
                crate::app::BODY_LIMIT >> 20
            ))
        } else {
            Self::MalformedJson(r.body_text())
        }
    }
}

/// A path segment that is not valid percent-encoded UTF-8 (typed segments are parsed by
/// `api::path` and name their own field).
impl From<PathRejection> for AppError {
    fn from(r: PathRejection) -> Self {
        Self::Invalid {
            field: "path",
            message: r.body_text(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_cluster_is_a_503_that_names_the_cluster() {
        let (status, body) = connect_error(
            "prod",
            &ConnectError::Unreachable("Connection refused".into()),
        );
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body.code, ErrorCode::ClusterUnreachable);
        assert!(body.message.contains("prod") && body.message.contains("Connection refused"));
    }

    #[test]
    fn a_write_cut_off_says_it_may_have_been_applied() {
        let cut = ConnectError::CutOff("Connection reset by peer".into());
        assert!(cut.may_have_applied() && cut.is_unavailable());
        let (status, body) = connect_error("prod", &cut);
        assert_eq!(status, StatusCode::BAD_GATEWAY);
        assert!(
            body.message.contains("may have been applied"),
            "{}",
            body.message
        );
        assert!(!ConnectError::Unreachable("refused".into()).may_have_applied());
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let e = AppError::Internal(anyhow::anyhow!("database password=hunter2 rejected"));
        let (status, body) = e.status_and_body();
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.message.contains("hunter2"));
    }

    #[test]
    fn a_console_database_that_does_not_answer_is_a_503_not_a_500() {
        let down = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        for e in [
            StoreError::Db(sqlx::Error::PoolTimedOut),
            StoreError::Db(sqlx::Error::Io(down)),
        ] {
            let (status, body) = AppError::from(e).status_and_body();
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(body.code, ErrorCode::ConsoleDatabaseUnavailable);
            assert!(
                !body.message.contains("refused"),
                "the cause stays in the log"
            );
        }
        // A database that answers with a fault of ours is still ours.
        let (status, _) =
            AppError::from(StoreError::Db(sqlx::Error::RowNotFound)).status_and_body();
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn unexpected_upstream_answers_are_summarised_not_echoed() {
        let (_, body) = connect_error(
            "c",
            &ConnectError::Unexpected {
                status: 500,
                message: "java.lang.NullPointerException at …".into(),
            },
        );
        assert_eq!(body.code, ErrorCode::UpstreamError);
        assert!(!body.message.contains("NullPointer"));
    }

    #[test]
    fn connects_one_line_explanations_are_passed_on() {
        // Recorded from Connect 4.1.1: altering a sink's offsets for a topic that does not exist.
        let message = "Failed to alter consumer group offsets for connector it-probe";
        let (status, body) = connect_error(
            "w1",
            &ConnectError::Unexpected {
                status: 500,
                message: message.into(),
            },
        );
        assert_eq!(status, StatusCode::BAD_GATEWAY);
        assert_eq!(
            body.message,
            format!("cluster `w1` answered 500: {message}")
        );
    }
}
