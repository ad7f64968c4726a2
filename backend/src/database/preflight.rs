//! The wizard's preflight: one entry point per connector kind, each connecting for real with
//! the credentials the user typed. Kinds Sluice has no client for get a TCP reachability check
//! and say plainly which checks they did not run.

use std::time::Duration;

use sluice_shared::preflight::{Check, CheckStatus};
use sluice_shared::redact;
use sluice_shared::templates::{Answers, Kind};
use sqlx::ConnectOptions;
use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
use sqlx::postgres::{PgConnectOptions, PgSslMode};

use super::{preflight_mysql, preflight_pg};

pub(super) const TIMEOUT: Duration = Duration::from_secs(5);

/// Every check for `kind`, in order. `taken_server_ids` are the cluster's binlog connectors' ids.
pub async fn run(kind: Kind, answers: &Answers, taken_server_ids: &[u64]) -> Vec<Check> {
    match kind {
        Kind::Postgres => preflight_pg::preflight(answers).await,
        Kind::MySql | Kind::MariaDb => {
            preflight_mysql::preflight(kind, answers, taken_server_ids).await
        }
        Kind::SqlServer | Kind::Oracle | Kind::MongoDb => reachability_only(kind, answers).await,
        Kind::JdbcSink => vec![Check::new(
            "reachable",
            "Reachable",
            CheckStatus::NotChecked,
            "the sink's target database is reached by the Connect workers through its JDBC URL; \
             Connect's validation checks the connection at review",
        )],
    }
}

/// TCP to `host:port`: a pass, or the failure (with a hint) that makes later checks moot.
pub(super) async fn reachable(host: &str, port: u16) -> Result<Check, Check> {
    let target = format!("{host}:{port}");
    match tokio::time::timeout(TIMEOUT, tokio::net::TcpStream::connect(&target)).await {
        Ok(Ok(_)) => Ok(Check::new(
            "reachable",
            "Reachable",
            CheckStatus::Pass,
            format!("{target} accepts connections"),
        )),
        Ok(Err(e)) => Err(
            Check::new("reachable", "Reachable", CheckStatus::Fail, format!("{target}: {e}"))
                .with_hint("Check host and port; the database must be reachable from Sluice and from every Connect worker."),
        ),
        Err(_) => Err(Check::new(
            "reachable",
            "Reachable",
            CheckStatus::Fail,
            format!("{target} did not answer within 5 s"),
        )
        .with_hint("A firewall may drop the connection; check host, port and network policy.")),
    }
}

/// How to sign in to PostgreSQL as the answers say, TLS included.
pub(super) fn pg_options(a: &Answers) -> PgConnectOptions {
    let ssl = match a.tls_mode.as_str() {
        "disable" => PgSslMode::Disable,
        "require" => PgSslMode::Require,
        "verify-ca" => PgSslMode::VerifyCa,
        "verify-full" => PgSslMode::VerifyFull,
        _ => PgSslMode::Prefer,
    };
    PgConnectOptions::new()
        .host(&a.host)
        .port(a.port.unwrap_or(Kind::Postgres.default_port()))
        .username(&a.user)
        .password(&a.password)
        .database(&a.database)
        .ssl_mode(ssl)
        .disable_statement_logging()
}

/// How to sign in to MySQL or MariaDB as the answers say, TLS included.
pub(super) fn mysql_options(kind: Kind, a: &Answers) -> MySqlConnectOptions {
    let ssl = match a.tls_mode.as_str() {
        "disable" => MySqlSslMode::Disabled,
        "require" => MySqlSslMode::Required,
        "verify-ca" => MySqlSslMode::VerifyCa,
        "verify-full" => MySqlSslMode::VerifyIdentity,
        _ => MySqlSslMode::Preferred,
    };
    let options = MySqlConnectOptions::new()
        .host(&a.host)
        .port(a.port.unwrap_or(kind.default_port()))
        .username(&a.user)
        .password(&a.password)
        .ssl_mode(ssl)
        .disable_statement_logging();
    if a.database.is_empty() {
        options
    } else {
        options.database(&a.database)
    }
}

/// The checks every database starts with — reachable, a password Sluice can use, sign-in —
/// and the open connection when they pass. Otherwise the checks so far, with every id in
/// `later` marked not checked. `explain` turns a refused sign-in into detail and fix hint.
pub(super) async fn open<C>(
    a: &Answers,
    port: u16,
    later: &[(&str, &str)],
    connect: impl Future<Output = Result<C, sqlx::Error>>,
    explain: impl FnOnce(&sqlx::Error, Option<&str>) -> (String, String),
    signed_in: String,
) -> Result<(C, Vec<Check>), Vec<Check>> {
    let mut checks = Vec::new();
    let stop = |mut checks: Vec<Check>, failed: Check, why: &str| {
        checks.push(failed);
        not_checked(&mut checks, later, why);
        Err(checks)
    };
    match reachable(&a.host, port).await {
        Ok(c) => checks.push(c),
        Err(c) => return stop(checks, c, "the server could not be reached"),
    }
    if redact::is_provider_reference(&a.password) {
        let c = Check::new("credentials", "Credentials", CheckStatus::NotChecked, "the password is a config provider reference only Connect's workers can resolve")
            .with_hint("Type the password here to run the remaining checks; the connector can still use the reference.");
        return stop(checks, c, "no usable password");
    }
    match tokio::time::timeout(TIMEOUT, connect).await {
        Ok(Ok(conn)) => {
            checks.push(Check::new(
                "credentials",
                "Credentials",
                CheckStatus::Pass,
                signed_in,
            ));
            Ok((conn, checks))
        }
        Ok(Err(e)) => {
            let code = e
                .as_database_error()
                .and_then(|d| d.code())
                .map(|c| c.to_string());
            let (detail, hint) = explain(&e, code.as_deref());
            let c =
                Check::new("credentials", "Credentials", CheckStatus::Fail, detail).with_hint(hint);
            stop(checks, c, "could not sign in")
        }
        Err(_) => {
            let c = Check::new(
                "credentials",
                "Credentials",
                CheckStatus::Fail,
                "sign-in did not finish within 5 s",
            );
            stop(checks, c, "could not sign in")
        }
    }
}

/// Marks every check in `ids` not yet reported as not checked, saying why.
pub(super) fn not_checked(checks: &mut Vec<Check>, ids: &[(&str, &str)], why: &str) {
    for (id, label) in ids {
        if !checks.iter().any(|c| c.id == *id) {
            checks.push(Check::new(id, label, CheckStatus::NotChecked, why));
        }
    }
}

async fn reachability_only(kind: Kind, a: &Answers) -> Vec<Check> {
    let mut checks = Vec::new();
    let host_port = if kind == Kind::MongoDb {
        mongo_host(&a.connection_string)
    } else {
        Some((a.host.clone(), a.port.unwrap_or(kind.default_port())))
    };
    match host_port {
        Some((host, port)) => checks.push(reachable(&host, port).await.unwrap_or_else(|c| c)),
        None => checks.push(Check::new(
            "reachable",
            "Reachable",
            CheckStatus::NotChecked,
            "no host in the connection string (mongodb+srv:// is resolved by the driver)",
        )),
    }
    let why = format!(
        "Sluice has no {} client: Connect's validation at review signs in with these credentials",
        kind.label()
    );
    let rest: &[(&str, &str)] = match kind {
        Kind::SqlServer => &[
            ("credentials", "Credentials"),
            ("cdc_enabled", "CDC enabled on the database and tables"),
            ("agent", "SQL Server Agent running"),
        ],
        Kind::Oracle => &[
            ("credentials", "Credentials"),
            ("archivelog", "ARCHIVELOG mode"),
            ("supplemental_logging", "Supplemental logging"),
            ("logminer_grants", "LogMiner privileges"),
        ],
        _ => &[
            ("credentials", "Credentials"),
            ("replica_set", "Replica set or sharded cluster"),
            ("change_streams", "Change stream privileges"),
        ],
    };
    not_checked(&mut checks, rest, &why);
    checks
}

/// The first host of a `mongodb://user:pw@host:port,…/db` string.
fn mongo_host(s: &str) -> Option<(String, u16)> {
    let rest = s.strip_prefix("mongodb://")?;
    let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let first = rest.split(['/', '?', ',']).next()?;
    match first.rsplit_once(':') {
        Some((h, p)) => Some((h.to_owned(), p.parse().ok()?)),
        None if !first.is_empty() => Some((first.to_owned(), Kind::MongoDb.default_port())),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mongodb_host_is_read_from_the_connection_string() {
        assert_eq!(
            mongo_host("mongodb://dbz:pw@10.0.0.5:27018,10.0.0.6/inventory?replicaSet=rs0"),
            Some(("10.0.0.5".into(), 27018))
        );
        assert_eq!(
            mongo_host("mongodb://mongo.internal"),
            Some(("mongo.internal".into(), 27017))
        );
        assert_eq!(mongo_host("mongodb+srv://cluster0.example/db"), None);
    }
}
