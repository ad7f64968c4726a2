//! Lag against the real stack: a Debezium PostgreSQL source's slot, a MariaDB source's binlog
//! position and a sink's consumer group, each measured where it lives and saying so; and
//! Debezium's own streaming and snapshot metrics from the workers' Jolokia and Prometheus
//! exporters.

use std::time::Duration;

use sluice_backend::connect::InitialState;
use sluice_backend::settings::MetricsEndpoint;
use sluice_shared::health::{
    AlertKind, AlertList, AlertStatus, ConnectorLag, LagMeasure, MetricsFormat,
};

use crate::support::*;

async fn lag(admin: &Api, connector: &str) -> ConnectorLag {
    admin
        .get(&format!("/api/v1/clusters/w1/connectors/{connector}/lag"))
        .await
        .expect("lag")
}

#[tokio::test]
async fn lag_is_measured_at_the_slot_the_binlog_and_the_consumer_group() {
    let mut settings = config_for(&[&connect_url(1)]);
    settings.health.interval = Duration::from_secs(1);
    settings.health.lag_interval = Duration::from_secs(1);
    settings.alerts.lag_records_above = 2;
    settings.clusters[0].metrics = exporters(MetricsFormat::Jolokia);
    let (base, _state) = spawn_app(settings).await;
    let admin = Api::admin(&base).await;
    let connect = client(1).await;

    // A sink created stopped on a topic with three records: all three are behind.
    let topic = unique("lag-in");
    produce(&topic, &[(None, b"a"), (None, b"b"), (None, b"c")]).await;
    let sink = unique("lag-sink");
    let mut sink_config = file_sink_config(&topic);
    sink_config.insert(
        "value.converter".into(),
        "org.apache.kafka.connect.storage.StringConverter".into(),
    );
    connect
        .create_connector(&name(&sink), &sink_config, Some(InitialState::Stopped))
        .await
        .expect("sink");
    let behind = eventually("the sink is known", Duration::from_secs(20), || async {
        let l: ConnectorLag = admin
            .get(&format!("/api/v1/clusters/w1/connectors/{sink}/lag"))
            .await
            .ok()?;
        Some(l)
    })
    .await;
    let f = &behind.figures[0];
    assert_eq!(
        (f.measure, f.value),
        (LagMeasure::Records, Some(3)),
        "{f:?}"
    );
    assert!(
        f.source.contains(&format!("connect-{sink}")),
        "{}",
        f.source
    );
    assert!(f.source.contains("no committed offset"), "{}", f.source);
    // Sampled every second: above the threshold of 2 records, the lag alert fires.
    let alert_of = |list: AlertList| {
        list.alerts
            .into_iter()
            .find(|a| a.kind == AlertKind::LagHigh && a.connector.as_deref() == Some(sink.as_str()))
    };
    let fired = eventually("the lag alert fires", Duration::from_secs(90), || async {
        alert_of(admin.get("/api/v1/alerts").await.ok()?)
            .filter(|a| a.status == AlertStatus::Firing)
    })
    .await;
    assert!(
        fired.summary.contains("3 records behind"),
        "{}",
        fired.summary
    );
    connect
        .resume_connector(&name(&sink))
        .await
        .expect("resume");
    eventually("the sink catches up", Duration::from_secs(60), || async {
        (lag(&admin, &sink).await.figures[0].value == Some(0)).then_some(())
    })
    .await;
    // Resolved after the sampler's next round over every connector on the cluster, which
    // under the full suite's load can take most of a minute.
    eventually(
        "the lag alert resolves",
        Duration::from_secs(90),
        || async {
            let past = alert_of(admin.get("/api/v1/alerts?status=resolved").await.ok()?)?;
            (past.id == fired.id).then_some(())
        },
    )
    .await;
    let history = lag(&admin, &sink).await.history;
    assert!(
        history.first().is_some_and(|s| s.1 == 3) && history.last().is_some_and(|s| s.1 == 0),
        "the last day's samples show it behind, then caught up: {history:?}"
    );

    // PostgreSQL: the slot's unconfirmed WAL, and the time of the last change handled.
    let db = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("demo database");
    let slot = unique("lag_slot").replace('-', "_");
    let source = unique("lag-pg");
    let pg_prefix = unique("lagpg");
    connect
        .create_connector(&name(&source), &pg_source_config(&pg_prefix, &slot), None)
        .await
        .expect("PostgreSQL source");
    sqlx::query("UPDATE customers SET email = email WHERE id = (SELECT min(id) FROM customers)")
        .execute(&db)
        .await
        .expect("a change");
    let pg = eventually("the slot is measured", Duration::from_secs(90), || async {
        let l = lag(&admin, &source).await;
        (l.figures[0].value.is_some() && l.last_activity_ms.is_some()).then_some(l)
    })
    .await;
    assert_eq!(pg.figures[0].measure, LagMeasure::WalBytes);
    assert!(
        pg.figures[0].source.contains(&slot),
        "{}",
        pg.figures[0].source
    );
    // The slot's confirmed position comes with it (for the offsets tab), read as PostgreSQL
    // writes it: a slot only ever confirms further, so what was measured is not past it now.
    let now: String = sqlx::query_scalar(
        "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1",
    )
    .bind(&slot)
    .fetch_one(&db)
    .await
    .expect("the slot's confirmed position");
    let now = sluice_shared::offsets::readable::parse_lsn(&now).expect("an LSN");
    assert!(
        pg.slot_confirmed_lsn.is_some_and(|l| l > 0 && l <= now),
        "{:?} against {now}",
        pg.slot_confirmed_lsn
    );

    // Debezium's own figures, from the Jolokia agent of whichever worker runs the task: the
    // snapshot of one table done, and streaming behind the source by some milliseconds.
    let streamed = |l: ConnectorLag| {
        let d = l.debezium?;
        d.streaming.as_ref()?.ms_behind_source?;
        Some(d)
    };
    let dbz = eventually(
        "Debezium's metrics through Jolokia",
        Duration::from_secs(60),
        || async {
            // A change made during the snapshot is read by it, not streamed: one more each try.
            let _ = sqlx::query(
                "UPDATE customers SET email = email WHERE id = (SELECT min(id) FROM customers)",
            )
            .execute(&db)
            .await;
            streamed(lag(&admin, &source).await)
        },
    )
    .await;
    assert!(
        dbz.source.starts_with("Jolokia on 127.0.0.1:")
            && dbz.source.ends_with(&format!("server={pg_prefix}")),
        "{}",
        dbz.source
    );
    let streaming = dbz.streaming.as_ref().expect("streaming");
    assert_eq!(streaming.connected, Some(true));
    assert!(streaming.events_seen >= Some(1), "{streaming:?}");
    let snapshot = dbz.snapshot.as_ref().expect("snapshot");
    assert!(!snapshot.running, "{snapshot:?}");
    if snapshot.completed {
        assert_eq!(
            snapshot.tables_done(),
            Some((1, 1)),
            "public.customers only"
        );
        assert!(snapshot.rows_scanned >= Some(1), "{snapshot:?}");
    } else {
        // Another test's rebalance restarted the task after its snapshot: Debezium starts a
        // task's snapshot metrics afresh, and one resuming from offsets takes no snapshot.
        assert_eq!(
            (snapshot.total_tables, snapshot.rows_scanned),
            (Some(0), Some(0)),
            "a snapshot neither done nor running is one not taken: {snapshot:?}"
        );
    }

    // The same beans through the workers' Prometheus exporters, with a dead exporter beside
    // them that hides nothing.
    let mut prom = config_for(&[&connect_url(1)]);
    prom.clusters[0].metrics = exporters(MetricsFormat::Prometheus);
    prom.clusters[0].metrics.push(MetricsEndpoint {
        format: MetricsFormat::Jolokia,
        url: format!("http://127.0.0.1:{}/jolokia/", free_port())
            .parse()
            .expect("url"),
    });
    let (prom_base, _prom_state) = spawn_app(prom).await;
    let prom_admin = Api::admin(&prom_base).await;
    // Asked again until the exporters answer: a JVM agent on a loaded machine can miss the
    // console's 4 s timeout once (seen in CI with the UI building beside the tests).
    let by_prometheus = eventually(
        "Debezium's metrics through Prometheus",
        Duration::from_secs(30),
        || async { streamed(lag(&prom_admin, &source).await) },
    )
    .await;
    assert!(
        by_prometheus.source.starts_with("Prometheus on 127.0.0.1:"),
        "{}",
        by_prometheus.source
    );
    assert_eq!(by_prometheus.snapshot, dbz.snapshot);
    // A source the exporters know nothing of says so instead of showing a figure.
    let mut elsewhere = config_for(&[&connect_url(1)]);
    elsewhere.clusters[0].metrics = vec![MetricsEndpoint {
        format: MetricsFormat::Prometheus,
        url: format!("http://127.0.0.1:{}/metrics", free_port())
            .parse()
            .expect("url"),
    }];
    let (dead_base, _dead_state) = spawn_app(elsewhere).await;
    let dead = lag(&Api::admin(&dead_base).await, &source)
        .await
        .debezium
        .expect("Debezium's metrics are asked for");
    assert!(
        dead.streaming.is_none()
            && dead
                .unknown
                .as_deref()
                .is_some_and(|u| u.starts_with("no exporter answered")),
        "{dead:?}"
    );

    // MariaDB: the binlog bytes between the connector's offset and the server's position.
    let maria = unique("lag-maria");
    let port = mariadb_port().to_string();
    let server_id = (std::process::id() % 100_000 + 200_000).to_string();
    let prefix = unique("lagmaria").replace('-', "_");
    let maria_config = config(&[
        (
            "connector.class",
            "io.debezium.connector.mariadb.MariaDbConnector",
        ),
        ("database.hostname", "127.0.0.1"),
        ("database.port", &port),
        ("database.user", "dbz"),
        ("database.password", DEMO_DB_PASSWORD),
        ("database.server.id", &server_id),
        ("topic.prefix", &prefix),
        ("database.include.list", "inventory"),
        ("snapshot.mode", "no_data"),
        (
            "schema.history.internal.kafka.bootstrap.servers",
            &kafka_bootstrap(),
        ),
        (
            "schema.history.internal.kafka.topic",
            &format!("{prefix}.history"),
        ),
        ("tasks.max", "1"),
    ]);
    connect
        .create_connector(&name(&maria), &maria_config, None)
        .await
        .expect("MariaDB source");
    let m = eventually(
        "the binlog is measured",
        Duration::from_secs(90),
        || async {
            let l = lag(&admin, &maria).await;
            l.figures[0].value.map(|_| l)
        },
    )
    .await;
    assert_eq!(m.figures[0].measure, LagMeasure::BinlogBytes);
    assert!(
        m.figures[0].source.contains("SHOW BINARY LOGS"),
        "{}",
        m.figures[0].source
    );

    // Anything else is said not to be measured, not guessed.
    let file_source = unique("lag-file");
    connect
        .create_connector(
            &name(&file_source),
            &config(&[
                (
                    "connector.class",
                    "org.apache.kafka.connect.file.FileStreamSourceConnector",
                ),
                ("file", "/dev/null"),
                ("topic", &unique("lag-out")),
            ]),
            None,
        )
        .await
        .expect("file source");
    let none = eventually(
        "the file source is known",
        Duration::from_secs(20),
        || async {
            let l: ConnectorLag = admin
                .get(&format!("/api/v1/clusters/w1/connectors/{file_source}/lag"))
                .await
                .ok()?;
            Some(l)
        },
    )
    .await;
    assert!(
        none.figures.is_empty() && none.not_measured.is_some(),
        "{none:?}"
    );

    for c in [&sink, &source, &maria, &file_source] {
        let _ = connect.delete_connector(&name(c)).await;
    }
    drop_slot(&db, &slot).await;
}
