//! A typed client for Sluice's HTTP API, as the tests use it: success bodies decode into
//! `sluice_shared`'s DTOs, refusals into [`Refusal`] (the status and the `{code, message,
//! field?}` envelope every 4xx/5xx of `/api/v1` carries). Decoding is strict on purpose: a
//! success with another status than the call's (200, or 201 for a create), a body that is not
//! the DTO, or a refusal that is not the envelope fails the test with what the server sent.
//!
//! Tests that must see exactly what the server answered use [`Api::send`] (status, headers and
//! the raw text) or [`Api::raw`] (the request, for answers that are never read to the end).

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sluice_shared::admin::{AuditRecord, CreateUser, TenantInfo, UpdateUser, UserInfo};
use sluice_shared::api_key::{ApiKeyInfo, CreateApiKey, CreatedApiKey};
use sluice_shared::bulk::{BulkAction, BulkRequest, BulkResponse, ConnectorRef};
use sluice_shared::fleet::{FleetSnapshot, FleetUpdate};
use sluice_shared::policy::Role;
use sluice_shared::session::{LoginRequest, Me};
use sluice_shared::transfer::{ExportDocument, ExportedConnector, ImportApplied, ImportPlan};
use sluice_shared::{ApiError, ClusterConnectors, ClusterSummary, CreateConnector, RedactedConfig};

mod connector;

pub use connector::Connector;

/// A request Sluice refused: the status and its error envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub error: ApiError,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}: {}", self.status, self.error.code, self.error)
    }
}

/// What the server answered, not decoded yet.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    /// `METHOD path`, for failure messages.
    request: String,
}

impl Answer {
    /// Reads the whole answer to `request` (`METHOD path`, used in failure messages).
    pub async fn read(request: String, response: reqwest::Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|e| panic!("{request}: reading the answer: {e}"));
        Answer {
            status,
            headers,
            text,
            request,
        }
    }

    /// The success body as `T` when the status is `expected`; a refusal as [`Refusal`].
    /// Any other success status, or a body that is not `T`, fails the test.
    pub fn body<T: DeserializeOwned>(&self, expected: StatusCode) -> Result<T, Refusal> {
        if !self.status.is_success() {
            return Err(self.refusal());
        }
        assert_eq!(
            self.status, expected,
            "{}: unexpected success status; body: {}",
            self.request, self.text
        );
        // An empty body (204, 202) decodes as `null`: into `()` or an `Option`.
        let text = if self.text.is_empty() {
            "null"
        } else {
            &self.text
        };
        Ok(serde_json::from_str(text).unwrap_or_else(|e| {
            panic!(
                "{}: {} is not a {}: {e}; body: {}",
                self.request,
                self.status,
                std::any::type_name::<T>(),
                self.text
            )
        }))
    }

    /// The success status of an answer without a body worth reading, or the refusal.
    pub fn done(&self) -> Result<StatusCode, Refusal> {
        if self.status.is_success() {
            Ok(self.status)
        } else {
            Err(self.refusal())
        }
    }

    /// The envelope of a refusal; fails the test when the body is not one.
    pub fn refusal(&self) -> Refusal {
        assert!(
            !self.status.is_success(),
            "{}: expected a refusal, got {}: {}",
            self.request,
            self.status,
            self.text
        );
        let error = serde_json::from_str::<ApiError>(&self.text).unwrap_or_else(|_| {
            panic!(
                "{}: {} answered without the envelope: {:?}",
                self.request, self.status, self.text
            )
        });
        Refusal {
            status: self.status,
            error,
        }
    }
}

/// A client of one running Sluice server, signed in (session cookie and CSRF token), holding
/// an API key, or anonymous. Clones share the session.
#[derive(Clone)]
pub struct Api {
    base: String,
    http: reqwest::Client,
    /// Sent as `x-csrf-token` on every request that is not a GET.
    csrf: Option<String>,
    /// Who signed in, as the sign-in answered.
    session: Option<Me>,
}

impl Api {
    /// A client that sends no credentials at all.
    pub fn anonymous(base: &str) -> Api {
        Api {
            base: base.to_owned(),
            http: reqwest::Client::new(),
            csrf: None,
            session: None,
        }
    }

    /// Signs in through `POST /api/v1/auth/login`; the refusal when it is refused.
    pub async fn try_sign_in(base: &str, username: &str, password: &str) -> Result<Api, Refusal> {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let mut api = Api {
            base: base.to_owned(),
            http,
            csrf: None,
            session: None,
        };
        let login = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        let me: Me = api.post("/api/v1/auth/login", &login).await?;
        api.csrf = Some(me.csrf_token.clone());
        api.session = Some(me);
        Ok(api)
    }

    /// Signs in, failing the test when that is refused.
    pub async fn sign_in(base: &str, username: &str, password: &str) -> Api {
        Self::try_sign_in(base, username, password)
            .await
            .unwrap_or_else(|r| panic!("sign in as {username}: {r}"))
    }

    /// Signs in as the first admin (`admin`, [`super::ADMIN_PASSWORD`]).
    pub async fn admin(base: &str) -> Api {
        Self::sign_in(base, "admin", super::ADMIN_PASSWORD).await
    }

    /// A client that authenticates every request with the API key `key`.
    pub fn with_key(base: &str, key: &str) -> Api {
        Self::keyed(base, key, None)
    }

    /// A client that authenticates with the API key `key`, connecting from the local address
    /// `from` (any of 127.0.0.0/8 reaches a server listening on 127.0.0.1).
    pub fn with_key_from(base: &str, key: &str, from: std::net::IpAddr) -> Api {
        Self::keyed(base, key, Some(from))
    }

    fn keyed(base: &str, key: &str, from: Option<std::net::IpAddr>) -> Api {
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            format!("Bearer {key}").parse().expect("header value"),
        );
        Api {
            base: base.to_owned(),
            http: reqwest::Client::builder()
                .default_headers(headers)
                .local_address(from)
                .build()
                .expect("client"),
            csrf: None,
            session: None,
        }
    }

    /// The same session sending `token` (or no token at all) as its CSRF token.
    pub fn with_csrf(&self, token: Option<&str>) -> Api {
        Api {
            csrf: token.map(str::to_owned),
            ..self.clone()
        }
    }

    /// Who signed in, as the sign-in answered (CSRF token included).
    pub fn session(&self) -> &Me {
        self.session
            .as_ref()
            .expect("a signed-in client (not an API key or anonymous)")
    }

    /// The request with this client's credentials, for the rare test that must shape it
    /// itself or must not read the answer to its end (the fleet's event stream).
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(csrf) = self.csrf.as_deref().filter(|_| method != Method::GET) {
            request = request.header("x-csrf-token", csrf);
        }
        request
    }

    /// Sends `method path` without a body and reads the whole answer.
    pub async fn send(&self, method: Method, path: &str) -> Answer {
        let what = format!("{method} {path}");
        let response = self
            .raw(method, path)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        Answer::read(what, response).await
    }

    /// Sends `method path` with `body` as JSON and reads the whole answer.
    pub async fn send_json<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Answer {
        let what = format!("{method} {path}");
        let response = self
            .raw(method, path)
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        Answer::read(what, response).await
    }

    /// `GET path`: 200 and a `T`, or the refusal.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Refusal> {
        self.send(Method::GET, path).await.body(StatusCode::OK)
    }

    /// `POST path` with `body`: 200 and a `T`, or the refusal.
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, Refusal> {
        let answer = self.send_json(Method::POST, path, body).await;
        answer.body(StatusCode::OK)
    }

    /// `POST path` that creates something: 201 and a `T`, or the refusal.
    pub async fn create<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, Refusal> {
        let answer = self.send_json(Method::POST, path, body).await;
        answer.body(StatusCode::CREATED)
    }

    /// `PUT path` with `body`: 200 and a `T`, or the refusal.
    pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, Refusal> {
        let answer = self.send_json(Method::PUT, path, body).await;
        answer.body(StatusCode::OK)
    }

    /// `PATCH path` with `body`: 200 and a `T`, or the refusal.
    pub async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, Refusal> {
        let answer = self.send_json(Method::PATCH, path, body).await;
        answer.body(StatusCode::OK)
    }

    /// `DELETE path`: 200 and a `T`, or the refusal.
    pub async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, Refusal> {
        self.send(Method::DELETE, path).await.body(StatusCode::OK)
    }

    /// A bodiless request answered without a body (202, 204): its success status.
    pub async fn act(&self, method: Method, path: &str) -> Result<StatusCode, Refusal> {
        self.send(method, path).await.done()
    }

    // ---- Session --------------------------------------------------------------------------

    /// `GET /api/v1/auth/me`
    pub async fn me(&self) -> Result<Me, Refusal> {
        self.get("/api/v1/auth/me").await
    }

    /// `POST /api/v1/auth/logout`
    pub async fn logout(&self) -> Result<StatusCode, Refusal> {
        self.act(Method::POST, "/api/v1/auth/logout").await
    }

    // ---- Clusters, connectors, fleet -------------------------------------------------------

    /// `GET /api/v1/clusters`
    pub async fn clusters(&self) -> Result<Vec<ClusterSummary>, Refusal> {
        self.get("/api/v1/clusters").await
    }

    /// `GET /api/v1/clusters/{cluster}/connectors`
    pub async fn connectors(&self, cluster: &str) -> Result<ClusterConnectors, Refusal> {
        self.get(&format!("/api/v1/clusters/{cluster}/connectors"))
            .await
    }

    /// `POST /api/v1/clusters/{cluster}/connectors`: 201 and the redacted config.
    pub async fn create_connector(
        &self,
        cluster: &str,
        body: &CreateConnector,
    ) -> Result<RedactedConfig, Refusal> {
        self.create(&format!("/api/v1/clusters/{cluster}/connectors"), body)
            .await
    }

    /// One connector's routes (`/api/v1/clusters/{cluster}/connectors/{name}…`).
    pub fn connector(&self, cluster: &str, name: impl AsRef<str>) -> Connector<'_> {
        Connector {
            api: self,
            path: format!("/api/v1/clusters/{cluster}/connectors/{}", name.as_ref()),
        }
    }

    /// `GET /api/v1/fleet`
    pub async fn fleet(&self) -> Result<FleetSnapshot, Refusal> {
        self.get("/api/v1/fleet").await
    }

    /// `POST /api/v1/bulk`: `action` on each `(cluster, name)`.
    pub async fn bulk(
        &self,
        action: BulkAction,
        connectors: &[(&str, &str)],
    ) -> Result<BulkResponse, Refusal> {
        let request = BulkRequest {
            action,
            connectors: connectors
                .iter()
                .map(|(cluster_id, name)| ConnectorRef {
                    cluster_id: (*cluster_id).to_owned(),
                    name: (*name).to_owned(),
                })
                .collect(),
        };
        self.post("/api/v1/bulk", &request).await
    }

    /// Opens `GET /api/v1/fleet/events` (200, `text/event-stream`) and forwards each decoded
    /// update until the stream ends.
    pub async fn fleet_stream(&self) -> tokio::sync::mpsc::UnboundedReceiver<FleetUpdate> {
        let mut response = self
            .raw(Method::GET, "/api/v1/fleet/events")
            .send()
            .await
            .expect("stream");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut pending = String::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                pending.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = pending.find("\n\n") {
                    let event: String = pending.drain(..end + 2).collect();
                    let data: String = event
                        .lines()
                        .filter_map(|l| l.strip_prefix("data: ").or(l.strip_prefix("data:")))
                        .collect();
                    if data.is_empty() {
                        continue;
                    }
                    let update = serde_json::from_str(&data).expect("a fleet update");
                    if tx.send(update).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    // ---- Administration ----------------------------------------------------------------------

    /// `GET /api/v1/tenants`
    pub async fn tenants(&self) -> Result<Vec<TenantInfo>, Refusal> {
        self.get("/api/v1/tenants").await
    }

    /// `POST /api/v1/tenants`: 201 and the tenant.
    pub async fn create_tenant(&self, tenant: &TenantInfo) -> Result<TenantInfo, Refusal> {
        self.create("/api/v1/tenants", tenant).await
    }

    /// `POST /api/v1/users`: 201 and the user.
    pub async fn create_user(&self, user: &CreateUser) -> Result<UserInfo, Refusal> {
        self.create("/api/v1/users", user).await
    }

    /// `GET /api/v1/users`
    pub async fn users(&self) -> Result<Vec<UserInfo>, Refusal> {
        self.get("/api/v1/users").await
    }

    /// `PATCH /api/v1/users/{id}`: the user as changed.
    pub async fn update_user(&self, id: &str, change: &UpdateUser) -> Result<UserInfo, Refusal> {
        self.patch(&format!("/api/v1/users/{id}"), change).await
    }

    /// `GET /api/v1/audit?{query}` (JSON; `query` may be empty).
    pub async fn audit(&self, query: &str) -> Result<Vec<AuditRecord>, Refusal> {
        self.get(&format!("/api/v1/audit?{query}")).await
    }

    // ---- API keys ----------------------------------------------------------------------------

    /// `GET /api/v1/api-keys`
    pub async fn api_keys(&self) -> Result<Vec<ApiKeyInfo>, Refusal> {
        self.get("/api/v1/api-keys").await
    }

    /// `GET /api/v1/api-keys/{id}`, with usage per endpoint.
    pub async fn api_key(&self, id: &str) -> Result<ApiKeyInfo, Refusal> {
        self.get(&format!("/api/v1/api-keys/{id}")).await
    }

    /// `POST /api/v1/api-keys`: 201 and the key, shown this once.
    pub async fn create_key(&self, key: &CreateApiKey) -> Result<CreatedApiKey, Refusal> {
        self.create("/api/v1/api-keys", key).await
    }

    /// `DELETE /api/v1/api-keys/{id}`
    pub async fn revoke_key(&self, id: &str) -> Result<StatusCode, Refusal> {
        self.act(Method::DELETE, &format!("/api/v1/api-keys/{id}"))
            .await
    }

    // ---- Export and import ------------------------------------------------------------------

    /// `POST /api/v1/import/plan`: the dry run.
    pub async fn import_plan(&self, doc: &ExportDocument) -> Result<ImportPlan, Refusal> {
        self.post("/api/v1/import/plan", doc).await
    }

    /// `POST /api/v1/import/apply`: one connector.
    pub async fn import_apply(&self, c: &ExportedConnector) -> Result<ImportApplied, Refusal> {
        self.post("/api/v1/import/apply", c).await
    }
}

/// The body of a key request: `name`, `role` and tenant, without expiry.
pub fn key_request(name: &str, role: Role, tenant: Option<&str>) -> CreateApiKey {
    CreateApiKey {
        name: name.to_owned(),
        role,
        tenant: tenant.map(str::to_owned),
        expires_in_days: None,
    }
}
