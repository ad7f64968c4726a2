//! The typed Connect client against the real dev stack: Kafka, Connect, Debezium, PostgreSQL.

use std::time::Duration;

use crate::support::*;
use sluice_backend::connect::{ConnectError, InitialState, RestartOutcome};
use sluice_shared::{ConnectorOffsets, ConnectorState, ConnectorType, PartitionOffset};

async fn state_of(
    client: &sluice_backend::connect::ConnectClient,
    n: &sluice_shared::ConnectorName,
) -> Option<ConnectorState> {
    client
        .connector_status(n)
        .await
        .ok()
        .map(|s| s.connector.state)
}

async fn wait_for_state(
    client: &sluice_backend::connect::ConnectClient,
    n: &sluice_shared::ConnectorName,
    want: ConnectorState,
    tasks_running: Option<usize>,
) {
    eventually(
        &format!("{n} to be {want}"),
        Duration::from_secs(60),
        || async {
            let s = client.connector_status(n).await.ok()?;
            let running = s
                .tasks
                .iter()
                .filter(|t| t.state == ConnectorState::Running)
                .count();
            (s.connector.state == want && tasks_running.is_none_or(|t| t == running)).then_some(())
        },
    )
    .await;
}

#[tokio::test]
async fn debezium_postgres_connector_streams_an_inserted_row_to_kafka() {
    let client = client(1).await;
    let id = unique("pg");
    let (n, prefix, slot) = (name(&id), id.replace('-', "_"), id.replace('-', "_"));
    let pool = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("connect to demo PostgreSQL");

    // A task reported RUNNING may still be snapshotting, and a row inserted then is read by the
    // snapshot ("r"). A row committed before the connector exists is in the snapshot; once it has
    // arrived the snapshot point is fixed, so anything inserted afterwards must be streamed.
    let marker = format!("{id}-before@example.com");
    sqlx::query(
        "INSERT INTO customers (first_name, last_name, email) VALUES ('Charles', 'Babbage', $1)",
    )
    .bind(&marker)
    .execute(&pool)
    .await
    .expect("insert the marker row");
    let created = client
        .create_connector(&n, &pg_source_config(&prefix, &slot), None)
        .await
        .expect("create");
    assert_eq!(created.connector_type, ConnectorType::Source);
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;
    let topic = format!("{prefix}.public.customers");
    let snapshotted = consume_until(&topic, &marker, Duration::from_secs(60)).await;
    let snapshotted: serde_json::Value = serde_json::from_str(&snapshotted).expect("JSON");
    assert_eq!(
        snapshotted["payload"]["op"], "r",
        "existing rows come from the snapshot"
    );

    let email = format!("{id}@example.com");
    sqlx::query(
        "INSERT INTO customers (first_name, last_name, email) VALUES ('Ada', 'Lovelace', $1)",
    )
    .bind(&email)
    .execute(&pool)
    .await
    .expect("insert a row");
    let record = consume_until(&topic, &email, Duration::from_secs(60)).await;
    let event: serde_json::Value = serde_json::from_str(&record).expect("change event is JSON");
    let payload = &event["payload"];
    assert_eq!(payload["op"], "c", "an INSERT arrives as a create event");
    assert_eq!(payload["after"]["email"], email.as_str());
    assert_eq!(payload["source"]["connector"], "postgresql");

    client.delete_connector(&n).await.expect("delete");
    let gone = client.connector(&n).await;
    assert!(
        matches!(gone, Err(ConnectError::NotFound(_))),
        "deleted connector is gone: {gone:?}"
    );
    drop_slot(&pool, &slot).await;
}

#[tokio::test]
async fn pause_resume_stop_and_every_restart_variant_behave_as_connect_documents() {
    let client = client(1).await;
    let n = name(&unique("life"));
    client
        .create_connector(&n, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create");
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;

    client.pause_connector(&n).await.expect("pause");
    wait_for_state(&client, &n, ConnectorState::Paused, None).await;
    client.resume_connector(&n).await.expect("resume");
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;

    // A plain restart is a 204 with no body; any flag makes it a 202 with the status.
    assert_eq!(
        client
            .restart_connector(&n, false, false)
            .await
            .expect("restart"),
        RestartOutcome::Restarted
    );
    match client
        .restart_connector(&n, true, false)
        .await
        .expect("restart with tasks")
    {
        RestartOutcome::Accepted(status) => {
            assert_eq!(status.name, n.as_str());
            assert!(
                status
                    .tasks
                    .iter()
                    .all(|t| t.state == ConnectorState::Restarting),
                "includeTasks marks every task RESTARTING: {status:?}"
            );
        }
        other => panic!("expected 202 + status, got {other:?}"),
    }
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;
    match client
        .restart_connector(&n, true, true)
        .await
        .expect("restart only failed")
    {
        RestartOutcome::Accepted(status) => assert!(
            status
                .tasks
                .iter()
                .all(|t| t.state != ConnectorState::Restarting),
            "onlyFailed leaves healthy tasks alone: {status:?}"
        ),
        other => panic!("expected 202 + status, got {other:?}"),
    }
    client.restart_task(&n, 0).await.expect("restart task 0");
    let task = eventually("task 0 status", Duration::from_secs(30), || async {
        client
            .task_status(&n, 0)
            .await
            .ok()
            .filter(|t| t.state == ConnectorState::Running)
    })
    .await;
    assert_eq!(task.id, 0);
    assert_eq!(client.connector_tasks(&n).await.expect("tasks").len(), 1);

    client.stop_connector(&n).await.expect("stop");
    let stopped = eventually("STOPPED with no tasks", Duration::from_secs(30), || async {
        client
            .connector_status(&n)
            .await
            .ok()
            .filter(|s| s.connector.state == ConnectorState::Stopped && s.tasks.is_empty())
    })
    .await;
    assert_eq!(stopped.connector.state, ConnectorState::Stopped);
    client
        .resume_connector(&n)
        .await
        .expect("resume from STOPPED");
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;

    client.delete_connector(&n).await.expect("delete");
}

#[tokio::test]
async fn offsets_can_be_read_then_altered_and_reset_only_while_stopped() {
    let client = client(1).await;
    let id = unique("offs");
    let n = name(&id);
    let file = std::env::temp_dir().join(format!("{id}.txt"));
    std::fs::write(&file, "one\ntwo\nthree\n").expect("source file");
    let file_s = file.to_string_lossy().to_string();
    let cfg = config(&[
        (
            "connector.class",
            "org.apache.kafka.connect.file.FileStreamSourceConnector",
        ),
        ("file", &file_s),
        ("topic", &id),
        ("tasks.max", "1"),
    ]);
    client
        .create_connector(&n, &cfg, None)
        .await
        .expect("create");
    let read = eventually(
        "committed source offsets",
        Duration::from_secs(60),
        || async {
            client
                .connector_offsets(&n)
                .await
                .ok()
                .filter(|o| !o.offsets.is_empty())
        },
    )
    .await;
    assert_eq!(read.offsets[0].partition["filename"], file_s.as_str());
    let position = read.offsets[0]
        .offset
        .as_ref()
        .and_then(|o| o["position"].as_i64());
    assert_eq!(position, Some(14), "all three lines were read: {read:?}");

    let rewind = ConnectorOffsets {
        offsets: vec![PartitionOffset {
            partition: read.offsets[0].partition.clone(),
            offset: Some(
                serde_json::from_value(serde_json::json!({"position": 4})).expect("offset map"),
            ),
        }],
    };
    let refused = client.alter_connector_offsets(&n, &rewind).await;
    assert!(
        matches!(&refused, Err(ConnectError::BadRequest(m)) if m.contains("STOPPED")),
        "altering a running connector's offsets is refused: {refused:?}"
    );

    client.stop_connector(&n).await.expect("stop");
    wait_for_state(&client, &n, ConnectorState::Stopped, None).await;
    let message = client
        .alter_connector_offsets(&n, &rewind)
        .await
        .expect("alter while stopped");
    assert!(message.contains("altered successfully"), "{message}");
    let altered = client.connector_offsets(&n).await.expect("read altered");
    assert_eq!(
        altered.offsets[0]
            .offset
            .as_ref()
            .and_then(|o| o["position"].as_i64()),
        Some(4)
    );

    let message = client
        .reset_connector_offsets(&n)
        .await
        .expect("reset while stopped");
    assert!(message.contains("reset successfully"), "{message}");
    assert!(
        client
            .connector_offsets(&n)
            .await
            .expect("read reset")
            .offsets
            .is_empty()
    );

    client.resume_connector(&n).await.expect("resume");
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;
    client.delete_connector(&n).await.expect("delete");
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn validation_gives_per_field_errors_and_hides_passwords() {
    let client = client(1).await;
    let mut cfg = pg_source_config("x", "x");
    cfg.remove("topic.prefix");
    cfg.insert("database.port".into(), "not-a-port".into());
    let result = client
        .validate_config("io.debezium.connector.postgresql.PostgresConnector", &cfg)
        .await
        .expect("validate answers 200 even for a bad config");
    assert!(result.error_count >= 2, "{:?}", result.field_errors());
    let failing: Vec<&str> = result.field_errors().iter().map(|(k, _)| *k).collect();
    assert!(failing.contains(&"topic.prefix"), "{failing:?}");
    assert!(failing.contains(&"database.port"), "{failing:?}");
    // Debezium answers null for PASSWORD keys (plain Connect answers "[hidden]"): either way
    // the password itself never comes back.
    let password_def = result
        .configs
        .iter()
        .filter_map(|c| c.definition.as_ref())
        .find(|d| d.name == "database.password");
    assert!(password_def.is_some_and(|d| d.is_password()));
    let echoed = serde_json::to_string(&result).expect("serialise");
    assert!(
        !echoed.contains(DEMO_DB_PASSWORD),
        "validate echoed the database password"
    );

    let missing_class = client
        .validate_config(
            "io.debezium.connector.postgresql.PostgresConnector",
            &config(&[("topic.prefix", "x")]),
        )
        .await;
    assert!(
        matches!(missing_class, Err(ConnectError::BadRequest(_))),
        "{missing_class:?}"
    );
}

#[tokio::test]
async fn conflicts_and_unknown_names_come_back_typed() {
    let client = client(1).await;
    let n = name(&unique("dup"));
    let cfg = file_sink_config(&unique("empty"));
    client
        .create_connector(&n, &cfg, Some(InitialState::Paused))
        .await
        .expect("create paused");
    wait_for_state(&client, &n, ConnectorState::Paused, None).await;
    let again = client.create_connector(&n, &cfg, None).await;
    assert!(
        matches!(&again, Err(ConnectError::AlreadyExists(m)) if m.contains("already exists")),
        "{again:?}"
    );
    assert_eq!(
        client
            .stats()
            .rebalance_retries
            .load(std::sync::atomic::Ordering::Relaxed),
        0,
        "no retry for a duplicate"
    );

    let missing = name(&unique("missing"));
    assert!(matches!(
        client.connector(&missing).await,
        Err(ConnectError::NotFound(_))
    ));
    assert!(matches!(
        client.connector_status(&missing).await,
        Err(ConnectError::NotFound(_))
    ));
    assert!(matches!(
        client.pause_connector(&missing).await,
        Err(ConnectError::NotFound(_))
    ));

    // PUT is an upsert; PATCH (3.8+) merges and removes keys set to null.
    let mut changed = cfg.clone();
    changed.insert("tasks.max".into(), "2".into());
    let info = client
        .put_connector_config(&n, &changed)
        .await
        .expect("put config");
    assert_eq!(info.config.get("tasks.max").map(String::as_str), Some("2"));
    let patch = [
        ("tasks.max".to_owned(), Some("1".to_owned())),
        ("file".to_owned(), None),
    ]
    .into();
    let patched = client.patch_connector_config(&n, &patch).await;
    // FileStreamSink requires no `file`, so removing it is valid.
    let patched = patched.expect("patch config");
    assert_eq!(
        patched.config.get("tasks.max").map(String::as_str),
        Some("1")
    );
    assert!(!patched.config.contains_key("file"));
    assert_eq!(
        client
            .connector_config(&n)
            .await
            .expect("config")
            .get("tasks.max")
            .map(String::as_str),
        Some("1")
    );
    assert!(
        client
            .connector_names()
            .await
            .expect("names")
            .contains(&n.to_string())
    );
    client.delete_connector(&n).await.expect("delete");
}

#[tokio::test]
async fn plugins_config_definitions_topics_and_loggers_are_readable() {
    let client = client(1).await;
    let connectors = client.plugins(true).await.expect("plugins");
    for class in [
        "io.debezium.connector.postgresql.PostgresConnector",
        "io.debezium.connector.mysql.MySqlConnector",
        "io.debezium.connector.mariadb.MariaDbConnector",
        "io.debezium.connector.jdbc.JdbcSinkConnector",
    ] {
        assert!(
            connectors.iter().any(|p| p.class == class),
            "{class} is installed"
        );
    }
    let everything = client.plugins(false).await.expect("all plugins");
    assert!(everything.iter().any(|p| p.plugin_type == "transformation"));
    let defs = client
        .plugin_config("io.debezium.connector.postgresql.PostgresConnector")
        .await
        .expect("defs");
    assert!(
        defs.iter()
            .any(|d| d.name == "database.password" && d.is_password())
    );
    assert!(matches!(
        client.plugin_config("com.example.NoSuchConnector").await,
        Err(ConnectError::NotFound(_))
    ));

    let n = name(&unique("topics"));
    let topic = unique("empty");
    client
        .create_connector(&n, &file_sink_config(&topic), None)
        .await
        .expect("create");
    wait_for_state(&client, &n, ConnectorState::Running, Some(1)).await;
    let topics = client.connector_topics(&n).await.expect("topics");
    assert!(topics.is_empty() || topics == [topic.clone()], "{topics:?}");
    client
        .reset_connector_topics(&n)
        .await
        .expect("reset active topics");
    assert!(
        client
            .connector_topics(&n)
            .await
            .expect("topics after reset")
            .is_empty()
    );
    client.delete_connector(&n).await.expect("delete");

    // The console's logger tests change the same logger: one at a time.
    let _held = crate::loggers::PG_LOGGER.lock().await;
    let loggers = client.loggers().await.expect("loggers");
    assert!(loggers.contains_key("root"));
    let affected = client
        .set_logger_level("io.debezium.connector.postgresql", "DEBUG", false)
        .await
        .expect("set level");
    assert!(
        affected
            .iter()
            .any(|l| l == "io.debezium.connector.postgresql"),
        "{affected:?}"
    );
    assert_eq!(
        client
            .logger("io.debezium.connector.postgresql")
            .await
            .expect("logger")
            .level,
        "DEBUG"
    );
    client
        .set_logger_level("io.debezium.connector.postgresql", "INFO", true)
        .await
        .expect("cluster scope");
}

#[tokio::test]
async fn an_unreachable_cluster_fails_fast_and_opens_the_circuit() {
    // Port 9 (discard) is closed on loopback: connection refused, no HTTP at all.
    let config = config_for(&["http://127.0.0.1:9"]);
    let client = sluice_backend::connect::ConnectClient::new(&config.clusters[0], &config.connect)
        .expect("client");
    let started = std::time::Instant::now();
    for _ in 0..config.connect.breaker_failures {
        let e = client
            .server_info()
            .await
            .expect_err("nothing listens there");
        assert!(matches!(e, ConnectError::Unreachable(_)), "{e:?}");
    }
    assert!(client.circuit_open());
    let e = client.server_info().await.expect_err("circuit is open");
    assert!(matches!(e, ConnectError::CircuitOpen(_)), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "failing took {:?}",
        started.elapsed()
    );
    assert!(state_of(&client, &name("anything")).await.is_none());
}
