//! The application: shared state, the router with its layers, and `serve`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::clusters::Clusters;
use crate::config::Config;
use crate::{api, static_files};

/// State every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub clusters: Arc<Clusters>,
}

impl AppState {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        Ok(Self {
            clusters: Arc::new(Clusters::from_config(config)?),
        })
    }
}

/// The whole HTTP surface: `/api/v1`, health probes and the UI.
pub fn router(state: AppState, config: &Config) -> Router {
    let security_headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    let mut app = Router::new()
        .merge(api::router(state))
        .merge(static_files::router(&config.dist_dir))
        .layer(RequestBodyLimitLayer::new(4 * 1024 * 1024))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http());
    for (name, value) in security_headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// Binds, serves until Ctrl-C/SIGTERM, and logs the URL.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let state = AppState::new(&config)?;
    let listener = TcpListener::bind(config.listen).await?;
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), clusters = state.clusters.iter().count(), "Sluice is serving");
    axum::serve(listener, router(state, &config))
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
    // Give in-flight requests a moment; axum waits for them anyway.
    tokio::time::sleep(Duration::from_millis(50)).await;
}
