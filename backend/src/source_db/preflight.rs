//! The wizard's preflight: one entry point per connector kind, each connecting for real with
//! the credentials the user typed. Kinds Sluice has no client for get a TCP reachability check
//! and say plainly which checks they did not run.

use sluice_shared::preflight::{Check, CheckStatus};
use sluice_shared::templates::{Answers, Kind};

use super::sign_in::{not_checked, reachable};
use super::{preflight_mysql, preflight_pg};

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
