//! The console's own database: SQLite by default (zero set-up), PostgreSQL for several
//! replicas. One code path for both through sqlx's `Any` driver; the SQL is kept portable
//! (`$N` placeholders, which SQLite accepts too; text ids; BIGINT times and flags).

mod alerts;
mod api_keys;
mod audit;
mod audit_query;
mod config_history;
mod dlq_samples;
mod health;
mod lag;
mod leases;
mod owners;
mod quarantines;
mod redrive_jobs;
mod restarts;
mod sessions;
mod tenants;
mod users;
mod webhooks;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions};

pub use alerts::{AlertFilter, StoredAlert, StoredSilence};
pub use api_keys::{ApiKeyRow, UsageDelta};
pub use audit::AuditEntry;
pub use audit_query::AuditFilter;
pub use config_history::StoredVersion;
pub use leases::LeaseRow;
pub use restarts::{connector_scope, tenant_scope};
pub use sessions::SessionRow;
pub use tenants::Tenant;
pub use users::User;
pub use webhooks::{Delivery, DeliveryStats, Outcome};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists")]
    Duplicate(String),
    #[error("stored data unreadable: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// The database did not answer, as opposed to answering no: a connection refused or cut
    /// (PostgreSQL restarting), a pool with no free connection in time, PostgreSQL shutting
    /// down or not accepting connections yet (SQLSTATE classes 08 and 57P).
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_)
                | sqlx::Error::WorkerCrashed,
            ) => true,
            StoreError::Db(sqlx::Error::Database(e)) => e
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
            _ => false,
        }
    }

    /// Maps a unique-constraint violation to `Duplicate(what)`, leaves anything else alone.
    fn duplicate_as(self, what: impl Into<String>) -> Self {
        match &self {
            StoreError::Db(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Self::Duplicate(what.into())
            }
            _ => self,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
}

impl Store {
    /// Connects (creating a SQLite file if needed) and applies pending migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let mut url = url.to_owned();
        if url.starts_with("sqlite:") && !url.contains("mode=") {
            url.push_str(if url.contains('?') {
                "&mode=rwc"
            } else {
                "?mode=rwc"
            });
        }
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let is_sqlite = url.starts_with("sqlite:");
        let pool = AnyPoolOptions::new()
            // SQLite allows one writer at a time; a small pool avoids "database is locked".
            .max_connections(if is_sqlite { 4 } else { 16 })
            // A database that is down answers a request in seconds (503), not after sqlx's
            // default 30 s of reconnecting.
            .acquire_timeout(std::time::Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if is_sqlite {
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 5000")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}
