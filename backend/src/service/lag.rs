//! How far a connector is behind, measured where the truth is: its PostgreSQL slot or its
//! MySQL/MariaDB server (with the connector's own credentials), or its sink consumer group in
//! Kafka; and, where the cluster names its workers' JMX exporters, what Debezium itself
//! reports. Each figure says where it came from; what cannot be measured says why.

use sluice_shared::ConnectorType;
use sluice_shared::health::{
    ConnectorLag, LagFigure, LagMeasure, binlog_behind, binlog_offset, pg_offset_time,
};

use sluice_shared::ConnectorName;
use sluice_shared::tenancy::topic_keys;

use crate::clock::now_ms;
use crate::clusters::Cluster;
use crate::error::AppError;
use crate::source_db::{binlog, postgres::SlotTarget};

/// Whether lag is measured for a connector of this class and type.
pub fn measurable(class: &str, sink: bool) -> bool {
    sink || class.ends_with(".PostgresConnector")
        || class.ends_with(".MySqlConnector")
        || class.ends_with(".MariaDbConnector")
}

/// Measures one connector. Callers check the policy first (the API through `Target`; the
/// lag sampler acts for the console).
pub async fn measure(cluster: &Cluster, name: &ConnectorName) -> Result<ConnectorLag, AppError> {
    // Config (secrets in clear: used here, never answered) and type in one call.
    let info = cluster
        .client
        .connector(name)
        .await
        .map_err(AppError::connect(&cluster.id))?;
    let config = info.config;
    let class = config
        .get("connector.class")
        .map(String::as_str)
        .unwrap_or_default();
    let sink = info.connector_type == ConnectorType::Sink;
    let mut lag = ConnectorLag {
        at_ms: now_ms(),
        figures: Vec::new(),
        last_activity_ms: None,
        not_measured: None,
        debezium: None,
        slot_confirmed_lsn: None,
        history: Vec::new(),
    };
    let offsets = || async {
        cluster
            .client
            .connector_offsets(name)
            .await
            .map(|o| o.offsets)
    };
    if class.ends_with(".PostgresConnector") {
        lag.last_activity_ms = offsets()
            .await
            .ok()
            .and_then(|o: Vec<_>| pg_offset_time(&o));
        lag.figures.push(match SlotTarget::from_config(&config) {
            Err(e) => unknown(LagMeasure::WalBytes, "pg_replication_slots", e.to_string()),
            Ok(slot) => {
                let source = format!(
                    "pg_replication_slots on {}, slot {}, with the connector's credentials",
                    slot.host, slot.slot_name
                );
                match slot.confirmed().await {
                    Ok(confirmed) => {
                        lag.slot_confirmed_lsn = confirmed.lsn;
                        match confirmed.lag_bytes {
                            Some(bytes) => known(LagMeasure::WalBytes, source, bytes),
                            None => unknown(
                                LagMeasure::WalBytes,
                                &source,
                                "the slot does not exist or has confirmed nothing yet".into(),
                            ),
                        }
                    }
                    Err(e) => unknown(LagMeasure::WalBytes, &source, e.to_string()),
                }
            }
        });
    } else if class.ends_with(".MySqlConnector") || class.ends_with(".MariaDbConnector") {
        let position = offsets().await.ok().and_then(|o: Vec<_>| binlog_offset(&o));
        lag.last_activity_ms = position.as_ref().and_then(|(_, ts)| *ts);
        let figure = match (position, binlog::read(&config).await) {
            (_, Err(e)) => unknown(LagMeasure::BinlogBytes, "SHOW BINARY LOGS", e),
            (None, Ok(b)) => unknown(
                LagMeasure::BinlogBytes,
                &format!("SHOW BINARY LOGS on {}", b.host),
                "the connector has no binlog offset yet (still snapshotting?)".into(),
            ),
            (Some((at, _)), Ok(b)) => {
                let source = format!(
                    "SHOW BINARY LOGS on {} ({} at {}) against the connector's offset ({} at {})",
                    b.host, b.current.file, b.current.pos, at.file, at.pos
                );
                match binlog_behind(&at, &b.current, &b.logs) {
                    Some(bytes) => known(LagMeasure::BinlogBytes, source, bytes),
                    None => unknown(
                        LagMeasure::BinlogBytes,
                        &source,
                        "the connector's binlog file is no longer on the server".into(),
                    ),
                }
            }
        };
        lag.figures.push(figure);
    } else if sink {
        let group = config.get("consumer.override.group.id").cloned();
        let topics = config
            .get("topics")
            .map(|t| topic_keys::list(t).map(str::to_owned).collect())
            .unwrap_or_default();
        lag.figures
            .push(sink_lag(cluster, name, group, topics).await);
    } else {
        lag.not_measured = Some(
            "Sluice measures PostgreSQL slots, MySQL/MariaDB binlogs and sinks' consumer groups; \
             this connector is none of those"
                .into(),
        );
    }
    if let Some(exporters) = &cluster.exporters {
        lag.debezium = exporters.connector(class, &config).await;
    }
    // Offsets tell when the newest change happened; without them, the streaming metrics
    // tell when the connector last saw one.
    if lag.last_activity_ms.is_none() {
        lag.last_activity_ms = lag
            .debezium
            .as_ref()
            .and_then(|d| d.streaming.as_ref()?.ms_since_last_event)
            .map(|since| lag.at_ms - since);
    }
    Ok(lag)
}

/// A sink's lag: its consumer group (`group`, its override if it sets one) against the ends
/// of the topics it names (`topics`; empty for `topics.regex`, then asked of Connect). The lag
/// sampler passes them from the fleet listing, so measuring 1,000 sinks costs Connect nothing.
pub async fn sink_lag(
    cluster: &Cluster,
    name: &ConnectorName,
    group: Option<String>,
    topics: Vec<String>,
) -> LagFigure {
    let group = group.unwrap_or_else(|| format!("connect-{name}"));
    let source = format!("consumer group {group} against its topics' ends, in Kafka");
    // `topics.regex`: the topics it actually reads (KIP-558).
    let topics = if topics.is_empty() {
        match cluster.client.connector_topics(name).await {
            Ok(t) => t,
            Err(e) => return unknown(LagMeasure::Records, &source, e.to_string()),
        }
    } else {
        topics
    };
    let kafka = match cluster.kafka() {
        Ok(k) => k.clone(),
        Err(e) => return unknown(LagMeasure::Records, &source, e.to_string()),
    };
    match kafka.run(move |k| k.group_lag(&group, &topics)).await {
        Ok(l) if l.partitions == 0 => unknown(
            LagMeasure::Records,
            &source,
            "none of its topics exists yet".into(),
        ),
        Ok(l) => {
            let note = if l.uncommitted > 0 {
                format!(
                    "{source}; {} of {} partitions have no committed offset (counted from their start)",
                    l.uncommitted, l.partitions
                )
            } else {
                source
            };
            known(LagMeasure::Records, note, l.records)
        }
        Err(e) => unknown(LagMeasure::Records, &source, e.to_string()),
    }
}

fn known(measure: LagMeasure, source: String, value: u64) -> LagFigure {
    LagFigure {
        measure,
        value: Some(value),
        source,
        unknown: None,
    }
}

fn unknown(measure: LagMeasure, source: &str, why: String) -> LagFigure {
    LagFigure {
        measure,
        value: None,
        source: source.to_owned(),
        unknown: Some(why),
    }
}
