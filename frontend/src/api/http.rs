//! The transport under every call: typed methods, the session's CSRF token on every
//! state-changing request, and a 401 from any answer ending the session.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sluice_shared::{ApiError, ErrorCode};

use super::session::Session;

/// The state-changing methods Sluice's API uses. Reads go through [`get`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn builder(self, path: &str) -> RequestBuilder {
        match self {
            Method::Post => Request::post(path),
            Method::Put => Request::put(path),
            Method::Patch => Request::patch(path),
            Method::Delete => Request::delete(path),
        }
    }
}

/// A read: `GET path`, decoded.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let request = Request::get(path)
        .header("accept", "application/json")
        .build()
        .map_err(unbuildable)?;
    decode(send(request).await?).await
}

/// A state-changing request without a body, its answer decoded.
pub async fn call<T: DeserializeOwned>(method: Method, path: &str) -> Result<T, ApiError> {
    decode(write(method, path, None::<&()>).await?).await
}

/// A state-changing request with a JSON body, its answer decoded.
pub async fn call_with<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    decode(write(method, path, Some(body)).await?).await
}

/// A state-changing request whose answer has no body worth reading (202/204).
pub async fn call_empty(method: Method, path: &str) -> Result<(), ApiError> {
    no_body(write(method, path, None::<&()>).await?).await
}

/// As [`call_empty`], with a JSON body.
pub async fn call_with_empty<B: Serialize>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<(), ApiError> {
    no_body(write(method, path, Some(body)).await?).await
}

async fn no_body(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}

/// `POST` before there is a session (signing in): no CSRF token exists yet.
pub async fn post_unsigned<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let request = Request::post(path).json(body).map_err(unbuildable)?;
    decode(send(request).await?).await
}

async fn write<B: Serialize>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<Response, ApiError> {
    let Some(token) = Session::csrf_token() else {
        return Err(ApiError::new(ErrorCode::Unauthenticated, "signed out"));
    };
    let builder = method.builder(path).header("x-csrf-token", &token);
    let request = match body {
        Some(b) => builder.json(b),
        None => builder.build(),
    }
    .map_err(unbuildable)?;
    send(request).await
}

async fn send(request: Request) -> Result<Response, ApiError> {
    let response = request.send().await.map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Sluice's server is unreachable: {e}"),
        )
    })?;
    // Whatever was asked, a 401 means the session is over (logout elsewhere, expiry, restart).
    if response.status() == 401 {
        Session::end();
    }
    Ok(response)
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json().await.map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("unreadable answer from Sluice: {e}"),
            )
        });
    }
    let status = response.status();
    Err(response.json::<ApiError>().await.unwrap_or_else(|_| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Sluice answered HTTP {status}"),
        )
    }))
}

fn unbuildable(e: gloo_net::Error) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// One path segment or query value, percent-encoded.
pub fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}

/// Query-string encoding of filter pairs, skipping empty values.
pub fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
}
