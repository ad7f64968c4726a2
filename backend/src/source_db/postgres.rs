//! A Debezium PostgreSQL connector's replication slot: inspect it, and drop it after the
//! connector is deleted (Connect leaves it behind, and it keeps WAL until dropped).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sluice_shared::offsets::readable::parse_lsn;
use sluice_shared::{SlotInfo, redact};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgRow};
use sqlx::{ConnectOptions, Connection, Row};

/// Connecting and each query give up after this long: an unreachable database is an answer.
const TIMEOUT: Duration = Duration::from_secs(5);
/// A deleted connector's task lets go of the slot within seconds; wait this long for it.
const RELEASE_WAIT: Duration = Duration::from_secs(20);

/// A slot's `confirmed_flush_lsn`, and how far the server's WAL has gone past it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotConfirmed {
    pub lsn: Option<u64>,
    pub lag_bytes: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum SlotError {
    #[error("{0}")]
    Config(String),
    #[error("PostgreSQL at {host}: {message}")]
    Database { host: String, message: String },
    #[error(
        "slot `{0}` is still in use after {1:?}; drop it once the connector's task has stopped"
    )]
    StillActive(String, Duration),
}

/// Where the slot lives, from the connector's config.
pub struct SlotTarget {
    options: PgConnectOptions,
    pub host: String,
    pub database: String,
    pub slot_name: String,
}

impl SlotTarget {
    pub fn from_config(config: &BTreeMap<String, String>) -> Result<Self, SlotError> {
        let get = |k: &str| config.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let host = get("database.hostname")
            .ok_or_else(|| SlotError::Config("database.hostname is not set".into()))?;
        let port: u16 = get("database.port")
            .unwrap_or("5432")
            .parse()
            .map_err(|_| SlotError::Config("database.port is not a port number".into()))?;
        let user = get("database.user")
            .ok_or_else(|| SlotError::Config("database.user is not set".into()))?;
        let password = get("database.password").unwrap_or_default();
        if redact::is_provider_reference(password) {
            return Err(SlotError::Config(
                "the password is a config provider reference that only Connect's workers can resolve"
                    .into(),
            ));
        }
        let database = get("database.dbname")
            .ok_or_else(|| SlotError::Config("database.dbname is not set".into()))?;
        let slot_name = get("slot.name").unwrap_or("debezium").to_owned();
        let options = PgConnectOptions::new()
            .host(host)
            .port(port)
            .username(user)
            .password(password)
            .database(database)
            .disable_statement_logging();
        Ok(Self {
            options,
            host: format!("{host}:{port}"),
            database: database.to_owned(),
            slot_name,
        })
    }

    fn db_error(&self, e: impl std::fmt::Display) -> SlotError {
        SlotError::Database {
            host: self.host.clone(),
            message: e.to_string(),
        }
    }

    async fn connect(&self) -> Result<PgConnection, SlotError> {
        tokio::time::timeout(TIMEOUT, PgConnection::connect_with(&self.options))
            .await
            .map_err(|_| self.db_error("no answer within 5 s"))?
            .map_err(|e| self.db_error(e))
    }

    /// The slot's row of `pg_replication_slots` with the columns `select` names.
    async fn slot_row(&self, select: &str) -> Result<Option<PgRow>, SlotError> {
        let mut conn = self.connect().await?;
        let sql = format!("SELECT {select} FROM pg_replication_slots WHERE slot_name = $1");
        let row = tokio::time::timeout(
            TIMEOUT,
            sqlx::query(&sql)
                .bind(&self.slot_name)
                .fetch_optional(&mut conn),
        )
        .await
        .map_err(|_| self.db_error("query timed out"))?
        .map_err(|e| self.db_error(e))?;
        let _ = conn.close().await;
        Ok(row)
    }

    pub async fn info(&self) -> Result<SlotInfo, SlotError> {
        let row = self
            .slot_row(
                "active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained",
            )
            .await?;
        Ok(SlotInfo {
            slot_name: self.slot_name.clone(),
            database: self.database.clone(),
            host: self.host.clone(),
            exists: row.is_some(),
            active: row
                .as_ref()
                .is_some_and(|r| r.try_get("active").unwrap_or(false)),
            retained_wal_bytes: row.and_then(|r| r.try_get("retained").ok()),
        })
    }

    /// Where the slot has confirmed up to, and the WAL written since (both `None`: no such
    /// slot, or it never confirmed).
    pub async fn confirmed(&self) -> Result<SlotConfirmed, SlotError> {
        let row = self
            .slot_row(
                "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag, \
                 confirmed_flush_lsn::text AS confirmed",
            )
            .await?;
        let Some(row) = row else {
            return Ok(SlotConfirmed::default());
        };
        Ok(SlotConfirmed {
            lag_bytes: row
                .try_get::<Option<i64>, _>("lag")
                .ok()
                .flatten()
                .map(|l| u64::try_from(l).unwrap_or(0)),
            // PostgreSQL's `0/1D58048` text form: sqlx has no pg_lsn type to decode it into.
            lsn: row
                .try_get::<Option<String>, _>("confirmed")
                .ok()
                .flatten()
                .and_then(|t| parse_lsn(&t)),
        })
    }

    /// Waits for the slot to be released, then drops it. `Ok(false)`: it did not exist.
    pub async fn drop_when_released(&self) -> Result<bool, SlotError> {
        let started = Instant::now();
        loop {
            let info = self.info().await?;
            if !info.exists {
                return Ok(false);
            }
            if !info.active {
                break;
            }
            if started.elapsed() > RELEASE_WAIT {
                return Err(SlotError::StillActive(self.slot_name.clone(), RELEASE_WAIT));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let mut conn = self.connect().await?;
        let dropped = tokio::time::timeout(
            TIMEOUT,
            sqlx::query("SELECT pg_drop_replication_slot($1)")
                .bind(&self.slot_name)
                .execute(&mut conn),
        )
        .await
        .map_err(|_| self.db_error("drop timed out"))?
        .map_err(|e| self.db_error(e));
        let _ = conn.close().await;
        dropped.map(|_| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn reads_the_slot_from_the_connector_config_with_debeziums_defaults() {
        let t = SlotTarget::from_config(&config(&[
            ("database.hostname", "db.internal"),
            ("database.user", "dbz"),
            ("database.password", "pw"),
            ("database.dbname", "inventory"),
        ]))
        .expect("target");
        assert_eq!(t.slot_name, "debezium");
        assert_eq!(t.host, "db.internal:5432");
    }

    #[test]
    fn a_provider_reference_cannot_be_used_and_says_why() {
        let e = SlotTarget::from_config(&config(&[
            ("database.hostname", "db"),
            ("database.user", "dbz"),
            (
                "database.password",
                "${file:/secrets/pg.properties:password}",
            ),
            ("database.dbname", "inventory"),
        ]))
        .err()
        .expect("refused");
        assert!(e.to_string().contains("config provider"));
    }
}
