//! Snapshot modes and what each does, as the installed Debezium version accepts them
//! (seed 001's table, corrected by reference §2.2), told in each database's own terms.

use serde::{Deserialize, Serialize};

use super::kind::{Kind, Version};

/// A snapshot mode with a one-line explanation (seed 001's table, corrected by reference §2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMode {
    pub name: &'static str,
    pub explanation: &'static str,
}

const fn mode(name: &'static str, explanation: &'static str) -> SnapshotMode {
    SnapshotMode { name, explanation }
}

/// The snapshot modes the installed connector accepts, default first.
pub fn snapshot_modes(kind: Kind, version: Version) -> Vec<SnapshotMode> {
    let initial = mode(
        "initial",
        "Snapshot existing rows when there are no offsets yet, then stream changes (default).",
    );
    let initial_only = mode(
        "initial_only",
        "Snapshot existing rows, then stop: no streaming.",
    );
    let no_data = mode(
        "no_data",
        "Capture table structure only and stream changes from now on; existing rows are not read.",
    );
    let when_needed = mode("when_needed", when_needed_explanation(kind));
    let always = mode("always", "Snapshot on every start, then stream.");
    let recovery = mode(
        "recovery",
        "Rebuild a lost schema-history topic; only safe if no schema changed since the last offset.",
    );
    let configuration_based = mode(
        "configuration_based",
        "Decide with the snapshot.mode.configuration.based.* properties.",
    );
    let schema_only = mode("schema_only", "Old name of no_data (removed in 3.3).");
    let schema_only_recovery = mode(
        "schema_only_recovery",
        "Old name of recovery (removed in 3.3).",
    );
    let never = mode(
        "never",
        "Never snapshot; stream from the stored offset only (removed in newer versions).",
    );
    if kind == Kind::JdbcSink {
        return Vec::new();
    }
    // What every source has, then what only some have, then names gone in newer versions.
    let mut modes = vec![initial, initial_only, no_data, when_needed, always];
    if kind.has_schema_history() {
        modes.push(recovery);
    }
    modes.push(configuration_based);
    let before = |major, minor| !version.at_least(major, minor);
    let binlog = kind.needs_server_id();
    if before(3, 3) && (binlog || matches!(kind, Kind::Oracle | Kind::SqlServer)) {
        modes.push(schema_only);
    }
    if before(3, 3) && (binlog || kind == Kind::Oracle) {
        modes.push(schema_only_recovery);
    }
    let never_until = if binlog { (3, 6) } else { (3, 3) };
    if before(never_until.0, never_until.1)
        && (binlog || matches!(kind, Kind::Postgres | Kind::MongoDb))
    {
        modes.push(never);
    }
    if kind == Kind::SqlServer && version.at_least(3, 6) {
        modes.push(mode(
            "when_needed_no_data",
            "Like when_needed, but without reading existing rows.",
        ));
    }
    modes
}

/// `when_needed` in the database's own terms: what makes a stored offset unusable differs
/// (a binlog means nothing to PostgreSQL, a slot nothing to MySQL).
fn when_needed_explanation(kind: Kind) -> &'static str {
    match kind {
        Kind::Postgres => {
            "Snapshot when there are no offsets or they can no longer be used (the replication slot is gone, or no longer holds the offset's WAL), else stream."
        }
        Kind::MySql | Kind::MariaDb => {
            "Snapshot when there are no offsets or they can no longer be used (the binlog file at the offset was purged), else stream."
        }
        Kind::SqlServer => {
            "Snapshot when there are no offsets or they can no longer be used (CDC cleanup removed the changes at the offset), else stream."
        }
        Kind::Oracle => {
            "Snapshot when there are no offsets or they can no longer be used (the redo and archive logs at the offset are gone), else stream."
        }
        Kind::MongoDb => {
            "Snapshot when there are no offsets or they can no longer be used (the oplog no longer holds the resume position), else stream."
        }
        Kind::JdbcSink => "",
    }
}

/// The snapshot step's opening: the database by name, the plugin only as "Debezium 3.4" (when
/// its version is known), and how this database's snapshot stays consistent with what is
/// streamed after it. Settings are backticked, to be shown as code.
pub fn snapshot_intro(kind: Kind, version: Option<Version>) -> String {
    let debezium = match version {
        Some(v) => format!("Debezium {}.{}", v.major, v.minor),
        None => "Debezium".to_owned(),
    };
    let what = match kind {
        Kind::MongoDb => "documents already in your MongoDB collections".to_owned(),
        k => format!("rows already in your {} tables", k.label()),
    };
    let how = match kind {
        Kind::Postgres => {
            "The rows are read in one read-only transaction, and streaming continues from the WAL position taken when it began, so no change in between is lost."
        }
        Kind::MySql | Kind::MariaDb => {
            "The rows are read in one consistent transaction after the binlog position is noted; with the default `snapshot.locking.mode` (`minimal`) a global read lock is held only while that position and the table structures are read."
        }
        Kind::SqlServer => {
            "The rows are read after the current change position is noted; `snapshot.isolation.mode` decides how much the reads lock."
        }
        Kind::Oracle => "The rows are read as of one SCN, and streaming continues from that SCN.",
        Kind::MongoDb => {
            "The documents are read collection by collection, and streaming continues from the change stream position noted when the snapshot began."
        }
        Kind::JdbcSink => "",
    };
    format!("What {debezium} does with the {what} before it streams changes. {how}")
        .trim_end()
        .to_owned()
}
