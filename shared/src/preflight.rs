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

#[cfg(test)]
mod tests {
    use super::*;

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
