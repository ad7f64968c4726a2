//! The application: the router with its layers, and `serve`.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::settings::Settings;
use crate::state::AppState;
use crate::{api, static_files};

/// The largest request body accepted (an import document of a few thousand connectors).
/// Enforced where a body is read, so an oversized chunked body is refused like a declared one.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The whole HTTP surface: `/api/v1`, health probes and the UI.
pub fn router(state: AppState, config: &Settings) -> Router {
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
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http());
    for (name, value) in security_headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    match HeaderValue::from_str(&static_files::content_security_policy(&config.dist_dir)) {
        Ok(csp) => app.layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        )),
        Err(e) => {
            tracing::error!(error = %e, "no Content-Security-Policy: the built index.html is unreadable as a header");
            app
        }
    }
}

/// Binds, serves until Ctrl-C/SIGTERM, and logs the URL.
pub async fn serve(config: Settings) -> anyhow::Result<()> {
    let state = AppState::new(&config).await?;
    let listener = TcpListener::bind(config.listen).await?;
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), clusters = state.clusters.iter().count(), "Sluice is serving");
    // Connection info gives the login throttle the client's address.
    let service = router(state.clone(), &config)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown())
        .await?;
    // Another replica takes the scheduler over now rather than after the lease expires.
    state.health.leadership.release(&state.store).await;
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
