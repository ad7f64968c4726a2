//! Preflight and catalog against the real databases: a well-prepared user passes every check;
//! a PostgreSQL user without the replication privilege, a MariaDB user without the binlog
//! grants, a taken server id, a wrong password and a closed port each fail the check they
//! should, with a hint, and skip what depends on it. Through the API, only callers who may
//! create connectors get to run them, and bad input is a 400 before anything connects.

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_backend::source_db::preflight::run;
use sluice_shared::catalog::Catalog;
use sluice_shared::policy::Role;
use sluice_shared::preflight::{CheckStatus, PreflightReport, PreflightRequest, WizardDefaults};
use sluice_shared::templates::{Answers, Kind};
use sluice_shared::{ConfigInfos, ErrorCode};

const PREFLIGHT: &str = "/api/v1/clusters/w1/preflight";
const CATALOG: &str = "/api/v1/clusters/w1/catalog";
const VALIDATE: &str = "/api/v1/clusters/w1/validate";

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
        checks: run(Kind::Postgres, a, &[]).await,
    }
}

fn mariadb(user: &str) -> Answers {
    Answers {
        port: Some(mariadb_port()),
        server_id: Some(184_321),
        ..answers(user, DEMO_DB_PASSWORD, mariadb_port())
    }
}

#[tokio::test]
async fn the_demo_user_passes_every_mariadb_check() {
    let r = PreflightReport {
        checks: run(Kind::MariaDb, &mariadb("dbz"), &[]).await,
    };
    let ids: Vec<_> = r.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "reachable",
            "credentials",
            "version",
            "log_bin",
            "binlog_format",
            "binlog_row_image",
            "grants",
            "server_id",
            "gtid"
        ]
    );
    for c in &r.checks {
        assert_eq!(c.status, CheckStatus::Pass, "{} : {}", c.id, c.detail);
    }
    assert!(r.get("version").unwrap().detail.contains("MariaDB"));

    // The same server chosen as "MySQL" says to pick the MariaDB connector instead.
    let r = PreflightReport {
        checks: run(Kind::MySql, &mariadb("dbz"), &[]).await,
    };
    assert_eq!(r.get("version").map(|c| c.status), Some(CheckStatus::Warn));
}

#[tokio::test]
async fn a_mariadb_user_without_grants_and_a_taken_server_id_fail_with_hints() {
    let mut a = mariadb("nogrants");
    a.server_id = Some(1);
    let r = PreflightReport {
        checks: run(Kind::MariaDb, &a, &[]).await,
    };
    let grants = r.get("grants").expect("grants check");
    assert_eq!(grants.status, CheckStatus::Fail, "{}", grants.detail);
    assert!(
        grants.detail.contains("REPLICATION SLAVE"),
        "{}",
        grants.detail
    );
    assert!(
        grants
            .hint
            .as_deref()
            .unwrap_or_default()
            .starts_with("As an administrator: `GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'nogrants'"),
        "{:?}",
        grants.hint
    );
    // 1 is the server's own server_id (dev/stack starts MariaDB with --server-id=1).
    let id = r.get("server_id").expect("server id check");
    assert_eq!(id.status, CheckStatus::Fail);
    assert!(id.detail.contains("own server_id"), "{}", id.detail);
    assert!(!r.passed());

    a.server_id = Some(184_500);
    let r = PreflightReport {
        checks: run(Kind::MariaDb, &a, &[184_000, 184_500]).await,
    };
    let id = r.get("server_id").expect("server id check");
    assert_eq!(id.status, CheckStatus::Fail);
    assert!(id.detail.contains("another connector"), "{}", id.detail);
}

#[tokio::test]
async fn the_api_runs_preflight_and_lists_tables_only_for_those_who_may_create() {
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    add_user(&state, "wiz-op", Role::Operator, Some("acme")).await;
    add_user(&state, "wiz-viewer", Role::Viewer, Some("acme")).await;
    let op = Api::sign_in(&base, "wiz-op", "wiz-op-password").await;
    let mut pg_answers = answers("dbz", DEMO_DB_PASSWORD, pg_port());
    pg_answers.publication_autocreate = "disabled".into();
    let pg = PreflightRequest {
        kind: Kind::Postgres,
        answers: pg_answers,
    };

    let report: PreflightReport = op.post(PREFLIGHT, &pg).await.expect("preflight");
    assert!(report.passed(), "{report:?}");

    let catalog: Catalog = op.post(CATALOG, &pg).await.expect("catalog");
    let customers = catalog
        .tables
        .iter()
        .find(|t| t.identifier() == "public.customers")
        .expect("public.customers is listed");
    assert_eq!(
        customers.columns[..2],
        ["id".to_owned(), "first_name".to_owned()]
    );
    assert!(!catalog.tables.iter().any(|t| t.schema == "pg_catalog"));

    let maria = PreflightRequest {
        kind: Kind::MariaDb,
        answers: mariadb("dbz"),
    };
    let catalog: Catalog = op.post(CATALOG, &maria).await.expect("catalog");
    let ids: Vec<String> = catalog.tables.iter().map(|t| t.identifier()).collect();
    assert!(ids.contains(&"inventory.customers".to_owned()), "{ids:?}");

    // Bad input never reaches a database.
    let mut bad = answers("dbz", sluice_shared::redact::REDACTED, pg_port());
    bad.host = "db.example/evil".into();
    let bad = PreflightRequest {
        kind: Kind::Postgres,
        answers: bad,
    };
    let refused = op
        .post::<_, PreflightReport>(PREFLIGHT, &bad)
        .await
        .expect_err("a host with a slash and the sentinel as password");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.error.field.as_deref(),
        Some("answers.host"),
        "{refused}"
    );
    assert!(
        refused.error.message.contains("type the password"),
        "every problem is named: {refused}"
    );

    // A wrong password lists nothing and says which database refused: the user's mistake,
    // a 400 at the password, on both kinds of server.
    for (kind, port) in [(Kind::Postgres, pg_port()), (Kind::MariaDb, mariadb_port())] {
        let wrong = PreflightRequest {
            kind,
            answers: answers("dbz", "wrong", port),
        };
        let refused = op
            .post::<_, Catalog>(CATALOG, &wrong)
            .await
            .expect_err("a wrong password");
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{kind:?}: {refused}"
        );
        assert_eq!(refused.error.code, ErrorCode::InvalidInput, "{refused}");
        assert_eq!(
            refused.error.field.as_deref(),
            Some("password"),
            "{refused}"
        );
        assert!(refused.error.message.contains("127.0.0.1"), "{refused}");
    }
    // A database that does not answer at all is still a 502.
    let closed = PreflightRequest {
        kind: Kind::Postgres,
        answers: answers("dbz", "wrong", 1),
    };
    let refused = op
        .post::<_, Catalog>(CATALOG, &closed)
        .await
        .expect_err("nothing listens on port 1");
    assert_eq!(refused.status, StatusCode::BAD_GATEWAY, "{refused}");
    assert_eq!(refused.error.code, ErrorCode::DatabaseUnreachable);

    let d: WizardDefaults = op
        .get("/api/v1/clusters/w1/wizard")
        .await
        .expect("defaults");
    assert!(!d.taken_server_ids.contains(&d.next_server_id));

    // The review step: Connect's verdict per field on a config that is not a connector yet,
    // with the password never echoed back (read raw, so no field of any name carries it).
    let mut config = pg_source_config("acme.review", "acme_review");
    config.insert("name".into(), "acme-review".into());
    config.insert("database.password".into(), "wrong-password".into());
    let answer = op.send_json(Method::POST, VALIDATE, &config).await;
    assert!(
        !answer.text.contains("wrong-password"),
        "validate echoed the password"
    );
    let infos: ConfigInfos = answer.body(StatusCode::OK).expect("infos");
    assert!(infos.error_count > 0, "Debezium refuses the wrong password");
    assert!(!infos.field_errors().is_empty());
    config.insert("database.password".into(), DEMO_DB_PASSWORD.into());
    let infos: ConfigInfos = op.post(VALIDATE, &config).await.expect("infos");
    assert_eq!(infos.error_count, 0, "{:?}", infos.field_errors());

    let viewer = Api::sign_in(&base, "wiz-viewer", "wiz-viewer-password").await;
    let refused = viewer
        .post::<_, PreflightReport>(PREFLIGHT, &pg)
        .await
        .expect_err("a viewer's preflight");
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a viewer may not make Sluice connect anywhere"
    );
}

#[tokio::test]
async fn the_demo_user_passes_every_postgres_check() {
    // dev/stack's publication publishes all tables: used as is, it works.
    let mut a = answers("dbz", DEMO_DB_PASSWORD, pg_port());
    a.publication_autocreate = "disabled".into();
    let r = report(&a).await;
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

async fn publication(a: &Answers) -> sluice_shared::preflight::Check {
    report(a).await.get("publication").cloned().expect("check")
}

#[tokio::test]
async fn the_publication_check_follows_the_autocreate_mode() {
    let mut a = answers("dbz", DEMO_DB_PASSWORD, pg_port());
    // Filtered mode would ALTER a FOR ALL TABLES publication: a warning that says what to choose.
    let c = publication(&a).await;
    assert_eq!(c.status, CheckStatus::Warn, "{}", c.detail);
    assert!(c.hint.unwrap_or_default().contains("disabled"));
    a.publication_name = unique("nopub").replace('-', "_");
    a.publication_autocreate = "disabled".into();
    let c = publication(&a).await;
    assert_eq!(
        c.status,
        CheckStatus::Fail,
        "a missing publication used as is"
    );
    a.publication_autocreate = "all_tables".into();
    let c = publication(&a).await;
    assert_eq!(
        c.status,
        CheckStatus::Fail,
        "only a superuser creates FOR ALL TABLES"
    );
    a.publication_autocreate = "filtered".into();
    let c = publication(&a).await;
    assert_eq!(
        c.status,
        CheckStatus::Pass,
        "dbz may create it: {}",
        c.detail
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
async fn a_postgres_at_wal_level_replica_fails_that_check_with_the_fix() {
    // dev/stack's second cluster, left at the default wal_level.
    let r = report(&answers("dbz", DEMO_DB_PASSWORD, pg_port() + 1)).await;
    let c = r.get("wal_level").expect("check");
    assert_eq!(c.status, CheckStatus::Fail);
    assert_eq!(c.detail, "wal_level is `replica`");
    assert!(
        c.hint
            .as_deref()
            .unwrap_or_default()
            .contains("ALTER SYSTEM SET wal_level = logical")
    );
    assert!(!r.passed());
    assert_eq!(
        r.get("replication_privilege").map(|c| c.status),
        Some(CheckStatus::Pass),
        "the other checks still run"
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
