//! What every handler and background task reaches: clusters, the console database, the fleet
//! feed and authentication state. Built once at start-up.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::auth::bootstrap;
use crate::auth::key_addresses::KeyAddresses;
use crate::auth::login_limit::LoginLimits;
use crate::auth::state::AuthState;
use crate::auth::throttle::Throttle;
use crate::auth::usage::{self, UsageTracker};
use crate::clusters::Clusters;
use crate::fleet::FleetHub;
use crate::guard;
use crate::health::{self, Health};
use crate::settings::Settings;
use crate::store::Store;

/// State every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub clusters: Arc<Clusters>,
    pub store: Store,
    pub auth: Arc<AuthState>,
    pub fleet: Arc<FleetHub>,
    pub health: Arc<Health>,
    pub alerts: Arc<crate::alerts::Alerts>,
    /// The counters `/metrics` renders.
    pub metrics: crate::metrics::Metrics,
}

impl AppState {
    /// Connects the store (applying migrations), creates the first admin if needed, builds a
    /// client per cluster, and starts the API-key usage sync.
    pub async fn new(config: &Settings) -> anyhow::Result<Self> {
        let clusters = Arc::new(Clusters::from_config(config)?);
        let metrics = crate::metrics::Metrics::default();
        for cluster in clusters.iter() {
            cluster.client.attach_metrics(metrics.connect.clone());
        }
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
        let state = Self {
            clusters,
            fleet,
            health: Arc::new(Health::new(&config.health)),
            alerts: Arc::new(crate::alerts::Alerts::new(&config.alerts)?),
            metrics,
            store,
            auth: Arc::new(AuthState {
                session: config.session.clone(),
                login_limits: LoginLimits::new(
                    limits.per_account_per_minute,
                    limits.per_address_per_minute,
                ),
                throttled_audit: Throttle::per_minute(1),
                key_limits: Throttle::per_minute(config.api_keys.rate_per_minute),
                tenant_limits: Throttle::per_minute(config.api_keys.tenant_rate_per_minute),
                usage,
                key_addresses: KeyAddresses::default(),
            }),
        };
        guard::start(
            state.guard(),
            state.clusters.clone(),
            config.fleet.topic_check_interval,
        );
        // No request to Connect outlives its write timeout: an entry pending for longer was
        // cut off by a stop.
        let grace = config.connect.write_timeout + std::time::Duration::from_secs(5);
        crate::service::recovery::start(
            state.clone(),
            grace,
            (grace / 4).clamp(
                std::time::Duration::from_secs(1),
                std::time::Duration::from_secs(30),
            ),
        );
        crate::dlq_sampler::start(state.clone());
        health::start(state.clone());
        health::lag_sampler::start(state.clone());
        crate::alerts::deliver::register(&state).await?;
        crate::alerts::start(state.clone());
        Ok(state)
    }
}

impl AppState {
    /// What the topic guard works with.
    pub fn guard(&self) -> guard::Guard {
        guard::Guard {
            store: self.store.clone(),
            fleet: self.fleet.clone(),
            leadership: self.health.leadership.clone(),
        }
    }
}

/// The `Caller` extractor needs only these two, so authentication does not depend on the app.
impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Self {
        state.store.clone()
    }
}

impl FromRef<AppState> for Arc<AuthState> {
    fn from_ref(state: &AppState) -> Self {
        state.auth.clone()
    }
}
