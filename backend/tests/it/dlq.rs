//! The Kafka data plane against the real stack: a FileStream sink reading with JsonConverter
//! (`schemas.enable=true`) is fed records that fail for real, Connect sends them to its DLQ
//! with context headers, and the console lists, decodes, groups, pages, masks and redrives
//! them after the cause is fixed, until they reach the sink's file. Change events of the demo
//! PostgreSQL database as diffs, the topic audit, and Kafka down as a clear state.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use sluice_backend::connect::InitialState;
use sluice_shared::change_event::{Event, EventPage, Shown};
use sluice_shared::dlq::{DlqGroups, DlqList, DlqPage, JobState, RedriveAnswer, RedriveJob, Stage};
use sluice_shared::masking::MASKED;
use sluice_shared::policy::Role;
use sluice_shared::records::{KafkaState, Record};
use sluice_shared::topic_audit::{Severity, TopicAuditReport, TopicRole};
use sluice_shared::{ConnectorState, ErrorCode};

use crate::support::*;

const SCHEMA_MESSAGE: &str = "JsonConverter with schemas.enable requires";

fn records_path(sink: &str, query: &str) -> String {
    format!("/api/v1/clusters/w1/connectors/{sink}/dlq/records?{query}")
}

fn value_json(r: &Record) -> serde_json::Value {
    match &r.value.shown {
        Shown::Json(v) => v.clone(),
        other => panic!("a JSON value, not {other:?}"),
    }
}

#[tokio::test]
async fn a_failing_sink_fills_its_dlq_which_the_console_decodes_groups_masks_and_redrives() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, state) = spawn_app(config_for(&[&url])).await;
    acme_and_globex(&state).await;
    state
        .store
        .update_tenant("acme", None, Some(&["*email*".to_owned()]))
        .await
        .expect("masked fields");
    for (user, role, tenant) in [
        ("acme-op", Role::Operator, Some("acme")),
        ("globex-op", Role::Operator, Some("globex")),
        ("helpdesk", Role::Support, None),
    ] {
        add_user(&state, user, role, tenant).await;
    }
    let admin = Api::admin(&base).await;
    let operator = Api::sign_in(&base, "acme-op", "acme-op-password").await;
    let stranger = Api::sign_in(&base, "globex-op", "globex-op-password").await;
    let support = Api::sign_in(&base, "helpdesk", "helpdesk-password").await;

    let tag = unique("dlq");
    let topic = format!("acme.{tag}.orders");
    let dlq = format!("acme.{tag}.dlq");
    let out = std::env::temp_dir().join(format!("{tag}.out"));
    produce(
        &topic,
        &[
            (Some("1"), br#"{"id":1,"email":"ann@example.com"}"#),
            (Some("2"), br#"{"id":2,"email":"bob@example.com"}"#),
            (Some("3"), b"not json at all"),
        ],
    )
    .await;
    let sink = format!("acme-{tag}-sink");
    let connect = client(1).await;
    let mut config = dlq_sink_config(&topic, &dlq, &out.display().to_string(), true);
    connect
        .create_connector(&name(&sink), &config, None)
        .await
        .expect("sink");
    state
        .store
        .set_owner("w1", &sink, "acme")
        .await
        .expect("owner");

    // Every record fails in the value converter and lands in the queue.
    let listed = eventually(
        "three records in the DLQ",
        Duration::from_secs(60),
        || async {
            let list: DlqList = operator.get("/api/v1/clusters/w1/dlqs").await.ok()?;
            list.dlqs
                .into_iter()
                .find(|d| d.connector == sink && d.depth == Some(3))
        },
    )
    .await;
    assert_eq!(listed.topic, dlq);
    assert_eq!(listed.tenant.as_deref(), Some("acme"));
    assert!(listed.context_headers && listed.tolerates_errors && listed.exists);
    assert!(
        listed.newest_ms.is_some(),
        "the newest record's time is shown"
    );

    // Newest first, the error headers decoded, the payload masked for an operator.
    let page: DlqPage = operator.get(&records_path(&sink, "")).await.expect("page");
    assert_eq!(page.depth, 3);
    let offsets: Vec<i64> = page.records.iter().map(|r| r.offset).collect();
    assert_eq!(offsets, [2, 1, 0], "newest first");
    let newest = &page.records[0];
    assert_eq!(newest.value.shown, Shown::Text("not json at all".into()));
    let error = newest.error.as_ref().expect("context headers decoded");
    assert_eq!(error.topic.as_deref(), Some(topic.as_str()));
    assert_eq!((error.partition, error.offset), (Some(0), Some(2)));
    assert_eq!(error.connector.as_deref(), Some(sink.as_str()));
    assert_eq!(error.stage, Some(Stage::ValueConverter));
    assert_eq!(error.exception_short(), Some("DataException"));
    assert!(
        error
            .stacktrace
            .as_deref()
            .is_some_and(|s| s.contains("JsonConverter"))
    );
    assert!(
        newest
            .headers
            .iter()
            .any(|h| h.name == "it-trace" && h.value.as_deref() == Some("t-1")),
        "the record's own headers are kept: {:?}",
        newest.headers
    );
    assert_eq!(value_json(&page.records[1])["email"], MASKED);
    assert_eq!(value_json(&page.records[1])["id"], 2);
    let clear: DlqPage = admin
        .get(&records_path(&sink, ""))
        .await
        .expect("admin page");
    assert_eq!(value_json(&clear.records[1])["email"], "bob@example.com");

    // Grouped by exception and message.
    let groups: DlqGroups = operator
        .get(&format!("/api/v1/clusters/w1/connectors/{sink}/dlq/groups"))
        .await
        .expect("groups");
    assert!(groups.complete);
    let counts: Vec<usize> = groups.groups.iter().map(|g| g.count).collect();
    assert_eq!(counts, [2, 1]);
    let schema_group = &groups.groups[0];
    let message = schema_group.exception_message.clone().expect("message");
    assert!(message.starts_with(SCHEMA_MESSAGE), "{message}");
    assert!(schema_group.topics.contains(&topic));

    // Pages by cursor, by time and by filter.
    let first: DlqPage = operator
        .get(&records_path(&sink, "size=2"))
        .await
        .expect("page 1");
    assert_eq!(first.records.len(), 2);
    let cursor = first.next.clone().expect("an older page");
    let second: DlqPage = operator
        .get(&records_path(&sink, &format!("size=2&cursor={cursor}")))
        .await
        .expect("page 2");
    assert_eq!(
        second.records.iter().map(|r| r.offset).collect::<Vec<_>>(),
        [0]
    );
    assert_eq!(second.next, None, "the oldest page says so");
    let oldest_ms = page
        .records
        .iter()
        .filter_map(|r| r.timestamp_ms)
        .min()
        .expect("time");
    let before: DlqPage = operator
        .get(&records_path(&sink, &format!("until_ms={oldest_ms}")))
        .await
        .expect("by time");
    assert!(
        before.records.is_empty(),
        "nothing was written before the first failure"
    );
    let text: DlqPage = operator
        .get(&records_path(&sink, "text=NOT%20JSON"))
        .await
        .expect("text filter");
    assert_eq!(
        text.records.iter().map(|r| r.offset).collect::<Vec<_>>(),
        [2]
    );
    let guessed: DlqPage = operator
        .get(&records_path(&sink, "text=bob%40example.com"))
        .await
        .expect("masked search");
    assert!(
        guessed.records.is_empty(),
        "a masked value cannot be found by searching"
    );
    let by_group: DlqPage = operator
        .get(&records_path(
            &sink,
            &serde_urlencoded::to_string([("exception", "DataException"), ("message", &message)])
                .expect("query"),
        ))
        .await
        .expect("group filter");
    assert_eq!(by_group.records.len(), 2);
    let bad = operator
        .get::<DlqPage>(&records_path(&sink, "cursor=garbage"))
        .await;
    assert_eq!(bad.unwrap_err().error.field.as_deref(), Some("cursor"));

    // One record whole, and one that is not there.
    let one: Record = operator
        .get(&format!(
            "/api/v1/clusters/w1/connectors/{sink}/dlq/records/0/1"
        ))
        .await
        .expect("one record");
    assert_eq!(
        (one.offset, value_json(&one)["email"].clone()),
        (1, MASKED.into())
    );
    let missing = operator
        .get::<Record>(&format!(
            "/api/v1/clusters/w1/connectors/{sink}/dlq/records/0/99"
        ))
        .await
        .unwrap_err();
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Other tenants see nothing; support sees the queue's health but no payload.
    let theirs: DlqList = stranger
        .get("/api/v1/clusters/w1/dlqs")
        .await
        .expect("list");
    assert!(theirs.dlqs.iter().all(|d| d.connector != sink));
    for path in [
        records_path(&sink, ""),
        format!("/api/v1/clusters/w1/connectors/{sink}/dlq/groups"),
        format!("/api/v1/clusters/w1/connectors/{sink}/events"),
    ] {
        let refused = stranger.get::<serde_json::Value>(&path).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{path}");
        let refused = support.get::<serde_json::Value>(&path).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
    }
    let seen: DlqList = support.get("/api/v1/clusters/w1/dlqs").await.expect("list");
    assert!(
        seen.dlqs
            .iter()
            .any(|d| d.connector == sink && d.depth == Some(3))
    );

    // The cause fixed: the producers write plain JSON, so schemas are off.
    config.insert("value.converter.schemas.enable".into(), "false".into());
    admin
        .put::<_, serde_json::Value>(
            &format!("/api/v1/clusters/w1/connectors/{sink}/config"),
            &config,
        )
        .await
        .expect("fixed config");
    eventually(
        "the sink runs its fixed config",
        Duration::from_secs(30),
        || async {
            let s = connect.connector_status(&name(&sink)).await.ok()?;
            (s.tasks.first()?.state == ConnectorState::Running).then_some(())
        },
    )
    .await;

    // A dry run counts; a topic outside the namespace is refused at its field.
    let redrive = format!("/api/v1/clusters/w1/connectors/{sink}/dlq/redrive");
    let filter = serde_json::json!({"kind": "filter", "filter": {"exception": "DataException", "message": message}});
    let plan = operator
        .post::<_, RedriveAnswer>(
            &redrive,
            &serde_json::json!({"selection": filter, "dry_run": true}),
        )
        .await
        .expect("dry run");
    let RedriveAnswer::Plan(plan) = plan else {
        panic!("a plan")
    };
    assert_eq!((plan.count, plan.already_redriven), (2, 0));
    assert_eq!(plan.targets, [(topic.clone(), 2)]);
    let outside = operator
        .post::<_, RedriveAnswer>(
            &redrive,
            &serde_json::json!({"selection": filter, "dry_run": true, "target": "globex.orders"}),
        )
        .await
        .unwrap_err();
    assert_eq!(outside.error.field.as_deref(), Some("target"));
    let into_itself = operator
        .post::<_, RedriveAnswer>(
            &redrive,
            &serde_json::json!({"selection": filter, "dry_run": true, "target": dlq}),
        )
        .await
        .unwrap_err();
    assert_eq!(into_itself.error.field.as_deref(), Some("target"));

    // The redrive runs on the server and the records reach the file.
    let started = operator
        .send_json(
            Method::POST,
            &redrive,
            &serde_json::json!({"selection": filter, "rate_per_second": 50}),
        )
        .await
        .body::<RedriveAnswer>(StatusCode::ACCEPTED)
        .expect("started");
    let RedriveAnswer::Started(job) = started else {
        panic!("a job")
    };
    assert_eq!((job.total, job.state), (2, JobState::Running));
    let jobs_path = format!("/api/v1/clusters/w1/connectors/{sink}/dlq/redrives");
    let done = eventually("the redrive ends", Duration::from_secs(30), || async {
        let jobs: Vec<RedriveJob> = operator.get(&jobs_path).await.ok()?;
        jobs.into_iter()
            .find(|j| j.id == job.id && j.state.is_final())
    })
    .await;
    assert_eq!((done.state, done.sent), (JobState::Done, 2));
    assert_eq!(
        done.ranges
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["0:0-1"]
    );
    // The sink's consumer must poll and flush them: on a loaded machine that has taken over
    // 30 s (seen in CI with the UI building beside the tests).
    let written = eventually(
        "both records in the sink's file",
        Duration::from_secs(90),
        || async {
            let text = std::fs::read_to_string(&out).ok()?;
            (text.contains("id=1") && text.contains("id=2")).then_some(text)
        },
    )
    .await;
    assert!(
        written.contains("ann@example.com"),
        "the value went back unmasked: {written}"
    );
    let back = tokio::task::spawn_blocking({
        let topic = topic.clone();
        move || read_back(&topic)
    })
    .await
    .expect("read back");
    let redriven: Vec<&ReadBack> = back
        .iter()
        .filter(|r| r.headers.iter().any(|(n, _)| n == "sluice.redrive.job"))
        .collect();
    assert_eq!(redriven.len(), 2, "two records went back to {topic}");
    for r in redriven {
        let value = String::from_utf8_lossy(r.value.as_deref().unwrap_or_default()).into_owned();
        assert!(
            value.contains("@example.com"),
            "the bytes as they failed, unmasked: {value}"
        );
        let names: Vec<&str> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"it-trace"),
            "the record's own headers kept: {names:?}"
        );
        assert!(names.contains(&"sluice.redrive.source"), "{names:?}");
        assert!(
            names.iter().all(|n| !n.starts_with("__connect.errors")),
            "error headers removed: {names:?}"
        );
    }

    // The audit log names the offsets.
    let audit = admin.audit("action=redrive_dlq").await.expect("audit");
    let entry = audit
        .iter()
        .find(|a| a.connector.as_deref() == Some(sink.as_str()))
        .expect("redrive audited");
    let detail = entry.detail.clone().expect("detail").to_string();
    assert!(
        detail.contains("0:0-1") && detail.contains(&dlq),
        "{detail}"
    );

    // The same offsets again: refused unless forced; a forced one can be cancelled.
    let again = operator
        .send_json(
            Method::POST,
            &redrive,
            &serde_json::json!({"selection": filter}),
        )
        .await;
    let refusal = again
        .body::<RedriveAnswer>(StatusCode::ACCEPTED)
        .unwrap_err();
    assert_eq!(
        (refusal.status, refusal.error.code),
        (StatusCode::CONFLICT, ErrorCode::Conflict)
    );
    // Forty more failures like them, so that a job at one record a second is surely still
    // running when the cancel arrives.
    let failed = tokio::task::spawn_blocking({
        let dlq = dlq.clone();
        move || read_back(&dlq)
    })
    .await
    .expect("read the queue");
    let alike: Vec<ReadBack> = failed
        .into_iter()
        .filter(|r| {
            r.headers.iter().any(|(n, v)| {
                n == "__connect.errors.exception.message"
                    && v.as_deref() == Some(message.as_bytes())
            })
        })
        .collect();
    assert_eq!(alike.len(), 2, "the two schema failures read back");
    produce_again(&dlq, &alike, 20).await;
    let forced = operator
        .send_json(
            Method::POST,
            &redrive,
            &serde_json::json!({"selection": filter, "force": true, "rate_per_second": 1}),
        )
        .await
        .body::<RedriveAnswer>(StatusCode::ACCEPTED)
        .expect("forced");
    let RedriveAnswer::Started(slow) = forced else {
        panic!("a job")
    };
    let cancelled: RedriveJob = operator
        .delete(&format!("{jobs_path}/{}", slow.id))
        .await
        .expect("cancel");
    assert_eq!(cancelled.state, JobState::Cancelled);
    let ended = eventually(
        "the cancelled job stops",
        Duration::from_secs(15),
        || async {
            let jobs: Vec<RedriveJob> = operator.get(&jobs_path).await.ok()?;
            jobs.into_iter()
                .find(|j| j.id == slow.id && j.finished_ms.is_some())
        },
    )
    .await;
    assert_eq!(ended.total, 42, "{ended:?}");
    assert!(
        ended.sent < ended.total,
        "cancelled before the end: {ended:?}"
    );

    connect
        .delete_connector(&name(&sink))
        .await
        .expect("cleanup");
    let _ = std::fs::remove_file(out);
}

/// A DLQ page of `sink` while Kafka is away: a clear 503 within the timeout, not a hang.
async fn page_refused_in_time(api: &Api, sink: &str) {
    let asked = Instant::now();
    let refused = api
        .get::<DlqPage>(&records_path(sink, ""))
        .await
        .expect_err("Kafka is away");
    assert_eq!(
        (refused.status, refused.error.code),
        (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::KafkaUnreachable),
        "{refused:?}"
    );
    assert!(
        asked.elapsed() < Duration::from_secs(12),
        "answered in {:?}",
        asked.elapsed()
    );
}

#[tokio::test]
async fn kafka_down_is_said_within_the_timeout_not_a_hang() {
    let url = connect_url(1);
    require_up(&url).await;
    let mut config = config_for(&[&url]);
    config.clusters[0].kafka = Some(sluice_backend::settings::KafkaSettings {
        // Nothing listens on port 1.
        bootstrap_servers: "127.0.0.1:1".into(),
        timeout: Duration::from_secs(2),
        ..Default::default()
    });
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    let tag = unique("dlqdown");
    let sink = format!("{tag}-sink");
    let connect = client(1).await;
    connect
        .create_connector(
            &name(&sink),
            &dlq_sink_config(
                &format!("{tag}.in"),
                &format!("{tag}.dlq"),
                "/dev/null",
                true,
            ),
            Some(InitialState::Stopped),
        )
        .await
        .expect("sink");
    // Connect lists a connector a moment after creating it.
    eventually("the sink listed", Duration::from_secs(20), || async {
        let list = connect.connectors_expanded().await.ok()?;
        list.contains_key(&sink).then_some(())
    })
    .await;
    let started = Instant::now();
    let list: DlqList = admin.get("/api/v1/clusters/w1/dlqs").await.expect("list");
    assert!(
        matches!(list.kafka, KafkaState::Unreachable { ref message } if message.contains("127.0.0.1:1")),
        "{:?}",
        list.kafka
    );
    let row = list
        .dlqs
        .iter()
        .find(|d| d.connector == sink)
        .expect("listed from its config");
    assert_eq!(row.depth, None);
    page_refused_in_time(&admin, &sink).await;
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "answered in {:?}",
        started.elapsed()
    );
    connect
        .delete_connector(&name(&sink))
        .await
        .expect("cleanup");
}

#[tokio::test]
async fn change_events_of_the_demo_database_show_insert_update_delete_as_diffs() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, _state) = spawn_app(config_for(&[&url])).await;
    let admin = Api::admin(&base).await;
    let tag = unique("events").replace('-', "_");
    let connector = tag.replace('_', "-");
    let connect = client(1).await;
    connect
        .create_connector(&name(&connector), &pg_source_config(&connector, &tag), None)
        .await
        .expect("source");
    let events = format!("/api/v1/clusters/w1/connectors/{connector}/events?limit=100");
    eventually("the snapshot's events", Duration::from_secs(60), || async {
        let page: EventPage = admin.get(&events).await.ok()?;
        (!page.records.is_empty()).then_some(())
    })
    .await;
    let db = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("inventory");
    let email = format!("{tag}@example.com");
    let (id,): (i32,) = sqlx::query_as(
        "INSERT INTO customers (first_name, last_name, email) VALUES ('Eve', 'Test', $1) RETURNING id",
    )
    .bind(&email)
    .fetch_one(&db)
    .await
    .expect("insert");
    sqlx::query("UPDATE customers SET last_name = 'Changed' WHERE id = $1")
        .bind(id)
        .execute(&db)
        .await
        .expect("update");
    sqlx::query("DELETE FROM customers WHERE id = $1")
        .bind(id)
        .execute(&db)
        .await
        .expect("delete");
    let mine = |r: &Record| {
        serde_json::to_string(&r.key.shown).is_ok_and(|k| k.contains(&format!(":{id}}}")))
    };
    let (changes, tombstones) = eventually(
        "insert, update and delete",
        Duration::from_secs(60),
        || async {
            let page: EventPage = admin.get(&events).await.ok()?;
            let ours: Vec<&Record> = page.records.iter().filter(|r| mine(r)).collect();
            let changes: Vec<_> = ours
                .iter()
                .filter_map(|r| match Event::read(&r.value.shown) {
                    Event::Change(c) => Some(c),
                    _ => None,
                })
                .collect();
            let tombstones = ours
                .iter()
                .filter(|r| Event::read(&r.value.shown) == Event::Tombstone)
                .count();
            (changes.len() == 3).then_some((changes, tombstones))
        },
    )
    .await;
    let ops: Vec<&str> = changes.iter().map(|c| c.op.as_str()).collect();
    assert_eq!(ops, ["d", "u", "c"], "newest first");
    let update = &changes[1];
    assert_eq!(update.table.as_deref(), Some("public.customers"));
    assert!(
        update.position.iter().any(|(k, _)| k == "lsn"),
        "{:?}",
        update.position
    );
    let changed: Vec<&str> = update.changes.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(changed, ["last_name"], "only the changed column");
    assert_eq!(update.changes[0].before, Some("Test".into()));
    assert_eq!(update.changes[0].after, Some("Changed".into()));
    assert!(
        changes[2]
            .changes
            .iter()
            .any(|c| c.column == "email" && c.before.is_none())
    );
    assert!(
        changes[0].changes.iter().all(|c| c.after.is_none()),
        "a delete has no after"
    );
    assert_eq!(tombstones, 1, "the delete's tombstone is named as such");
    connect
        .delete_connector(&name(&connector))
        .await
        .expect("cleanup");
    drop_slot(&db, &tag).await;
}

#[tokio::test]
async fn the_topic_audit_flags_a_compacted_schema_history_topic_with_the_fix() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, state) = spawn_app(config_for(&[&url])).await;
    acme_and_globex(&state).await;
    add_user(&state, "globex-audit", Role::Operator, Some("globex")).await;
    let admin = Api::admin(&base).await;
    let stranger = Api::sign_in(&base, "globex-audit", "globex-audit-password").await;
    let tag = unique("audit");
    let history = format!("acme.{tag}.schema-history");
    create_topic(&history, 1, &[("cleanup.policy", "compact")]).await;
    let connector = format!("acme-{tag}");
    let port = mariadb_port().to_string();
    let maria = config(&[
        (
            "connector.class",
            "io.debezium.connector.mariadb.MariaDbConnector",
        ),
        ("database.hostname", "127.0.0.1"),
        ("database.port", &port),
        ("database.user", "dbz"),
        ("database.password", "dbz-secret-pw"),
        ("database.server.id", "184099"),
        ("topic.prefix", &format!("acme.{tag}")),
        ("schema.history.internal.kafka.topic", &history),
        (
            "schema.history.internal.kafka.bootstrap.servers",
            &kafka_bootstrap(),
        ),
    ]);
    let connect = client(1).await;
    // Stopped: the audit reads the config, the connector need not run.
    connect
        .create_connector(&name(&connector), &maria, Some(InitialState::Stopped))
        .await
        .expect("connector");
    state
        .store
        .set_owner("w1", &connector, "acme")
        .await
        .expect("owner");
    let report = eventually("the connector listed", Duration::from_secs(20), || async {
        let report: TopicAuditReport = admin.get("/api/v1/clusters/w1/topic-audit").await.ok()?;
        report
            .topics
            .iter()
            .any(|t| t.name == history)
            .then_some(report)
    })
    .await;
    assert_eq!(report.kafka, KafkaState::Reachable);
    let topic = report
        .topics
        .iter()
        .find(|t| t.name == history)
        .expect("checked");
    assert_eq!(
        (topic.role, topic.partitions),
        (TopicRole::SchemaHistory, Some(1))
    );
    let finding = report
        .findings
        .iter()
        .find(|f| f.topic == history && f.setting == "cleanup.policy")
        .expect("compaction flagged");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(
        (finding.current.as_str(), finding.expected.as_str()),
        ("compact", "delete")
    );
    assert!(
        finding
            .fix
            .contains(&format!("--bootstrap-server {}", kafka_bootstrap()))
            && finding.fix.contains(&history)
            && finding.fix.contains("cleanup.policy=delete"),
        "{}",
        finding.fix
    );
    let theirs: TopicAuditReport = stranger
        .get("/api/v1/clusters/w1/topic-audit")
        .await
        .expect("audit");
    assert!(
        theirs.topics.iter().all(|t| t.name != history),
        "another tenant's topics stay hidden"
    );
    connect
        .delete_connector(&name(&connector))
        .await
        .expect("cleanup");
}

/// Starts a redrive of everything in `sink`'s DLQ to `target`, 40 records a second.
async fn start_redrive(api: &Api, sink: &str, target: &str, force: bool) -> RedriveJob {
    let answer = api
        .send_json(
            Method::POST,
            &format!("/api/v1/clusters/w1/connectors/{sink}/dlq/redrive"),
            &serde_json::json!({
                "selection": {"kind": "filter", "filter": {}},
                "target": target,
                "rate_per_second": 40,
                "force": force,
            }),
        )
        .await
        .body::<RedriveAnswer>(StatusCode::ACCEPTED)
        .expect("started");
    let RedriveAnswer::Started(job) = answer else {
        panic!("a job")
    };
    job
}

/// Redrive job `id` of `sink`'s DLQ as it is now.
async fn redrive_job(api: &Api, sink: &str, id: &str) -> Option<RedriveJob> {
    let jobs: Vec<RedriveJob> = api
        .get(&format!(
            "/api/v1/clusters/w1/connectors/{sink}/dlq/redrives"
        ))
        .await
        .ok()?;
    jobs.into_iter().find(|j| j.id == id)
}

/// The redriven copies of `job` in `topic` on `bootstrap`: their `sluice.redrive.source`
/// headers, one per record read back.
async fn redriven_sources(bootstrap: &str, topic: &str, job: &str) -> Vec<String> {
    let (bootstrap, topic, job) = (bootstrap.to_owned(), topic.to_owned(), job.to_owned());
    tokio::task::spawn_blocking(move || {
        read_back_from(&bootstrap, &topic)
            .into_iter()
            .filter(|r| {
                r.headers
                    .iter()
                    .any(|(n, v)| n == "sluice.redrive.job" && v.as_deref() == Some(job.as_bytes()))
            })
            .filter_map(|r| {
                r.headers
                    .into_iter()
                    .find(|(n, _)| n == "sluice.redrive.source")
                    .and_then(|(_, v)| String::from_utf8(v?).ok())
            })
            .collect()
    })
    .await
    .expect("read back")
}

#[tokio::test]
async fn kafka_killed_under_a_dlq_page_and_a_redrive_is_said_and_the_job_sends_each_record_once() {
    let url = connect_url(1);
    require_up(&url).await;
    // The DLQ lives on a broker of this test's own, which it kills and starts again.
    let mut kafka = PrivateKafka::start().await;
    let bootstrap = kafka.bootstrap.clone();
    let settings = |patience: u64| sluice_backend::settings::KafkaSettings {
        bootstrap_servers: bootstrap.clone(),
        timeout: Duration::from_secs(3),
        redrive_patience: Duration::from_secs(patience),
        ..Default::default()
    };
    let mut config = config_for(&[&url]);
    config.clusters[0].kafka = Some(settings(120));
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    let tag = unique("kdown");
    let sink = format!("{tag}-sink");
    let dlq = format!("{tag}.dlq");
    let connect = client(1).await;
    // Stopped: it only names the DLQ (the console reads the queue from the private broker).
    connect
        .create_connector(
            &name(&sink),
            &dlq_sink_config(&format!("{tag}.in"), &dlq, "/dev/null", true),
            Some(InitialState::Stopped),
        )
        .await
        .expect("sink");
    let values: Vec<String> = (0..300).map(|i| format!(r#"{{"n":{i}}}"#)).collect();
    let records: Vec<(Option<&str>, &[u8])> =
        values.iter().map(|v| (Some("k"), v.as_bytes())).collect();
    produce_to(&kafka.bootstrap, &dlq, &records).await;
    let page = eventually("a DLQ page", Duration::from_secs(30), || async {
        admin
            .get::<DlqPage>(&records_path(&sink, ""))
            .await
            .ok()
            .filter(|p| p.depth == 300)
    })
    .await;
    assert!(!page.records.is_empty());

    // Two redrives of all 300: one through a console that waits for Kafka as long as it
    // takes here, one through a console whose patience is 4 s. Kafka dies a second or two in.
    let mut config = config_for(&[&url]);
    config.clusters[0].kafka = Some(settings(4));
    let (impatient_base, _state) = spawn_app(config).await;
    let impatient = Api::admin(&impatient_base).await;
    let (back, again) = (format!("{tag}.back"), format!("{tag}.again"));
    let job = start_redrive(&admin, &sink, &back, false).await;
    let second = start_redrive(&impatient, &sink, &again, false).await;
    let second_now = || redrive_job(&impatient, &sink, &second.id);
    eventually(
        "both redrives are under way",
        Duration::from_secs(30),
        || async {
            let first = redrive_job(&admin, &sink, &job.id).await?;
            let second = second_now().await?;
            (first.sent >= 40 && second.sent >= 40).then_some(())
        },
    )
    .await;
    kafka.kill().await;

    page_refused_in_time(&admin, &sink).await;
    // The patient job says it waits, and stays running.
    let waiting = eventually("the job says it waits", Duration::from_secs(30), || async {
        redrive_job(&admin, &sink, &job.id).await.filter(|j| {
            j.error
                .as_deref()
                .is_some_and(|e| e.contains("waiting for Kafka"))
        })
    })
    .await;
    assert_eq!(waiting.state, JobState::Running, "{waiting:?}");
    assert!(waiting.sent < 300, "{waiting:?}");
    // The impatient one stops, counting what Kafka acknowledged.
    let failed = eventually("the second gives up", Duration::from_secs(60), || async {
        second_now().await.filter(|j| j.state != JobState::Running)
    })
    .await;
    assert_eq!(failed.state, JobState::Failed, "{failed:?}");
    let reason = failed.error.clone().unwrap_or_default();
    assert!(reason.contains("did not answer for 4 s"), "{reason}");
    assert!(failed.sent < 300);

    // Back: the patient job checks what was in flight, sends the rest, each record once.
    kafka.resume().await;
    let done = eventually("the redrive ends", Duration::from_secs(120), || async {
        redrive_job(&admin, &sink, &job.id)
            .await
            .filter(|j| j.state != JobState::Running)
    })
    .await;
    assert_eq!(
        (done.state, done.sent, done.error.as_deref()),
        (JobState::Done, 300, None),
        "{done:?}"
    );
    assert_eq!(
        done.ranges
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["0:0-299"]
    );
    let sources = redriven_sources(&kafka.bootstrap, &back, &job.id).await;
    let distinct: std::collections::BTreeSet<&String> = sources.iter().collect();
    assert_eq!(
        (sources.len(), distinct.len()),
        (300, 300),
        "every record arrived, none twice"
    );
    // Pages read again without restarting the console.
    admin
        .get::<DlqPage>(&records_path(&sink, ""))
        .await
        .expect("a page once Kafka is back");

    // What the impatient job's Kafka acknowledged arrived; records in flight when it died may
    // have too, and the job says how many there were; none twice.
    let sources = redriven_sources(&kafka.bootstrap, &again, &second.id).await;
    let distinct: std::collections::BTreeSet<&String> = sources.iter().collect();
    assert_eq!(distinct.len(), sources.len(), "none twice");
    let sent = usize::try_from(failed.sent).expect("count");
    assert!(
        sources.len() >= sent,
        "{} arrived, {sent} counted",
        sources.len()
    );
    if sources.len() > sent {
        assert!(reason.contains("in flight"), "{reason}");
    }
    connect
        .delete_connector(&name(&sink))
        .await
        .expect("cleanup");
}
