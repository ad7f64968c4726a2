//! Reaching and signing in to a connector's database with the credentials the user typed:
//! the connection options (TLS included) and the checks every preflight starts with.

use std::time::Duration;

use sluice_shared::preflight::{Check, CheckStatus};
use sluice_shared::redact;
use sluice_shared::templates::{Answers, Kind};
use sqlx::ConnectOptions;
use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};
use sqlx::postgres::{PgConnectOptions, PgSslMode};

pub(super) const TIMEOUT: Duration = Duration::from_secs(5);

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
