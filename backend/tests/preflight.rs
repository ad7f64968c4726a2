//! PostgreSQL preflight against the real database: a well-prepared user passes every check;
//! a user without the replication privilege, a wrong password and a closed port each fail the
//! check they should, with a hint, and skip what depends on it.

mod support;

use sluice_backend::database::preflight_pg::preflight;
use sluice_shared::preflight::{CheckStatus, PreflightReport};
use sluice_shared::templates::Answers;
use support::*;

fn answers(user: &str, password: &str, port: u16) -> Answers {
    Answers {
        host: "127.0.0.1".into(),
        port: Some(port),
        database: "inventory".into(),
        user: user.into(),
        password: password.into(),
        topic_prefix: unique("pre").replace('-', "_"),
        ..Answers::default()
    }
}

async fn report(a: &Answers) -> PreflightReport {
    PreflightReport {
        checks: preflight(a).await,
    }
}

#[tokio::test]
async fn the_demo_user_passes_every_postgres_check() {
    let r = report(&answers("dbz", DEMO_DB_PASSWORD, pg_port())).await;
    for c in &r.checks {
        assert_eq!(c.status, CheckStatus::Pass, "{} : {}", c.id, c.detail);
    }
    let ids: Vec<_> = r.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "reachable",
            "credentials",
            "version",
            "wal_level",
            "replication_privilege",
            "free_slots",
            "slot",
            "publication"
        ]
    );
}

#[tokio::test]
async fn a_user_without_replication_fails_that_check_with_a_hint() {
    let r = report(&answers("norepl", DEMO_DB_PASSWORD, pg_port())).await;
    let c = r.get("replication_privilege").expect("check");
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(
        c.hint
            .as_deref()
            .unwrap_or_default()
            .contains("ALTER ROLE norepl WITH REPLICATION")
    );
    assert!(!r.passed());
    assert_eq!(
        r.get("wal_level").map(|c| c.status),
        Some(CheckStatus::Pass)
    );
}

#[tokio::test]
async fn a_wrong_password_and_a_closed_port_fail_early_and_skip_the_rest() {
    let r = report(&answers("dbz", "not-the-password", pg_port())).await;
    assert_eq!(
        r.get("reachable").map(|c| c.status),
        Some(CheckStatus::Pass)
    );
    let c = r.get("credentials").expect("check");
    assert_eq!(c.status, CheckStatus::Fail);
    assert!(!c.detail.contains("not-the-password"));
    assert_eq!(
        r.get("wal_level").map(|c| c.status),
        Some(CheckStatus::NotChecked)
    );

    let r = report(&answers("dbz", DEMO_DB_PASSWORD, 9)).await;
    assert_eq!(
        r.get("reachable").map(|c| c.status),
        Some(CheckStatus::Fail)
    );
    assert_eq!(r.checks.len(), 8);
    assert!(
        r.checks[1..]
            .iter()
            .all(|c| c.status == CheckStatus::NotChecked)
    );
}
