//! Debezium's own metrics (its JMX beans `debezium.<plugin>:type=connector-metrics,…`), read
//! from the exporters a cluster names: Jolokia's JSON or a Prometheus exporter's text. The
//! backend fetches; this module turns either answer into one list of beans, and the beans of
//! one connector into the figures the console shows: how far streaming is behind the source,
//! when it last saw a change, and how far a snapshot has come.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How an exporter answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricsFormat {
    /// Jolokia's JSON (`POST …/jolokia/` with a read of `debezium.*:type=connector-metrics,*`).
    Jolokia,
    /// Prometheus text as Debezium's monitoring example exports it: `debezium_metrics_<Attribute>`
    /// with `plugin`, `name` (the topic prefix) and `context` labels.
    Prometheus,
}

impl MetricsFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jolokia => "Jolokia",
            Self::Prometheus => "Prometheus",
        }
    }
}

/// The attributes read: Jolokia is asked for these only (a bean has some forty).
pub const ATTRIBUTES: &[&str] = &[
    "MilliSecondsBehindSource",
    "MilliSecondsSinceLastEvent",
    "Connected",
    "TotalNumberOfEventsSeen",
    "SnapshotRunning",
    "SnapshotCompleted",
    "SnapshotAborted",
    "SnapshotPaused",
    "TotalTableCount",
    "RemainingTableCount",
    "RowsScanned",
    "SnapshotDurationInSeconds",
];

/// One Debezium bean: whose it is and its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Bean {
    /// `postgres`, `mysql`, `mariadb`, `sql_server`, …
    pub plugin: String,
    /// The connector's `topic.prefix`.
    pub server: String,
    /// `streaming`, `snapshot` or `schema-history`.
    pub context: String,
    /// Attribute name → value as JSON (numbers, booleans, and maps such as `RowsScanned`).
    pub attributes: BTreeMap<String, serde_json::Value>,
}

/// The JMX domain's plugin name for a connector class; `None` for a class that is not a
/// Debezium source.
pub fn debezium_plugin(class: &str) -> Option<&'static str> {
    let short = class.rsplit('.').next()?;
    Some(match short {
        "PostgresConnector" => "postgres",
        "MySqlConnector" => "mysql",
        "MariaDbConnector" => "mariadb",
        "SqlServerConnector" => "sql_server",
        "OracleConnector" => "oracle",
        "MongoDbConnector" => "mongodb",
        "Db2Connector" => "db2",
        "InformixConnector" => "informix",
        _ => return None,
    })
}

/// `debezium.postgres:context=streaming,server=acme,type=connector-metrics` → its parts.
fn parse_object_name(name: &str) -> Option<(String, BTreeMap<String, String>)> {
    let (domain, keys) = name.split_once(':')?;
    let plugin = domain.strip_prefix("debezium.")?.to_owned();
    let keys = keys
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some((plugin, keys))
}

/// The beans in Jolokia's answer to a pattern read. A single bean's answer (no pattern) is
/// not what the backend asks for and yields nothing.
pub fn beans_from_jolokia(answer: &serde_json::Value) -> Result<Vec<Bean>, String> {
    if let Some(status) = answer.get("status").and_then(serde_json::Value::as_u64)
        && status != 200
    {
        // A pattern no bean matches is a 404 of this type: a worker running no Debezium task.
        if answer.get("error_type").and_then(serde_json::Value::as_str)
            == Some("javax.management.InstanceNotFoundException")
        {
            return Ok(Vec::new());
        }
        let error = answer
            .get("error")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("no error text");
        return Err(format!("Jolokia answered status {status}: {error}"));
    }
    let Some(value) = answer.get("value").and_then(serde_json::Value::as_object) else {
        return Err("Jolokia's answer has no value".into());
    };
    Ok(value
        .iter()
        .filter_map(|(name, attrs)| {
            let (plugin, keys) = parse_object_name(name)?;
            if keys.get("type").map(String::as_str) != Some("connector-metrics") {
                return None;
            }
            Some(Bean {
                plugin,
                server: keys.get("server")?.clone(),
                context: keys.get("context")?.clone(),
                attributes: attrs
                    .as_object()?
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            })
        })
        .collect())
}

/// One sample of Prometheus text: name, labels, value.
pub struct PromSample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// The beans in a Prometheus exporter's samples. `RowsScanned` comes one sample per table
/// (label `table`) and becomes a map, as Jolokia gives it. Attribute names are matched without
/// regard to case, so an exporter with `lowercaseOutputName` is read too.
pub fn beans_from_prometheus(samples: impl IntoIterator<Item = PromSample>) -> Vec<Bean> {
    let mut beans: BTreeMap<(String, String, String), Bean> = BTreeMap::new();
    for s in samples {
        let Some(attribute) = s.name.strip_prefix("debezium_metrics_") else {
            continue;
        };
        let (Some(plugin), Some(server), Some(context)) = (
            s.labels.get("plugin"),
            s.labels.get("name"),
            s.labels.get("context"),
        ) else {
            continue;
        };
        let bean = beans
            .entry((plugin.clone(), server.clone(), context.clone()))
            .or_insert_with(|| Bean {
                plugin: plugin.clone(),
                server: server.clone(),
                context: context.clone(),
                attributes: BTreeMap::new(),
            });
        let value = serde_json::Number::from_f64(s.value)
            .map_or(serde_json::Value::Null, serde_json::Value::Number);
        match s.labels.get("table") {
            Some(table) => {
                let rows = bean
                    .attributes
                    .entry(attribute.to_owned())
                    .or_insert_with(|| serde_json::json!({}));
                if let Some(map) = rows.as_object_mut() {
                    map.insert(table.clone(), value);
                }
            }
            None => {
                bean.attributes.insert(attribute.to_owned(), value);
            }
        }
    }
    beans.into_values().collect()
}

/// A streaming phase's figures. Debezium answers -1 for "nothing seen yet": that is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamingMetrics {
    /// `MilliSecondsBehindSource`: the newest event's age when the connector handled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms_behind_source: Option<i64>,
    /// `MilliSecondsSinceLastEvent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms_since_last_event: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected: Option<bool>,
    /// `TotalNumberOfEventsSeen` since the task started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events_seen: Option<u64>,
}

/// A snapshot's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotProgress {
    pub running: bool,
    pub completed: bool,
    pub aborted: bool,
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_tables: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_tables: Option<u64>,
    /// Rows read so far, over every table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_scanned: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u64>,
}

impl SnapshotProgress {
    /// Tables done of the total, when the total is known.
    pub fn tables_done(&self) -> Option<(u64, u64)> {
        let total = self.total_tables?;
        Some((total.saturating_sub(self.remaining_tables?), total))
    }
}

/// What Debezium itself reports for one connector, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebeziumMetrics {
    /// "Jolokia on 127.0.0.1:8771, bean debezium.postgres server=acme".
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streaming: Option<StreamingMetrics>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<SnapshotProgress>,
    /// Why nothing is known (no exporter answered, or none has this connector's beans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

impl Bean {
    /// An attribute by name, in any case (see [`beans_from_prometheus`]).
    fn attr(&self, key: &str) -> Option<&serde_json::Value> {
        self.attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }

    fn int(&self, key: &str) -> Option<i64> {
        let v = self.attr(key)?;
        v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
    }

    fn flag(&self, key: &str) -> Option<bool> {
        let v = self.attr(key)?;
        // Prometheus exports booleans as 1.0 / 0.0.
        v.as_bool().or_else(|| v.as_f64().map(|f| f != 0.0))
    }
}

fn known(v: Option<i64>) -> Option<i64> {
    v.filter(|v| *v >= 0)
}

fn count(v: Option<i64>) -> Option<u64> {
    known(v).and_then(|v| u64::try_from(v).ok())
}

/// The figures of the connector whose beans are `plugin` / `server`, from the beans of every
/// exporter (a connector's task runs on one worker; a multi-task connector's beans are
/// merged: the furthest behind, the most recent event, the sums). `None` when no bean is
/// this connector's.
pub fn connector_metrics(
    beans: &[Bean],
    plugin: &str,
    server: &str,
) -> Option<(Option<StreamingMetrics>, Option<SnapshotProgress>)> {
    let mine: Vec<&Bean> = beans
        .iter()
        .filter(|b| b.plugin == plugin && b.server == server)
        .collect();
    if mine.is_empty() {
        return None;
    }
    let streaming: Vec<_> = mine.iter().filter(|b| b.context == "streaming").collect();
    let streaming = (!streaming.is_empty()).then(|| StreamingMetrics {
        ms_behind_source: streaming
            .iter()
            .filter_map(|b| known(b.int("MilliSecondsBehindSource")))
            .max(),
        ms_since_last_event: streaming
            .iter()
            .filter_map(|b| known(b.int("MilliSecondsSinceLastEvent")))
            .min(),
        connected: streaming
            .iter()
            .filter_map(|b| b.flag("Connected"))
            .reduce(|a, b| a && b),
        events_seen: streaming
            .iter()
            .filter_map(|b| count(b.int("TotalNumberOfEventsSeen")))
            .reduce(|a, b| a + b),
    });
    let snapshot: Vec<_> = mine.iter().filter(|b| b.context == "snapshot").collect();
    let any = |key: &str| snapshot.iter().any(|b| b.flag(key) == Some(true));
    let sum = |key: &str| {
        snapshot
            .iter()
            .filter_map(|b| count(b.int(key)))
            .reduce(|a, b| a + b)
    };
    let snapshot = (!snapshot.is_empty()).then(|| SnapshotProgress {
        running: any("SnapshotRunning"),
        completed: snapshot
            .iter()
            .all(|b| b.flag("SnapshotCompleted") == Some(true)),
        aborted: any("SnapshotAborted"),
        paused: any("SnapshotPaused"),
        total_tables: sum("TotalTableCount"),
        remaining_tables: sum("RemainingTableCount"),
        rows_scanned: snapshot
            .iter()
            .filter_map(|b| {
                // No table scanned yet is no figure: a Prometheus exporter has no sample for
                // an empty map, so both sources read the same.
                let rows = b
                    .attr("RowsScanned")?
                    .as_object()
                    .filter(|m| !m.is_empty())?;
                Some(
                    rows.values()
                        .filter_map(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f as u64)))
                        .sum::<u64>(),
                )
            })
            .reduce(|a, b| a + b),
        duration_s: snapshot
            .iter()
            .filter_map(|b| count(b.int("SnapshotDurationInSeconds")))
            .max(),
    });
    Some((streaming, snapshot))
}

/// A span of milliseconds as people read lag: "329 ms", "4.2 s", "3 min 10 s", "2 h 5 min".
pub fn span_words(ms: i64) -> String {
    let ms = ms.max(0);
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.1} s", ms as f64 / 1000.0),
        60_000..3_600_000 => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
        _ => format!("{} h {} min", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_in_the_largest_sensible_unit() {
        assert_eq!(span_words(329), "329 ms");
        assert_eq!(span_words(4_210), "4.2 s");
        assert_eq!(span_words(190_500), "3 min 10 s");
        assert_eq!(span_words(7_500_000), "2 h 5 min");
        assert_eq!(span_words(-1), "0 ms");
    }

    /// Worker 1's Jolokia answer on the dev stack (Debezium 3.4, the demo PostgreSQL connector
    /// just after one update), as recorded, plus a second connector that has seen nothing.
    fn jolokia() -> serde_json::Value {
        serde_json::json!({
            "request": {"mbean": "debezium.*:type=connector-metrics,*", "type": "read"},
            "value": {
                "debezium.postgres:context=snapshot,server=demo,type=connector-metrics": {
                    "SnapshotCompleted": true, "RemainingTableCount": 0, "SnapshotPaused": false,
                    "SnapshotRunning": false,
                    "RowsScanned": {"public.customers": 4, "public.orders": 4, "public.products": 4},
                    "MilliSecondsSinceLastEvent": 25130, "TotalTableCount": 3,
                    "SnapshotDurationInSeconds": 0, "SnapshotAborted": false,
                    "TotalNumberOfEventsSeen": 12
                },
                "debezium.postgres:context=streaming,server=demo,type=connector-metrics": {
                    "Connected": true, "MilliSecondsSinceLastEvent": 2692,
                    "MilliSecondsBehindSource": 329, "TotalNumberOfEventsSeen": 1
                },
                "debezium.postgres:context=streaming,server=other,type=connector-metrics": {
                    "MilliSecondsBehindSource": -1, "MilliSecondsSinceLastEvent": -1, "Connected": true
                }
            },
            "status": 200,
            "timestamp": 1_796_117_875
        })
    }

    #[test]
    fn jolokia_beans_give_a_connectors_streaming_and_snapshot_figures() {
        let beans = beans_from_jolokia(&jolokia()).unwrap();
        assert_eq!(beans.len(), 3);
        let (streaming, snapshot) = connector_metrics(&beans, "postgres", "demo").unwrap();
        assert_eq!(
            streaming,
            Some(StreamingMetrics {
                ms_behind_source: Some(329),
                ms_since_last_event: Some(2692),
                connected: Some(true),
                events_seen: Some(1),
            })
        );
        let snapshot = snapshot.unwrap();
        assert!(snapshot.completed && !snapshot.running);
        assert_eq!(snapshot.tables_done(), Some((3, 3)));
        assert_eq!(snapshot.rows_scanned, Some(12));
        // -1 is "nothing seen yet", not a figure.
        let (other, _) = connector_metrics(&beans, "postgres", "other").unwrap();
        assert_eq!(other.unwrap().ms_behind_source, None);
        assert_eq!(connector_metrics(&beans, "mysql", "demo"), None);
    }

    #[test]
    fn a_snapshot_that_scanned_no_table_has_no_row_count_through_either_source() {
        // Seen on the stack: Jolokia gives an empty `RowsScanned` map, a Prometheus exporter
        // no sample at all; both mean no figure (they were once Some(0) and None).
        let mut answer = jolokia();
        let bean = &mut answer["value"]["debezium.postgres:context=snapshot,server=demo,type=connector-metrics"];
        bean["RowsScanned"] = serde_json::json!({});
        bean["TotalTableCount"] = serde_json::json!(0);
        let beans = beans_from_jolokia(&answer).unwrap();
        let (_, snapshot) = connector_metrics(&beans, "postgres", "demo").unwrap();
        assert_eq!(snapshot.unwrap().rows_scanned, None);
    }

    #[test]
    fn a_jolokia_error_is_said_not_read_as_empty_but_no_bean_at_all_is_empty() {
        let e = beans_from_jolokia(&serde_json::json!({"status": 403, "error": "forbidden"}))
            .unwrap_err();
        assert!(e.contains("403") && e.contains("forbidden"), "{e}");
        // Worker 2's recorded answer while it ran no Debezium task.
        let none = serde_json::json!({
            "request": {"mbean": "debezium.*:type=connector-metrics,*", "type": "read"},
            "error_type": "javax.management.InstanceNotFoundException",
            "error": "javax.management.InstanceNotFoundException : No MBean with pattern debezium.*:type=connector-metrics,* found for reading attributes",
            "status": 404
        });
        assert_eq!(beans_from_jolokia(&none), Ok(Vec::new()));
    }

    #[test]
    fn prometheus_samples_become_the_same_beans_with_rows_per_table() {
        let labels = |ctx: &str, table: Option<&str>| {
            let mut l = BTreeMap::from([
                ("plugin".to_owned(), "mariadb".to_owned()),
                ("name".to_owned(), "shop".to_owned()),
                ("context".to_owned(), ctx.to_owned()),
            ]);
            if let Some(t) = table {
                l.insert("table".into(), t.into());
            }
            l
        };
        let (s, snap, t1, t2) = (
            labels("streaming", None),
            labels("snapshot", None),
            labels("snapshot", Some("inventory.a")),
            labels("snapshot", Some("inventory.b")),
        );
        let sample = |name: &str, labels: &BTreeMap<String, String>, value| PromSample {
            name: name.to_owned(),
            labels: labels.clone(),
            value,
        };
        let samples = vec![
            sample("debezium_metrics_MilliSecondsBehindSource", &s, 90.0),
            sample("debezium_metrics_connected", &s, 1.0),
            sample("debezium_metrics_SnapshotRunning", &snap, 1.0),
            sample("debezium_metrics_TotalTableCount", &snap, 4.0),
            sample("debezium_metrics_RemainingTableCount", &snap, 3.0),
            sample("debezium_metrics_RowsScanned", &t1, 1000.0),
            sample("debezium_metrics_RowsScanned", &t2, 500.0),
            sample("jvm_memory_used_bytes", &s, 1.0),
        ];
        let beans = beans_from_prometheus(samples);
        assert_eq!(beans.len(), 2);
        let (streaming, snapshot) = connector_metrics(&beans, "mariadb", "shop").unwrap();
        let streaming = streaming.unwrap();
        assert_eq!(streaming.ms_behind_source, Some(90));
        assert_eq!(
            streaming.connected,
            Some(true),
            "lower-cased names are read too"
        );
        let snapshot = snapshot.unwrap();
        assert!(snapshot.running && !snapshot.completed);
        assert_eq!(snapshot.tables_done(), Some((1, 4)));
        assert_eq!(snapshot.rows_scanned, Some(1500));
    }

    #[test]
    fn connector_classes_map_to_their_jmx_domains() {
        assert_eq!(
            debezium_plugin("io.debezium.connector.postgresql.PostgresConnector"),
            Some("postgres")
        );
        assert_eq!(
            debezium_plugin("io.debezium.connector.mariadb.MariaDbConnector"),
            Some("mariadb")
        );
        assert_eq!(
            debezium_plugin("io.debezium.connector.jdbc.JdbcSinkConnector"),
            None
        );
    }
}
