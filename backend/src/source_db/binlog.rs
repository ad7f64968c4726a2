//! A Debezium MySQL/MariaDB connector's database: the server's binlog files and current
//! position, read with the connector's own credentials, to say how far the connector is behind.

use std::collections::BTreeMap;
use std::time::Duration;

use sluice_shared::health::BinlogPosition;
use sluice_shared::redact;
use sqlx::mysql::{MySqlConnectOptions, MySqlConnection, MySqlRow};
use sqlx::{ConnectOptions, Connection, Row};

const TIMEOUT: Duration = Duration::from_secs(5);

/// The server's binlog files (oldest first, with sizes) and its current write position.
pub struct Binlogs {
    pub host: String,
    pub logs: Vec<(String, u64)>,
    pub current: BinlogPosition,
}

fn text(r: &MySqlRow, i: usize) -> Option<String> {
    r.try_get::<String, _>(i).ok().or_else(|| {
        r.try_get::<Vec<u8>, _>(i)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    })
}

fn number(r: &MySqlRow, i: usize) -> Option<u64> {
    r.try_get::<u64, _>(i).ok().or_else(|| {
        r.try_get::<i64, _>(i)
            .ok()
            .and_then(|v| u64::try_from(v).ok())
    })
}

/// Reads the binlogs of the server the connector's config names. `Err` says why in words.
pub async fn read(config: &BTreeMap<String, String>) -> Result<Binlogs, String> {
    let get = |k: &str| config.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let host = get("database.hostname").ok_or("database.hostname is not set")?;
    let port: u16 = get("database.port")
        .unwrap_or("3306")
        .parse()
        .map_err(|_| "database.port is not a port number".to_owned())?;
    let user = get("database.user").ok_or("database.user is not set")?;
    let password = get("database.password").unwrap_or_default();
    if redact::is_provider_reference(password) {
        return Err(
            "the password is a config provider reference that only Connect's workers can resolve"
                .into(),
        );
    }
    let options = MySqlConnectOptions::new()
        .host(host)
        .port(port)
        .username(user)
        .password(password)
        .disable_statement_logging();
    let at = format!("{host}:{port}");
    let fail = |e: &dyn std::fmt::Display| format!("{at}: {e}");
    let work = async {
        let mut conn = MySqlConnection::connect_with(&options)
            .await
            .map_err(|e| fail(&e))?;
        let logs: Vec<(String, u64)> = sqlx::query("SHOW BINARY LOGS")
            .fetch_all(&mut conn)
            .await
            .map_err(|e| fail(&e))?
            .iter()
            .filter_map(|r| Some((text(r, 0)?, number(r, 1)?)))
            .collect();
        let status = sqlx::query("SHOW MASTER STATUS")
            .fetch_optional(&mut conn)
            .await
            .map_err(|e| fail(&e))?
            .ok_or_else(|| fail(&"binary logging is off"))?;
        let current = BinlogPosition {
            file: text(&status, 0).ok_or_else(|| fail(&"no current binlog file"))?,
            pos: number(&status, 1).ok_or_else(|| fail(&"no current binlog position"))?,
        };
        let _ = conn.close().await;
        Ok(Binlogs {
            host: at.clone(),
            logs,
            current,
        })
    };
    tokio::time::timeout(TIMEOUT, work)
        .await
        .map_err(|_| format!("{host}:{port}: no answer within 5 s"))?
}
