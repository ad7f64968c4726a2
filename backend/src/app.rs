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

use crate::auth::bootstrap;
use crate::auth::login_limit::LoginLimits;
use crate::auth::throttle::Throttle;
use crate::auth::usage::{self, UsageTracker};
use crate::clusters::Clusters;
use crate::config::{Config, SessionSettings};
use crate::fleet::FleetHub;
use crate::store::Store;
use crate::{api, static_files};

/// State every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub clusters: Arc<Clusters>,
    pub store: Store,
    pub auth: Arc<AuthState>,
    pub fleet: Arc<FleetHub>,
}

/// Settings and in-memory state of authentication.
pub struct AuthState {
    pub session: SessionSettings,
    pub login_limits: LoginLimits,
    pub key_limits: Throttle<String>,
    pub tenant_limits: Throttle<String>,
    pub usage: Arc<UsageTracker>,
}

impl AppState {
    /// Connects the store (applying migrations), creates the first admin if needed, builds a
    /// client per cluster, and starts the API-key usage sync.
    pub async fn new(config: &Config) -> anyhow::Result<Self> {
        let clusters = Arc::new(Clusters::from_config(config)?);
        let store = Store::connect(&config.database_url).await?;
        bootstrap::ensure_admin(&store, config.admin_password.as_ref()).await?;
        let usage = Arc::new(UsageTracker::default());
        usage::spawn_sync(
            usage.clone(),
            store.clone(),
            config.api_keys.stats_sync_interval,
        );
        let limits = &config.login_limits;
        let fleet = FleetHub::start(
            clusters.clone(),
            store.clone(),
            config.fleet.refresh_interval,
        );
        Ok(Self {
            clusters,
            fleet,
            store,
            auth: Arc::new(AuthState {
                session: config.session.clone(),
                login_limits: LoginLimits::new(
                    limits.per_account_per_minute,
                    limits.per_address_per_minute,
                ),
                key_limits: Throttle::per_minute(config.api_keys.rate_per_minute),
                tenant_limits: Throttle::per_minute(config.api_keys.tenant_rate_per_minute),
                usage,
            }),
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
    let state = AppState::new(&config).await?;
    let listener = TcpListener::bind(config.listen).await?;
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), clusters = state.clusters.iter().count(), "Sluice is serving");
    // Connection info gives the login throttle the client's address.
    let service =
        router(state, &config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
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
