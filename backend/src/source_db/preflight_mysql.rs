//! MySQL and MariaDB preflight for a Debezium binlog source, with the credentials the user
//! typed: reachable, credentials, version (and the right connector for it), `log_bin`,
//! `binlog_format=ROW`, `binlog_row_image=FULL`, the grants Debezium needs, and a
//! `database.server.id` that neither the server nor another connector of the cluster uses.

use sluice_shared::preflight::{Check, CheckStatus, missing_binlog_grants};
use sluice_shared::templates::{Answers, Kind};
use sqlx::mysql::{MySqlConnection, MySqlRow};
use sqlx::{Connection, Row};

use super::sign_in::{TIMEOUT, mysql_options, not_checked, open};

use CheckStatus::{Fail, Pass, Warn};

const LATER: [(&str, &str); 8] = [
    ("credentials", "Credentials"),
    ("version", "Server version"),
    ("log_bin", "Binary log enabled"),
    ("binlog_format", "binlog_format = ROW"),
    ("binlog_row_image", "binlog_row_image = FULL"),
    ("grants", "Privileges"),
    ("server_id", "Server id"),
    ("gtid", "GTID mode"),
];

pub async fn preflight(kind: Kind, a: &Answers, taken_server_ids: &[u64]) -> Vec<Check> {
    let port = a.port.unwrap_or(kind.default_port());
    let later = |checks: &mut Vec<Check>, why: &str| not_checked(checks, &LATER, why);
    let explain = |e: &sqlx::Error, code: Option<&str>| {
        match code {
        // 28000 is the SQLSTATE for 1045 (access denied); 42000 for 1044/1049.
        Some("28000") => (
            format!("user `{}` was refused: {e}", a.user),
            "Check the user name and password, and that the user may connect from the Connect workers' hosts ('user'@'%').".to_owned(),
        ),
        Some("42000") => (
            format!("`{}` cannot use database `{}`: {e}", a.user, a.database),
            format!("Check the database name, or `GRANT SELECT ON {}.* TO '{}'@'%';`", a.database, a.user),
        ),
        _ => (e.to_string(), "Check the credentials and TLS settings.".to_owned()),
    }
    };
    let options = mysql_options(kind, a);
    let signed_in = format!("signed in as `{}`", a.user);
    let (mut conn, mut checks) = match open(
        a,
        port,
        &LATER,
        MySqlConnection::connect_with(&options),
        explain,
        signed_in,
    )
    .await
    {
        Ok(opened) => opened,
        Err(checks) => return checks,
    };

    let settings = rows(
        &mut conn,
        "SELECT VERSION(), CAST(@@log_bin AS CHAR), @@binlog_format, @@binlog_row_image, \
         CAST(@@server_id AS CHAR), CAST(@@gtid_mode AS CHAR)",
    )
    .await;
    // MariaDB has no @@gtid_mode (its GTIDs are always on); ask again without it.
    let settings =
        match settings {
            Err(_) => rows(
                &mut conn,
                "SELECT VERSION(), CAST(@@log_bin AS CHAR), @@binlog_format, @@binlog_row_image, \
             CAST(@@server_id AS CHAR), 'MariaDB'",
            )
            .await,
            ok => ok,
        };
    match settings.as_deref().map(|r| r.first()) {
        Ok(Some(row)) => {
            let v = |i: usize| text(row, i);
            checks.push(version_check(kind, &v(0)));
            checks.push(setting("log_bin", "Binary log enabled", &v(1), &["1", "ON"],
                "Start the server with `log_bin` (e.g. `--log-bin=mysql-bin`) and a `server_id`; this needs a restart."));
            checks.push(setting("binlog_format", "binlog_format = ROW", &v(2), &["ROW"],
                "Run `SET GLOBAL binlog_format = 'ROW';` and set it in the server's configuration so it survives a restart."));
            checks.push(setting(
                "binlog_row_image",
                "binlog_row_image = FULL",
                &v(3),
                &["FULL"],
                "Run `SET GLOBAL binlog_row_image = 'FULL';` and set it in the server's configuration.",
            ));
            let own_id: u64 = v(4).parse().unwrap_or(0);
            checks.push(server_id_check(a.server_id, own_id, taken_server_ids));
            let gtid = v(5);
            checks.push(match gtid.as_str() {
                "MariaDB" => Check::new("gtid", "GTID mode", Pass, "MariaDB always records GTIDs"),
                "ON" => Check::new("gtid", "GTID mode", Pass, "gtid_mode is ON"),
                other => Check::new("gtid", "GTID mode", Warn, format!("gtid_mode is `{other}`"))
                    .with_hint("Without GTIDs the connector cannot follow a failover to a replica; `SET GLOBAL gtid_mode = ON` (in steps) if you need that."),
            });
        }
        Ok(None) => later(&mut checks, "the server returned no settings"),
        Err(e) => later(&mut checks, &format!("reading the settings failed: {e}")),
    }
    match rows(&mut conn, "SHOW GRANTS FOR CURRENT_USER()").await {
        Ok(r) => {
            let grants: Vec<String> = r.iter().map(|row| text(row, 0)).collect();
            let missing = missing_binlog_grants(&grants, &a.database);
            checks.push(if missing.is_empty() {
                Check::new("grants", "Privileges", Pass, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE and REPLICATION CLIENT are granted")
            } else {
                Check::new("grants", "Privileges", Fail, format!("`{}` lacks {}", a.user, missing.join(", ")))
                    .with_hint(format!("As an administrator: `GRANT {} ON *.* TO '{}'@'%';`", missing.join(", "), a.user))
            });
        }
        Err(e) => checks.push(Check::new("grants", "Privileges", Warn, e)),
    }
    let order: Vec<&str> = LATER.iter().map(|(id, _)| *id).collect();
    checks.sort_by_key(|c| order.iter().position(|id| *id == c.id).map_or(0, |p| p + 1));
    let _ = conn.close().await;
    checks
}

async fn rows(conn: &mut MySqlConnection, sql: &'static str) -> Result<Vec<MySqlRow>, String> {
    tokio::time::timeout(TIMEOUT, sqlx::query(sql).fetch_all(conn))
        .await
        .map_err(|_| "query timed out".to_owned())?
        .map_err(|e| e.to_string())
}

/// A column as text: MySQL sends some values (`VERSION()` on MariaDB) with a binary collation.
fn text(row: &MySqlRow, i: usize) -> String {
    row.try_get::<String, _>(i)
        .or_else(|_| {
            row.try_get::<Vec<u8>, _>(i)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        })
        .unwrap_or_default()
}

fn setting(id: &str, label: &str, value: &str, good: &[&str], hint: &str) -> Check {
    if good.iter().any(|g| value.eq_ignore_ascii_case(g)) {
        Check::new(id, label, Pass, format!("{} is {value}", id))
    } else {
        Check::new(id, label, Fail, format!("{id} is `{value}`")).with_hint(hint)
    }
}

fn version_check(kind: Kind, version: &str) -> Check {
    let is_mariadb = version.to_ascii_lowercase().contains("mariadb");
    match (kind, is_mariadb) {
        (Kind::MySql, true) => Check::new(
            "version",
            "Server version",
            Warn,
            format!("{version} is MariaDB"),
        )
        .with_hint("Debezium 3 has its own MariaDB connector: go back and choose MariaDB."),
        (Kind::MariaDb, false) => Check::new(
            "version",
            "Server version",
            Warn,
            format!("{version} is not MariaDB"),
        )
        .with_hint("Go back and choose the MySQL connector."),
        _ => Check::new("version", "Server version", Pass, version.to_owned()),
    }
}

fn server_id_check(chosen: Option<u64>, own: u64, taken: &[u64]) -> Check {
    let label = "Server id";
    match chosen {
        None | Some(0) => Check::new("server_id", label, Fail, "no server id chosen")
            .with_hint("Pick a number no MySQL/MariaDB server or other connector uses."),
        Some(id) if id == own => Check::new(
            "server_id",
            label,
            Fail,
            format!("{id} is the database server's own server_id"),
        )
        .with_hint(
            "Pick another number: the connector joins replication as a replica with this id.",
        ),
        Some(id) if taken.contains(&id) => Check::new(
            "server_id",
            label,
            Fail,
            format!("{id} is used by another connector of this cluster"),
        )
        .with_hint("Two connectors with one id disconnect each other; pick the suggested free id."),
        Some(id) => Check::new(
            "server_id",
            label,
            Pass,
            format!("{id} is free (the server is {own})"),
        ),
    }
}
