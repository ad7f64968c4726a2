//! PostgreSQL preflight for a Debezium source, run with the credentials the user typed:
//! reachable, credentials, version, `wal_level=logical`, the replication privilege, a free
//! replication slot, the slot name, and the publication.

use sluice_shared::preflight::{Check, CheckStatus};
use sluice_shared::templates::{Answers, Kind, slot_name};
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Row};

use super::sign_in::{TIMEOUT, open, pg_options};

use CheckStatus::{Fail, Pass, Warn};

const LATER: [(&str, &str); 7] = [
    ("credentials", "Credentials"),
    ("version", "PostgreSQL version"),
    ("wal_level", "wal_level = logical"),
    ("replication_privilege", "Replication privilege"),
    ("free_slots", "Free replication slot"),
    ("slot", "Slot name"),
    ("publication", "Publication"),
];

/// Every check in order; once one fails that later ones depend on, those are `NotChecked`.
pub async fn preflight(a: &Answers) -> Vec<Check> {
    let port = a.port.unwrap_or(Kind::Postgres.default_port());
    let explain = |e: &sqlx::Error, code: Option<&str>| {
        match code {
        Some("28P01") | Some("28000") => (
            format!("user `{}` was refused: {e}", a.user),
            "Check the user name and password, and that `pg_hba.conf` lets this user connect from here.".to_owned(),
        ),
        Some("3D000") => (
            format!("database `{}` does not exist", a.database),
            "Check the database name (it is case-sensitive when quoted).".to_owned(),
        ),
        _ => (e.to_string(), "Check the credentials and TLS settings.".to_owned()),
    }
    };
    let options = pg_options(a);
    let signed_in = format!("signed in as `{}` to `{}`", a.user, a.database);
    let (mut conn, mut checks) = match open(
        a,
        port,
        &LATER,
        PgConnection::connect_with(&options),
        explain,
        signed_in,
    )
    .await
    {
        Ok(opened) => opened,
        Err(checks) => return checks,
    };
    let mut scalar = async |sql: &str| -> Result<sqlx::postgres::PgRow, String> {
        tokio::time::timeout(TIMEOUT, sqlx::query(sql).fetch_one(&mut conn))
            .await
            .map_err(|_| "query timed out".to_owned())?
            .map_err(|e| e.to_string())
    };

    match scalar("SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS v").await {
        Ok(r) => {
            let num: i32 = r.try_get("num").unwrap_or(0);
            let v: String = r.try_get("v").unwrap_or_default();
            checks.push(if num >= 100_000 {
                Check::new("version", "PostgreSQL version", Pass, format!("PostgreSQL {v}"))
            } else {
                Check::new("version", "PostgreSQL version", Fail, format!("PostgreSQL {v}"))
                    .with_hint("The pgoutput plugin needs PostgreSQL 10 or later.")
            });
        }
        Err(e) => checks.push(Check::new("version", "PostgreSQL version", Warn, e)),
    }
    match scalar("SELECT current_setting('wal_level') AS w").await {
        Ok(r) => {
            let level: String = r.try_get("w").unwrap_or_default();
            checks.push(if level == "logical" {
                Check::new("wal_level", "wal_level = logical", Pass, "wal_level is logical")
            } else {
                Check::new("wal_level", "wal_level = logical", Fail, format!("wal_level is `{level}`"))
                    .with_hint("Run `ALTER SYSTEM SET wal_level = logical;` then restart PostgreSQL (a reload is not enough).")
            });
        }
        Err(e) => checks.push(Check::new("wal_level", "wal_level = logical", Warn, e)),
    }
    match scalar("SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = current_user").await
    {
        Ok(r) => {
            let repl: bool = r.try_get("rolreplication").unwrap_or(false);
            let sup: bool = r.try_get("rolsuper").unwrap_or(false);
            checks.push(if repl || sup {
                Check::new("replication_privilege", "Replication privilege", Pass, format!("`{}` may replicate", a.user))
            } else {
                Check::new("replication_privilege", "Replication privilege", Fail, format!("`{}` has no REPLICATION attribute", a.user))
                    .with_hint(format!("Run `ALTER ROLE {} WITH REPLICATION;` as a superuser (or use a user that has it).", a.user))
            });
        }
        Err(e) => checks.push(Check::new(
            "replication_privilege",
            "Replication privilege",
            Warn,
            e,
        )),
    }
    match scalar("SELECT current_setting('max_replication_slots')::int AS max, (SELECT count(*) FROM pg_replication_slots)::int AS used").await {
        Ok(r) => {
            let max: i32 = r.try_get("max").unwrap_or(0);
            let used: i32 = r.try_get("used").unwrap_or(0);
            checks.push(if used < max {
                Check::new("free_slots", "Free replication slot", Pass, format!("{used} of {max} slots in use"))
            } else {
                Check::new("free_slots", "Free replication slot", Fail, format!("all {max} slots are in use"))
                    .with_hint("Drop an unused slot (`pg_drop_replication_slot`) or raise `max_replication_slots` and restart.")
            });
        }
        Err(e) => checks.push(Check::new("free_slots", "Free replication slot", Warn, e)),
    }
    let slot = slot_name(&a.topic_prefix);
    let found = tokio::time::timeout(
        TIMEOUT,
        sqlx::query("SELECT active FROM pg_replication_slots WHERE slot_name = $1")
            .bind(&slot)
            .fetch_optional(&mut conn),
    )
    .await;
    checks.push(match found {
        Ok(Ok(None)) => Check::new("slot", "Slot name", Pass, format!("`{slot}` is free")),
        Ok(Ok(Some(r))) if r.try_get::<bool, _>("active").unwrap_or(false) => Check::new(
            "slot",
            "Slot name",
            Fail,
            format!("`{slot}` is in use by another client"),
        )
        .with_hint(
            "Choose another topic prefix (the slot name follows it), or stop the other connector.",
        ),
        Ok(Ok(Some(_))) => Check::new(
            "slot",
            "Slot name",
            Warn,
            format!("`{slot}` exists and is idle: the connector will continue from it"),
        )
        .with_hint(format!(
            "Drop it first if you want a fresh start: `SELECT pg_drop_replication_slot('{slot}');`"
        )),
        Ok(Err(e)) => Check::new("slot", "Slot name", Warn, e.to_string()),
        Err(_) => Check::new("slot", "Slot name", Warn, "query timed out"),
    });
    checks.push(publication_check(&mut conn, a).await);
    let _ = conn.close().await;
    checks
}

/// Whether the publication the connector names works with the chosen autocreate mode:
/// `disabled` needs it to exist, `filtered` makes Debezium create or ALTER it (ownership, and
/// never a FOR ALL TABLES one), `all_tables` creates one for all tables (superuser).
async fn publication_check(conn: &mut PgConnection, a: &Answers) -> Check {
    let name = a.publication();
    let mode = a.publication_mode();
    let label = "Publication";
    let row = tokio::time::timeout(
        TIMEOUT,
        sqlx::query(
            "SELECT p.puballtables AS all_tables, pg_get_userbyid(p.pubowner) = current_user AS owner, \
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, \
             has_database_privilege(current_user, current_database(), 'CREATE') AS may_create \
             FROM (SELECT 1) one LEFT JOIN pg_publication p ON p.pubname = $1",
        )
        .bind(name)
        .fetch_one(conn),
    )
    .await;
    let r = match row {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Check::new("publication", label, Warn, e.to_string()),
        Err(_) => return Check::new("publication", label, Warn, "query timed out"),
    };
    let all: Option<bool> = r.try_get("all_tables").ok().flatten();
    let owner: bool = r
        .try_get::<Option<bool>, _>("owner")
        .ok()
        .flatten()
        .unwrap_or(false);
    let superuser: bool = r.try_get("superuser").unwrap_or(false);
    let may_create: bool = r.try_get("may_create").unwrap_or(false);
    let use_as_is =
        "Choose \"use the existing publication as is\" (`publication.autocreate.mode=disabled`).";
    match (all, mode) {
        (Some(true), "filtered") => Check::new("publication", label, Warn,
            format!("`{name}` publishes all tables; in filtered mode Debezium would try to narrow it to the captured tables, which a FOR ALL TABLES publication cannot be"))
            .with_hint(use_as_is),
        (Some(false), "filtered") if !owner && !superuser => Check::new("publication", label, Warn,
            format!("`{name}` exists and `{}` does not own it: Debezium cannot update its table list", a.user))
            .with_hint(format!("{use_as_is} Then make sure the captured tables are in it: `ALTER PUBLICATION {name} ADD TABLE …;`")),
        (Some(true), _) => Check::new("publication", label, Pass, format!("`{name}` publishes all tables")),
        (Some(false), "disabled") => Check::new("publication", label, Pass,
            format!("`{name}` exists; only the tables in it are streamed")),
        (Some(false), _) => Check::new("publication", label, Pass,
            format!("`{name}` exists; Debezium sets its tables to the captured ones")),
        (None, "disabled") => Check::new("publication", label, Fail, format!("`{name}` does not exist"))
            .with_hint(format!("As the tables' owner: `CREATE PUBLICATION {name} FOR TABLE …;` or let Debezium create it (filtered mode).")),
        (None, "all_tables") if !superuser => Check::new("publication", label, Fail,
            format!("`{name}` does not exist and only a superuser may create a publication FOR ALL TABLES"))
            .with_hint(format!("As a superuser: `CREATE PUBLICATION {name} FOR ALL TABLES;` then use it as is.")),
        (None, "all_tables") => Check::new("publication", label, Pass, format!("`{name}` will be created for all tables")),
        (None, _) if may_create || superuser => Check::new("publication", label, Pass,
            format!("`{name}` will be created for the captured tables (`{}` must own them)", a.user)),
        (None, _) => Check::new("publication", label, Fail,
            format!("`{name}` does not exist and `{}` may not create it", a.user))
            .with_hint(format!("`GRANT CREATE ON DATABASE {} TO {};` or have the tables' owner run `CREATE PUBLICATION {name} FOR TABLE …;`", a.database, a.user)),
    }
}
