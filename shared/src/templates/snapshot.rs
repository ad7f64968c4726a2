//! Snapshot modes and what each does, as the installed Debezium version accepts them
//! (seed 001's table, corrected by reference §2.2).

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
    let when_needed = mode(
        "when_needed",
        "Snapshot when offsets are missing or no longer usable (purged binlog, missing slot), else stream.",
    );
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
