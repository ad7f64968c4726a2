//! Kafka record payloads as a person reads them (reference §4): JSON when it parses (with
//! JsonConverter's `{"schema", "payload"}` wrapper taken off), else text, else hex, cut at a
//! limit with the full size said; and a Debezium change event as its operation, its source
//! position and the columns it changed. Tombstones and schema-change events are named as such.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A key or value as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Shown {
    /// A null key or value (a tombstone's value).
    Null,
    Json(Value),
    Text(String),
    /// Bytes that are not UTF-8, as lower-case hex.
    Hex(String),
}

/// A key or value decoded, and whether it was cut at the limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decoded {
    pub shown: Shown,
    /// The payload's size in bytes.
    pub size: usize,
    /// Cut at the limit: shown as text or hex up to it (JSON is never cut mid-document).
    pub truncated: bool,
}

/// Decodes a payload, showing at most `limit` bytes of text or hex.
pub fn decode(bytes: Option<&[u8]>, limit: usize) -> Decoded {
    let Some(bytes) = bytes else {
        return Decoded {
            shown: Shown::Null,
            size: 0,
            truncated: false,
        };
    };
    let size = bytes.len();
    if size <= limit
        && let Ok(json) = serde_json::from_slice::<Value>(bytes)
    {
        return Decoded {
            shown: Shown::Json(unwrap_schema(json)),
            size,
            truncated: false,
        };
    }
    let cut = &bytes[..size.min(limit)];
    let shown = match std::str::from_utf8(cut) {
        Ok(text) => Shown::Text(text.to_owned()),
        // A cut may split the last character: the valid part is still text.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            Shown::Text(String::from_utf8_lossy(&cut[..e.valid_up_to()]).into_owned())
        }
        Err(_) => Shown::Hex(cut.iter().map(|b| format!("{b:02x}")).collect()),
    };
    Decoded {
        shown,
        size,
        truncated: size > limit,
    }
}

/// JsonConverter with `schemas.enable=true` wraps every payload; the payload is what matters.
fn unwrap_schema(json: Value) -> Value {
    match json {
        Value::Object(mut o) if o.len() == 2 && o.contains_key("schema") => {
            o.remove("payload").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// The newest records of a connector's topics, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    pub kafka: crate::records::KafkaState,
    /// The topics read: the connector's active topics (as Connect tracks them).
    pub topics: Vec<String>,
    /// Read each with [`Event::read`] on its value.
    pub records: Vec<crate::records::Record>,
}

/// What a record on a Debezium topic is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Null value after a delete: compaction removes the key.
    Tombstone,
    /// A DDL change of a historized connector (the `<prefix>` topic).
    SchemaChange {
        ddl: Option<String>,
    },
    Change(ChangeEvent),
    /// Anything else (a heartbeat, a transaction marker, a non-Debezium record).
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeEvent {
    /// `c`, `u`, `d`, `r` (snapshot), `t` (truncate), `m` (message).
    pub op: String,
    /// `schema.table` or `db.table` as the source block names it.
    pub table: Option<String>,
    /// When the change happened in the database (`source.ts_ms`).
    pub source_ts_ms: Option<i64>,
    /// Where in the database's log: LSN, binlog file and position, GTID, SCN — whichever the
    /// connector writes, as `(name, value)`.
    pub position: Vec<(String, String)>,
    pub transaction_id: Option<String>,
    /// Snapshot marker (`true`, `first`, `last`, `incremental`, …) when not `false`.
    pub snapshot: Option<String>,
    /// Every column whose value differs between `before` and `after`.
    pub changes: Vec<ColumnChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnChange {
    pub column: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The source fields that say where in the database's log a change was, per connector.
const POSITION_FIELDS: [&str; 10] = [
    "lsn",
    "txId",
    "file",
    "pos",
    "row",
    "gtid",
    "scn",
    "commit_scn",
    "change_lsn",
    "commit_lsn",
];

impl Event {
    /// Reads a decoded value (after [`decode`]) as a Debezium event.
    pub fn read(value: &Shown) -> Event {
        let json = match value {
            Shown::Null => return Event::Tombstone,
            Shown::Json(json) => json,
            _ => return Event::Other,
        };
        if json.get("ddl").is_some() || json.get("tableChanges").is_some() {
            return Event::SchemaChange {
                ddl: json.get("ddl").and_then(Value::as_str).map(str::to_owned),
            };
        }
        let Some(op) = json.get("op").and_then(Value::as_str) else {
            return Event::Other;
        };
        let source = json.get("source");
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let field = |name: &str| source.and_then(|s| s.get(name)).filter(|v| !v.is_null());
        let table = match (
            field("schema").or(field("db")),
            field("table").or(field("collection")),
        ) {
            (Some(ns), Some(t)) => Some(format!("{}.{}", text(ns), text(t))),
            (None, Some(t)) => Some(text(t)),
            _ => None,
        };
        Event::Change(ChangeEvent {
            op: op.to_owned(),
            table,
            source_ts_ms: field("ts_ms").and_then(Value::as_i64),
            position: POSITION_FIELDS
                .iter()
                .filter_map(|f| field(f).map(|v| ((*f).to_owned(), text(v))))
                .collect(),
            transaction_id: json.get("transaction").and_then(|t| t.get("id")).map(text),
            snapshot: field("snapshot").map(text).filter(|s| s != "false"),
            changes: diff(json.get("before"), json.get("after")),
        })
    }
}

/// Columns that differ between two row images, in the order the newer image lists them, then
/// the ones only the older has. A missing image (insert, delete) makes every column a change.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<ColumnChange> {
    let empty = serde_json::Map::new();
    let before = before.and_then(Value::as_object).unwrap_or(&empty);
    let after = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut out: Vec<ColumnChange> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, v)| ColumnChange {
            column: k.clone(),
            before: before.get(k).cloned(),
            after: Some(v.clone()),
        })
        .collect();
    out.extend(
        before
            .iter()
            .filter(|(k, _)| !after.contains_key(*k))
            .map(|(k, v)| ColumnChange {
                column: k.clone(),
                before: Some(v.clone()),
                after: None,
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payloads_show_as_json_text_or_hex_and_say_when_cut() {
        let wrapped = br#"{"schema":{"type":"struct"},"payload":{"id":1}}"#;
        assert_eq!(
            decode(Some(wrapped), 1024).shown,
            Shown::Json(json!({"id": 1}))
        );
        assert_eq!(decode(None, 10).shown, Shown::Null);
        let text = decode(Some(b"not json at all"), 3);
        assert_eq!(
            (text.shown, text.size, text.truncated),
            (Shown::Text("not".into()), 15, true)
        );
        let cut_in_char = decode(Some("é-é".as_bytes()), 4);
        assert_eq!(cut_in_char.shown, Shown::Text("é-".into()));
        assert_eq!(
            decode(Some(&[0xff, 0x00, 0x10]), 10).shown,
            Shown::Hex("ff0010".into())
        );
        let big_json = format!("[{}]", "1,".repeat(100) + "1");
        assert!(matches!(
            decode(Some(big_json.as_bytes()), 50).shown,
            Shown::Text(_)
        ));
    }

    /// An update as Debezium 3.4's PostgreSQL connector writes it (JsonConverter, schemas off).
    fn pg_update() -> Value {
        json!({
            "before": {"id": 1001, "first_name": "Sally", "email": "sally@example.com"},
            "after": {"id": 1001, "first_name": "Sal", "email": "sally@example.com"},
            "source": {"version": "3.4.0.Final", "connector": "postgresql", "name": "acme.inv",
                "ts_ms": 1_764_500_000_000_i64, "snapshot": "false", "db": "inventory",
                "schema": "public", "table": "customers", "txId": 771, "lsn": 24_023_128,
                "xmin": null},
            "transaction": null,
            "op": "u", "ts_ms": 1_764_500_000_123_i64
        })
    }

    #[test]
    fn an_update_is_its_changed_columns_and_its_position() {
        let Event::Change(e) = Event::read(&Shown::Json(pg_update())) else {
            panic!("a change event");
        };
        assert_eq!(e.op, "u");
        assert_eq!(e.table.as_deref(), Some("public.customers"));
        assert_eq!(
            e.changes,
            [ColumnChange {
                column: "first_name".into(),
                before: Some(json!("Sally")),
                after: Some(json!("Sal")),
            }]
        );
        assert_eq!(
            e.position,
            [
                ("lsn".to_owned(), "24023128".to_owned()),
                ("txId".to_owned(), "771".to_owned())
            ]
        );
        assert_eq!(e.snapshot, None);
    }

    #[test]
    fn inserts_deletes_tombstones_and_ddl_are_named() {
        let mut insert = pg_update();
        insert["op"] = json!("c");
        insert["before"] = Value::Null;
        let Event::Change(c) = Event::read(&Shown::Json(insert)) else {
            panic!("insert");
        };
        assert_eq!(c.changes.len(), 3, "every column is new");
        let mut delete = pg_update();
        delete["op"] = json!("d");
        delete["after"] = Value::Null;
        let Event::Change(d) = Event::read(&Shown::Json(delete)) else {
            panic!("delete");
        };
        assert!(d.changes.iter().all(|c| c.after.is_none()));
        assert_eq!(Event::read(&Shown::Null), Event::Tombstone);
        let ddl = json!({"source": {}, "databaseName": "inventory",
            "ddl": "ALTER TABLE customers ADD COLUMN x INT", "tableChanges": []});
        assert!(matches!(
            Event::read(&Shown::Json(ddl)),
            Event::SchemaChange { ddl: Some(_) }
        ));
        assert_eq!(
            Event::read(&Shown::Json(json!({"ts_ms": 1}))),
            Event::Other,
            "a heartbeat"
        );
        let mysql = json!({"op": "r", "before": null, "after": {"id": 1},
            "source": {"db": "inventory", "table": "orders", "file": "mysql-bin.000003",
                "pos": 154, "gtid": null, "snapshot": "first"}});
        let Event::Change(m) = Event::read(&Shown::Json(mysql)) else {
            panic!("snapshot read");
        };
        assert_eq!(m.table.as_deref(), Some("inventory.orders"));
        assert_eq!(m.snapshot.as_deref(), Some("first"));
        assert_eq!(
            m.position[0],
            ("file".to_owned(), "mysql-bin.000003".to_owned())
        );
    }
}
