//! Preflight: what the wizard checks against the real database before creating a connector,
//! each check with its outcome and, when it fails, how to fix it.

use serde::{Deserialize, Serialize};

use crate::templates::{Answers, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    /// Works, with a caveat worth reading.
    Warn,
    Fail,
    /// Not checked (an earlier check failed, or Sluice cannot check it for this database).
    NotChecked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable id the UI and tests refer to (`wal_level`, `replication_privilege`, …).
    pub id: String,
    pub label: String,
    pub status: CheckStatus,
    pub detail: String,
    /// How to fix a failure or warning.
    pub hint: Option<String>,
}

impl Check {
    pub fn new(id: &str, label: &str, status: CheckStatus, detail: impl Into<String>) -> Self {
        Self {
            id: id.to_owned(),
            label: label.to_owned(),
            status,
            detail: detail.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// `POST /api/v1/clusters/{id}/preflight`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreflightRequest {
    pub kind: Kind,
    pub answers: Answers,
}

impl std::fmt::Debug for PreflightRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreflightRequest")
            .field("kind", &self.kind)
            .field("host", &self.answers.host)
            .field("database", &self.answers.database)
            .field("user", &self.answers.user)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightReport {
    pub checks: Vec<Check>,
}

impl PreflightReport {
    /// Whether creating the connector can go ahead (warnings allowed).
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.status != CheckStatus::Fail)
    }

    pub fn get(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// `GET /api/v1/clusters/{id}/wizard`: what the wizard needs from the cluster beyond its plugins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardDefaults {
    /// `database.server.id`s the cluster's MySQL/MariaDB connectors already use (every tenant's).
    pub taken_server_ids: Vec<u64>,
    pub next_server_id: u64,
    /// The Kafka the cluster writes to, when configured: the schema history's default.
    pub kafka_bootstrap: Option<String>,
}

/// The `database.server.id`s in a set of connector configs.
pub fn server_ids<'a>(
    configs: impl IntoIterator<Item = &'a std::collections::BTreeMap<String, String>>,
) -> Vec<u64> {
    let mut ids: Vec<u64> = configs
        .into_iter()
        .filter_map(|c| c.get("database.server.id")?.trim().parse().ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Global privileges a Debezium MySQL/MariaDB user needs (reference §2.1), as `SHOW GRANTS` names
/// them; each entry lists the spellings that satisfy it (MariaDB 10.5+ shows REPLICATION CLIENT as
/// BINLOG MONITOR, and MySQL 8.0.22+ may show REPLICATION SLAVE as REPLICATION REPLICA).
const BINLOG_GRANTS: [(&str, &[&str]); 4] = [
    ("RELOAD", &["RELOAD"]),
    ("SHOW DATABASES", &["SHOW DATABASES"]),
    (
        "REPLICATION SLAVE",
        &["REPLICATION SLAVE", "REPLICATION REPLICA"],
    ),
    (
        "REPLICATION CLIENT",
        &["REPLICATION CLIENT", "BINLOG MONITOR", "SLAVE MONITOR"],
    ),
];

/// The privileges missing from `SHOW GRANTS FOR CURRENT_USER` output for capturing `database`.
/// `SELECT` may be global or on the database; the others must be global (`ON *.*`).
pub fn missing_binlog_grants(grants: &[String], database: &str) -> Vec<&'static str> {
    let mut global = Vec::new();
    let mut on_db = Vec::new();
    for line in grants {
        let upper = line.to_ascii_uppercase();
        let Some(rest) = upper.strip_prefix("GRANT ") else {
            continue;
        };
        let Some((privs, after)) = rest.split_once(" ON ") else {
            continue;
        };
        let target = after.split(" TO ").next().unwrap_or("").trim();
        let target = target.replace('`', "");
        let privs: Vec<String> = privs.split(',').map(|p| p.trim().to_owned()).collect();
        if target == "*.*" {
            global.extend(privs);
        } else if target == format!("{}.*", database.to_ascii_uppercase()) {
            on_db.extend(privs);
        }
    }
    let all = global.iter().any(|p| p.starts_with("ALL PRIVILEGES"));
    let has = |set: &[String], names: &[&str]| set.iter().any(|p| names.contains(&p.as_str()));
    let mut missing = Vec::new();
    if !all && !has(&global, &["SELECT"]) && !has(&on_db, &["SELECT", "ALL PRIVILEGES"]) {
        missing.push("SELECT");
    }
    for (name, spellings) in BINLOG_GRANTS {
        if !all && !has(&global, spellings) {
            missing.push(name);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binlog_grants_are_read_from_show_grants_in_every_spelling() {
        let mariadb = vec![
            "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `dbz`@`%` IDENTIFIED BY PASSWORD '*AB'".to_owned(),
        ];
        assert!(missing_binlog_grants(&mariadb, "inventory").is_empty());
        let mysql = vec![
            "GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `dbz`@`%`".to_owned(),
            "GRANT SELECT ON `inventory`.* TO `dbz`@`%`".to_owned(),
        ];
        assert!(missing_binlog_grants(&mysql, "inventory").is_empty());
        assert_eq!(missing_binlog_grants(&mysql, "other"), ["SELECT"]);
        let root =
            vec!["GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION".to_owned()];
        assert!(missing_binlog_grants(&root, "inventory").is_empty());
        let select_only = vec![
            "GRANT USAGE ON *.* TO `nogrants`@`%`".to_owned(),
            "GRANT SELECT ON `inventory`.* TO `nogrants`@`%`".to_owned(),
        ];
        assert_eq!(
            missing_binlog_grants(&select_only, "inventory"),
            [
                "RELOAD",
                "SHOW DATABASES",
                "REPLICATION SLAVE",
                "REPLICATION CLIENT"
            ]
        );
    }

    #[test]
    fn server_ids_come_from_every_binlog_connector_config() {
        let cfg = |id: &str| {
            std::collections::BTreeMap::from([("database.server.id".to_owned(), id.to_owned())])
        };
        let configs = [cfg("184001"), cfg(" 184000"), cfg("184001"), cfg("x")];
        assert_eq!(server_ids(&configs), [184_000, 184_001]);
    }

    #[test]
    fn a_report_passes_with_warnings_but_not_with_failures() {
        let mut r = PreflightReport {
            checks: vec![
                Check::new("reachable", "Reachable", CheckStatus::Pass, "ok"),
                Check::new(
                    "publication",
                    "Publication",
                    CheckStatus::Warn,
                    "will be created",
                ),
            ],
        };
        assert!(r.passed());
        r.checks.push(
            Check::new("wal_level", "wal_level", CheckStatus::Fail, "replica")
                .with_hint("ALTER SYSTEM SET wal_level = logical"),
        );
        assert!(!r.passed());
        assert_eq!(r.get("wal_level").unwrap().status, CheckStatus::Fail);
    }

    #[test]
    fn the_request_debug_never_shows_the_password() {
        let req = PreflightRequest {
            kind: Kind::Postgres,
            answers: Answers {
                password: "hunter2".into(),
                ..Answers::default()
            },
        };
        assert!(!format!("{req:?}").contains("hunter2"));
    }
}
