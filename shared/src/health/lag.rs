//! How far a connector is behind, each figure with where it came from, and "unknown" (with
//! why) rather than a guess: a PostgreSQL slot's WAL not yet confirmed, a MySQL/MariaDB binlog
//! position behind the server's, a sink's consumer group behind its topics.

use serde::{Deserialize, Serialize};

use crate::offsets::PartitionOffset;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LagMeasure {
    /// WAL the slot has not confirmed (`pg_current_wal_lsn() - confirmed_flush_lsn`).
    WalBytes,
    /// Binlog bytes between the connector's offset and the server's current position.
    BinlogBytes,
    /// Records in the sink's topics past its consumer group's committed offsets.
    Records,
}

impl LagMeasure {
    pub fn unit(self) -> &'static str {
        match self {
            Self::WalBytes | Self::BinlogBytes => "bytes",
            Self::Records => "records",
        }
    }
}

/// One figure: its value, or why it is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LagFigure {
    pub measure: LagMeasure,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
    /// Where it came from, in words ("pg_replication_slots on db:5432, slot orders").
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

/// `GET …/connectors/{name}/lag`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorLag {
    pub at_ms: i64,
    pub figures: Vec<LagFigure>,
    /// When the newest change the connector has handled happened, where its offsets say
    /// (Debezium's `ts_usec` / `ts_sec`), else when its streaming metrics last saw an event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity_ms: Option<i64>,
    /// Nothing is measured for this kind of connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_measured: Option<String>,
    /// What Debezium itself reports (streaming lag, snapshot progress), when the cluster
    /// names its workers' metrics exporters and the connector is a Debezium source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debezium: Option<crate::health::DebeziumMetrics>,
    /// A PostgreSQL source's slot: the position it has confirmed (`confirmed_flush_lsn`), read
    /// with the WAL figure, for the offsets tab to set beside the connector's own offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_confirmed_lsn: Option<u64>,
    /// The stored samples of the last day, oldest first: `(at_ms, value)` of the first figure.
    #[serde(default)]
    pub history: Vec<(i64, u64)>,
}

/// A binlog position: file and byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinlogPosition {
    pub file: String,
    pub pos: u64,
}

/// Bytes from `at` to `current`, over `logs` (every binlog file the server still has, with its
/// size, oldest first). `None` when `at`'s file is gone (purged: the gap is unknowable) or
/// not before `current`.
pub fn binlog_behind(
    at: &BinlogPosition,
    current: &BinlogPosition,
    logs: &[(String, u64)],
) -> Option<u64> {
    if at.file == current.file {
        return current.pos.checked_sub(at.pos);
    }
    let start = logs.iter().position(|(f, _)| *f == at.file)?;
    let end = logs.iter().position(|(f, _)| *f == current.file)?;
    if end < start {
        return None;
    }
    let rest_of_first = logs[start].1.saturating_sub(at.pos);
    let between: u64 = logs[start + 1..end].iter().map(|(_, size)| size).sum();
    Some(rest_of_first + between + current.pos)
}

/// The binlog position and event time in a Debezium MySQL/MariaDB connector's offsets.
pub fn binlog_offset(offsets: &[PartitionOffset]) -> Option<(BinlogPosition, Option<i64>)> {
    let o = offsets.iter().find_map(|p| p.offset.as_ref())?;
    let file = o.get("file")?.as_str()?.to_owned();
    let pos = o.get("pos")?.as_u64()?;
    let ts = o
        .get("ts_sec")
        .and_then(serde_json::Value::as_i64)
        .map(|s| s * 1000);
    Some((BinlogPosition { file, pos }, ts))
}

/// The time of the newest change in a Debezium PostgreSQL connector's offsets.
pub fn pg_offset_time(offsets: &[PartitionOffset]) -> Option<i64> {
    offsets
        .iter()
        .filter_map(|p| p.offset.as_ref()?.get("ts_usec")?.as_i64())
        .max()
        .map(|us| us / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, pos: u64) -> BinlogPosition {
        BinlogPosition {
            file: file.into(),
            pos,
        }
    }

    #[test]
    fn binlog_distance_counts_the_rest_of_each_file_up_to_the_current_position() {
        let logs = vec![
            ("bin.000001".to_owned(), 1000),
            ("bin.000002".to_owned(), 500),
            ("bin.000003".to_owned(), 300),
        ];
        assert_eq!(
            binlog_behind(&at("bin.000003", 100), &at("bin.000003", 300), &logs),
            Some(200)
        );
        assert_eq!(
            binlog_behind(&at("bin.000001", 900), &at("bin.000003", 40), &logs),
            Some(100 + 500 + 40)
        );
        assert_eq!(
            binlog_behind(&at("bin.000000", 1), &at("bin.000003", 40), &logs),
            None,
            "purged: unknown"
        );
        assert_eq!(
            binlog_behind(&at("bin.000003", 400), &at("bin.000003", 300), &logs),
            None
        );
    }

    #[test]
    fn offsets_give_the_position_and_the_time_of_the_last_change() {
        let offsets: Vec<PartitionOffset> = serde_json::from_value(serde_json::json!([
            {"partition": {"server": "acme"}, "offset": {"file": "bin.000002", "pos": 154, "ts_sec": 1_700_000_000}}
        ]))
        .unwrap();
        let (pos, ts) = binlog_offset(&offsets).unwrap();
        assert_eq!(
            (pos.file.as_str(), pos.pos, ts),
            ("bin.000002", 154, Some(1_700_000_000_000))
        );
        let pg: Vec<PartitionOffset> = serde_json::from_value(serde_json::json!([
            {"partition": {"server": "acme"}, "offset": {"lsn": 123, "ts_usec": 1_700_000_000_123_456_i64}}
        ]))
        .unwrap();
        assert_eq!(pg_offset_time(&pg), Some(1_700_000_000_123));
    }
}
