//! Source offsets as people read them: Debezium PostgreSQL's LSNs in PostgreSQL's own
//! `0/1D58048` form (what `pg_replication_slots` and the server's logs show), event times as
//! UTC date-times, and the replication slot's confirmed position set against the offset.

use serde_json::{Map, Value};

/// Offset keys holding a PostgreSQL LSN as a number (Debezium's `PostgresOffsetContext`).
const LSN_KEYS: [&str; 3] = ["lsn", "lsn_proc", "lsn_commit"];

/// PostgreSQL's text form of an LSN: the high and the low 32 bits in uppercase hex, unpadded.
pub fn format_lsn(lsn: u64) -> String {
    format!("{:X}/{:X}", lsn >> 32, lsn & 0xFFFF_FFFF)
}

/// An LSN from PostgreSQL's text form; `None` unless it is `hex/hex`, each half 32 bits at most.
pub fn parse_lsn(text: &str) -> Option<u64> {
    let (high, low) = text.trim().split_once('/')?;
    let half = |h: &str| {
        (!h.is_empty() && h.len() <= 8 && h.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| u64::from_str_radix(h, 16).ok())
            .flatten()
    };
    Some((half(high)? << 32) | half(low)?)
}

/// Microseconds since the Unix epoch as `2023-11-14 22:13:20.123456 UTC`.
pub fn format_utc_micros(micros: i64) -> String {
    let secs = micros.div_euclid(1_000_000);
    let fraction = micros.rem_euclid(1_000_000);
    let (date, time) = utc(secs);
    format!("{date} {time}.{fraction:06} UTC")
}

/// Seconds since the Unix epoch as `2023-11-14 22:13:20 UTC`.
pub fn format_utc_secs(secs: i64) -> String {
    let (date, time) = utc(secs);
    format!("{date} {time} UTC")
}

/// `(YYYY-MM-DD, HH:MM:SS)` of a Unix time, in the proleptic Gregorian calendar.
fn utc(secs: i64) -> (String, String) {
    let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        format!(
            "{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        ),
    )
}

/// Year, month and day of the `days`-th day after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// One field of an offset, and how people read it where Sluice knows the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetField {
    pub key: String,
    /// The value as Connect stores it (JSON).
    pub value: String,
    /// `0/1D58048` for an LSN, a UTC date-time for an event time.
    pub readable: Option<String>,
}

/// Every field of `offset` in Connect's order, LSNs and event times made readable.
pub fn readable_fields(offset: &Map<String, Value>) -> Vec<OffsetField> {
    offset
        .iter()
        .map(|(key, value)| {
            let readable = match (key.as_str(), value.as_u64()) {
                (k, Some(lsn)) if LSN_KEYS.contains(&k) => Some(format_lsn(lsn)),
                ("ts_usec", _) => value.as_i64().map(format_utc_micros),
                // Debezium MySQL/MariaDB: the binlog event's time.
                ("ts_sec", _) => value.as_i64().map(format_utc_secs),
                _ => None,
            };
            OffsetField {
                key: key.clone(),
                value: value.to_string(),
                readable,
            }
        })
        .collect()
}

/// The position Debezium reports to the slot as flushed once Connect has committed this offset:
/// the last commit's LSN, else the last fully processed one, else `lsn`.
pub fn confirmable_lsn(offset: &Map<String, Value>) -> Option<u64> {
    ["lsn_commit", "lsn_proc", "lsn"]
        .iter()
        .find_map(|k| offset.get(*k)?.as_u64())
}

/// Where the slot's confirmed position stands against the connector's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotGap {
    InStep,
    /// The slot has confirmed less than the offset holds, by this many bytes of WAL.
    SlotBehind(u64),
    /// The slot has confirmed more than the offset holds, by this many bytes of WAL.
    SlotAhead(u64),
}

impl SlotGap {
    pub fn between(offset_lsn: u64, slot_lsn: u64) -> Self {
        match slot_lsn.cmp(&offset_lsn) {
            std::cmp::Ordering::Equal => Self::InStep,
            std::cmp::Ordering::Less => Self::SlotBehind(offset_lsn - slot_lsn),
            std::cmp::Ordering::Greater => Self::SlotAhead(slot_lsn - offset_lsn),
        }
    }

    /// What the difference means, in one line.
    pub fn explanation(self) -> String {
        match self {
            Self::InStep => {
                "The slot has confirmed the offset's position: PostgreSQL keeps no WAL \
                 for changes the connector has already committed."
                    .to_owned()
            }
            Self::SlotBehind(bytes) => format!(
                "The slot trails the offset by {}: Debezium confirms a position only after Connect \
                 commits the offset (every offset.flush.interval.ms), so a small gap that keeps \
                 closing is normal; PostgreSQL keeps the WAL from the slot's position on.",
                wal_size(bytes)
            ),
            Self::SlotAhead(bytes) => format!(
                "The slot is {} ahead of the offset: PostgreSQL streams from the slot's position, \
                 so changes between the two cannot be read again (offsets set back by hand, or a \
                 slot created anew).",
                wal_size(bytes)
            ),
        }
    }
}

/// `512 bytes`, `1.5 KiB`, `12.3 MiB`, `2.0 GiB`.
fn wal_size(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..1024 => format!("{bytes} bytes of WAL"),
        1024..1_048_576 => format!("{:.1} KiB of WAL", b / 1024.0),
        1_048_576..1_073_741_824 => format!("{:.1} MiB of WAL", b / 1_048_576.0),
        _ => format!("{:.1} GiB of WAL", b / 1_073_741_824.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(json: Value) -> Map<String, Value> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn lsns_read_as_postgresql_writes_them() {
        assert_eq!(format_lsn(30_769_224), "0/1D58048");
        assert_eq!(format_lsn(0), "0/0");
        assert_eq!(format_lsn((0x16 << 32) | 0xB374_D848), "16/B374D848");
        assert_eq!(format_lsn(u64::MAX), "FFFFFFFF/FFFFFFFF");
        for lsn in [0, 30_769_224, (0x16 << 32) | 0xB374_D848, u64::MAX] {
            assert_eq!(parse_lsn(&format_lsn(lsn)), Some(lsn));
        }
        assert_eq!(parse_lsn("0/1d58048"), Some(30_769_224), "lower case too");
        for bad in ["", "1D58048", "0/", "/1", "x/1", "1/123456789", "-1/0"] {
            assert_eq!(parse_lsn(bad), None, "{bad}");
        }
    }

    #[test]
    fn event_times_read_as_utc_date_times() {
        assert_eq!(
            format_utc_micros(1_700_000_000_123_456),
            "2023-11-14 22:13:20.123456 UTC"
        );
        assert_eq!(format_utc_micros(0), "1970-01-01 00:00:00.000000 UTC");
        assert_eq!(format_utc_micros(-1), "1969-12-31 23:59:59.999999 UTC");
        assert_eq!(format_utc_secs(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc_secs(4_107_542_399), "2100-02-28 23:59:59 UTC");
    }

    #[test]
    fn a_debezium_postgres_offset_reads_field_by_field() {
        let o = offset(serde_json::json!({
            "lsn": 30_769_224, "lsn_commit": 30_769_000, "lsn_proc": 30_769_224,
            "messageType": "INSERT", "transaction_id": null, "ts_usec": 1_700_000_000_123_456_i64, "txId": 771
        }));
        let fields = readable_fields(&o);
        let get = |k: &str| fields.iter().find(|f| f.key == k).unwrap();
        assert_eq!(get("lsn").value, "30769224");
        assert_eq!(get("lsn").readable.as_deref(), Some("0/1D58048"));
        assert_eq!(get("lsn_commit").readable.as_deref(), Some("0/1D57F68"));
        assert_eq!(
            get("ts_usec").readable.as_deref(),
            Some("2023-11-14 22:13:20.123456 UTC")
        );
        assert_eq!(get("txId").readable, None);
        assert_eq!(get("messageType").value, "\"INSERT\"");
        assert_eq!(fields.len(), 7);
    }

    #[test]
    fn the_slot_is_compared_with_what_debezium_confirms() {
        let o = offset(serde_json::json!({"lsn": 300, "lsn_proc": 300, "lsn_commit": 200}));
        assert_eq!(confirmable_lsn(&o), Some(200));
        assert_eq!(
            confirmable_lsn(&offset(serde_json::json!({"lsn": 300}))),
            Some(300)
        );
        assert_eq!(
            confirmable_lsn(&offset(serde_json::json!({"file": "bin.1"}))),
            None
        );

        assert_eq!(SlotGap::between(200, 200), SlotGap::InStep);
        let behind = SlotGap::between(200 + 2048, 200);
        assert_eq!(behind, SlotGap::SlotBehind(2048));
        assert!(
            behind
                .explanation()
                .contains("trails the offset by 2.0 KiB of WAL")
        );
        let ahead = SlotGap::between(100, 600);
        assert_eq!(ahead, SlotGap::SlotAhead(500));
        assert!(ahead.explanation().contains("500 bytes of WAL ahead"));
        assert!(ahead.explanation().contains("cannot be read again"));
    }
}
