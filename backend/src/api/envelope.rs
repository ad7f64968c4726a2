//! The last word on `/api/v1` answers: every error leaves as the envelope `{code, message}`,
//! including the ones axum and tower write themselves (405 with an empty body, plain-text
//! rejections), so a client never has to guess a body's shape from its status.

use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sluice_shared::{ApiError, ErrorCode};

/// The longest plain-text message passed on as the envelope's message.
const MESSAGE_LIMIT: usize = 512;

pub async fn ensure(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = to_bytes(body, MESSAGE_LIMIT)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let envelope = ApiError::new(code(status), message(status, text));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut fixed = (status, axum::Json(envelope)).into_response();
    for (name, value) in &parts.headers {
        fixed.headers_mut().insert(name, value.clone());
    }
    fixed
}

fn code(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::InvalidInput,
    }
}

fn message(status: StatusCode, text: Option<String>) -> String {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            "this route does not take that method; the Allow header lists the ones it takes".into()
        }
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the request body is over the {} MiB limit",
            crate::app::BODY_LIMIT >> 20
        ),
        // A server error's text may say something internal; a client error's describes the
        // request.
        s if s.is_server_error() => "internal error; see the server log".into(),
        s => text.unwrap_or_else(|| s.canonical_reason().unwrap_or("refused").to_owned()),
    }
}
