//! A webhook receiver on 127.0.0.1 for alert tests: it keeps every body it is sent and can
//! refuse the first posts (to make the console retry).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use secrecy::SecretString;
use sluice_backend::settings::{WebhookFormat, WebhookSettings};
use sluice_shared::health::{Severity, WebhookEvents};

#[derive(Clone, Default)]
struct Inner {
    bodies: Arc<Mutex<Vec<serde_json::Value>>>,
    refuse_first: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
}

pub struct Receiver {
    pub url: String,
    inner: Inner,
}

impl Receiver {
    /// Starts a receiver that answers 503 to its first `refuse_first` posts.
    pub async fn start(refuse_first: usize) -> Self {
        let inner = Inner {
            refuse_first: Arc::new(AtomicUsize::new(refuse_first)),
            ..Inner::default()
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        Self { url, inner }
    }

    /// Every body accepted so far, in arrival order.
    pub fn bodies(&self) -> Vec<serde_json::Value> {
        self.inner
            .bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn refused(&self) -> usize {
        self.inner.refused.load(Ordering::SeqCst)
    }

    /// The console's settings for this receiver.
    pub fn settings(
        &self,
        name: &str,
        format: WebhookFormat,
        events: &[WebhookEvents],
    ) -> WebhookSettings {
        WebhookSettings {
            name: name.to_owned(),
            url: Some(SecretString::from(self.url.clone())),
            url_env: None,
            url_file: None,
            format,
            events: events.to_vec(),
            min_severity: Severity::Warning,
        }
    }
}

async fn receive(State(inner): State<Inner>, body: String) -> StatusCode {
    if inner
        .refuse_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        inner.refused.fetch_add(1, Ordering::SeqCst);
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let value = serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body));
    inner
        .bodies
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(value);
    StatusCode::NO_CONTENT
}
