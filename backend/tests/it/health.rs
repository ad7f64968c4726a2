//! The health scheduler against the real stack: a JDBC sink whose target table is dropped
//! fails for real, is detected, restarted by policy, declared a persistent failure and
//! recovers once the table is back and someone acknowledges; two real replicas on PostgreSQL
//! share one lease, and the survivor of a SIGKILL takes over without running a cycle or a
//! restart twice.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sluice_backend::settings::WebhookFormat;
use sluice_shared::ConnectorState;
use sluice_shared::admin::AuditRecord;
use sluice_shared::health::{
    AlertKind, AlertList, AlertStatus, AlertView, AutoRestart, AutoRestartStatus, FailureHeatmap,
    FleetHistory, Instance, SchedulerStatus, Severity, StateCounts, Timeline, TimelineEntry,
    WebhookEvents, WebhookStatus, transitions,
};
use sluice_shared::{ConnectorStatus, ConnectorType, InstanceStatus, TaskStatus};

use crate::support::*;

/// A Debezium JDBC sink writing `topic` into PostgreSQL's `table` (which it must not create).
fn jdbc_sink_config(topic: &str, table: &str) -> std::collections::BTreeMap<String, String> {
    let url = format!("jdbc:postgresql://127.0.0.1:{}/inventory", pg_port());
    config(&[
        (
            "connector.class",
            "io.debezium.connector.jdbc.JdbcSinkConnector",
        ),
        ("topics", topic),
        ("tasks.max", "1"),
        ("connection.url", &url),
        ("connection.username", "postgres"),
        ("connection.password", "sluice-admin"),
        ("insert.mode", "insert"),
        ("primary.key.mode", "none"),
        ("schema.evolution", "none"),
        ("table.name.format", table),
        (
            "key.converter",
            "org.apache.kafka.connect.storage.StringConverter",
        ),
        (
            "value.converter",
            "org.apache.kafka.connect.json.JsonConverter",
        ),
        ("value.converter.schemas.enable", "true"),
    ])
}

/// A value with its JSON schema, as JsonConverter with schemas reads it.
fn note(id: i32, text: &str) -> Vec<u8> {
    serde_json::json!({
        "schema": {"type": "struct", "optional": false, "fields": [
            {"field": "id", "type": "int32", "optional": false},
            {"field": "note", "type": "string", "optional": true}
        ]},
        "payload": {"id": id, "note": text}
    })
    .to_string()
    .into_bytes()
}

async fn notes(pool: &sqlx::PgPool, table: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(&format!("SELECT note FROM {table} ORDER BY id"))
        .fetch_all(pool)
        .await
        .unwrap_or_default()
}

async fn audit_of(admin: &Api, connector: &str, action: &str) -> Vec<AuditRecord> {
    let mut all = admin
        .audit(&format!("connector={connector}&action={action}"))
        .await
        .expect("audit");
    all.sort_by_key(|a| a.at_ms);
    all
}

#[tokio::test]
async fn a_sink_whose_table_is_dropped_is_restarted_by_policy_escalated_and_recovers_after_the_fix_and_an_ack()
 {
    let mut settings = config_for(&[&connect_url(1)]);
    settings.health.interval = Duration::from_secs(1);
    // Alerts go to a generic webhook that refuses its first post (the console retries) and to
    // a chat webhook.
    let hook = Receiver::start(1).await;
    let chat = Receiver::start(0).await;
    settings.alerts.failed_for = Duration::from_secs(1);
    settings.alerts.webhooks = vec![
        hook.settings("ops", WebhookFormat::Generic, &[WebhookEvents::Alerts]),
        chat.settings("chat", WebhookFormat::Slack, &[WebhookEvents::Alerts]),
    ];
    let (base, state) = spawn_app(settings).await;
    let admin = Api::admin(&base).await;
    let db = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("demo database");

    let tag = unique("health").replace('-', "_");
    let table = format!("{tag}_notes");
    let create = format!("CREATE TABLE {table} (id INT NOT NULL, note TEXT)");
    sqlx::query(&create).execute(&db).await.expect("table");
    let topic = format!("{tag}.notes");
    let sink = format!("it-{}-sink", tag.replace('_', "-"));
    let connect = client(1).await;
    connect
        .create_connector(&name(&sink), &jdbc_sink_config(&topic, &table), None)
        .await
        .expect("JDBC sink");
    produce(&topic, &[(Some("1"), &note(1, "first"))]).await;
    eventually(
        "the sink writes its first row",
        Duration::from_secs(60),
        || async { (notes(&db, &table).await == ["first"]).then_some(()) },
    )
    .await;

    // The connector's own policy: on, at once then after 2 s, two attempts.
    let auto = format!("/api/v1/clusters/w1/connectors/{sink}/auto-restart");
    let off: AutoRestart = admin.get(&auto).await.expect("auto-restart");
    assert_eq!(off.status, AutoRestartStatus::Off, "off by default");
    let bad = admin
        .put::<_, AutoRestart>(&auto, &serde_json::json!({"policy": {"max_attempts": 0}}))
        .await
        .unwrap_err();
    assert_eq!(bad.error.field.as_deref(), Some("max_attempts"));
    let on: AutoRestart = admin
        .put(
            &auto,
            &serde_json::json!({"policy": {"enabled": true, "backoff_secs": [0, 2], "max_attempts": 2, "monitor_secs": 60}}),
        )
        .await
        .expect("policy");
    assert_eq!(on.status, AutoRestartStatus::Watching);

    // The scheduler has seen the task running (it samples: a state shorter than an interval
    // can pass unseen).
    let timeline_path = format!("/api/v1/clusters/w1/connectors/{sink}/timeline");
    eventually("the task seen running", Duration::from_secs(20), || async {
        let t: Timeline = admin.get(&timeline_path).await.ok()?;
        t.entries
            .iter()
            .any(|e| {
                matches!(e, TimelineEntry::State(s)
                    if s.instance.task == Some(0) && s.to == Some(ConnectorState::Running))
            })
            .then_some(())
    })
    .await;

    // The cause: the table goes, and the next record cannot be written.
    sqlx::query(&format!("DROP TABLE {table}"))
        .execute(&db)
        .await
        .expect("drop");
    produce(&topic, &[(Some("2"), &note(2, "second"))]).await;
    let failed_at = Instant::now();
    eventually(
        "the task fails for real",
        Duration::from_secs(60),
        || async {
            let s = connect.connector_status(&name(&sink)).await.ok()?;
            (s.tasks.first()?.state == ConnectorState::Failed).then_some(())
        },
    )
    .await;
    let first = eventually(
        "the scheduler restarts it",
        Duration::from_secs(30),
        || async {
            audit_of(&admin, &sink, "auto_restart")
                .await
                .into_iter()
                .next()
        },
    )
    .await;
    println!(
        "detection to restart: {} ms after the task was seen FAILED",
        failed_at.elapsed().as_millis()
    );
    assert_eq!(first.actor, "sluice:scheduler");
    let escalated = eventually(
        "the failure is declared persistent",
        Duration::from_secs(40),
        || async {
            let v: AutoRestart = admin.get(&auto).await.ok()?;
            (v.status == AutoRestartStatus::PersistentFailure).then_some(v)
        },
    )
    .await;
    assert_eq!(escalated.track.attempts, 2);
    let restarts = audit_of(&admin, &sink, "auto_restart").await;
    assert_eq!(restarts.len(), 2, "two attempts, then none: {restarts:?}");
    assert!(
        restarts[1].at_ms - restarts[0].at_ms >= 1900,
        "the second attempt waited its backoff: {restarts:?}"
    );
    let persistent = audit_of(&admin, &sink, "persistent_failure").await;
    assert_eq!(persistent.len(), 1);
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        audit_of(&admin, &sink, "auto_restart").await.len(),
        2,
        "no restart while the failure waits for an acknowledgement"
    );

    // The alerts: open in the console, and told to the webhook (after one refused post).
    let open: AlertList = admin.get("/api/v1/alerts").await.expect("alerts");
    let persistent_alert = open
        .alerts
        .iter()
        .find(|a| {
            a.connector.as_deref() == Some(sink.as_str()) && a.kind == AlertKind::PersistentFailure
        })
        .unwrap_or_else(|| panic!("a persistent-failure alert: {open:?}"))
        .clone();
    assert_eq!(
        (
            persistent_alert.severity,
            persistent_alert.status,
            persistent_alert.may_handle
        ),
        (Severity::Critical, AlertStatus::Firing, true)
    );
    let fired = |kind: &'static str, status: &'static str| {
        let sink = sink.clone();
        move |b: &serde_json::Value| {
            b["kind"] == kind && b["status"] == status && b["connector"] == sink.as_str()
        }
    };
    eventually(
        "the webhook hears both alerts fire",
        Duration::from_secs(30),
        || async {
            let bodies = hook.bodies();
            (bodies.iter().any(fired("failed", "firing"))
                && bodies.iter().any(fired("persistent_failure", "firing")))
            .then_some(())
        },
    )
    .await;
    assert_eq!(hook.refused(), 1, "the refused post was retried");
    let acked: AlertView = admin
        .post(
            &format!("/api/v1/alerts/{}/ack", persistent_alert.id),
            &serde_json::json!({}),
        )
        .await
        .expect("ack the alert");
    assert_eq!(acked.acked_by.as_deref(), Some("admin"));
    assert_eq!(audit_of(&admin, &sink, "alert_acknowledged").await.len(), 1);

    // The fix, then the acknowledgement: restarted at once, and the record lands.
    sqlx::query(&create)
        .execute(&db)
        .await
        .expect("table again");
    let acked: AutoRestart = admin
        .post(&format!("{auto}/acknowledge"), &serde_json::json!({}))
        .await
        .expect("acknowledge");
    assert_ne!(acked.status, AutoRestartStatus::PersistentFailure);
    eventually(
        "the record that failed is written",
        Duration::from_secs(60),
        || async { (notes(&db, &table).await == ["second"]).then_some(()) },
    )
    .await;
    let running = eventually("the task runs", Duration::from_secs(30), || async {
        let s = connect.connector_status(&name(&sink)).await.ok()?;
        (s.tasks.first()?.state == ConnectorState::Running).then_some(())
    });
    running.await;

    // Both alerts resolve, and the webhooks hear it: the last word on each is "resolved".
    eventually(
        "the webhook hears both alerts resolve",
        Duration::from_secs(30),
        || async {
            let bodies = hook.bodies();
            let last = |kind: &str| {
                bodies
                    .iter()
                    .rfind(|b| b["kind"] == kind && b["connector"] == sink.as_str())
                    .map(|b| b["status"].clone())
            };
            (last("failed") == Some("resolved".into())
                && last("persistent_failure") == Some("resolved".into()))
            .then_some(())
        },
    )
    .await;
    let texts: Vec<String> = chat
        .bodies()
        .iter()
        .filter_map(|b| b["text"].as_str().map(str::to_owned))
        .filter(|t| t.contains(&sink))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(":red_circle: [persistent_failure]"))
            && texts
                .iter()
                .any(|t| t.starts_with(":white_check_mark: [resolved]")),
        "{texts:?}"
    );
    let past: AlertList = admin
        .get("/api/v1/alerts?status=resolved")
        .await
        .expect("past alerts");
    let resolved = past
        .alerts
        .iter()
        .find(|a| a.id == persistent_alert.id)
        .expect("the persistent failure among past alerts");
    assert_eq!(resolved.acked_by.as_deref(), Some("admin"));
    let hooks: Vec<WebhookStatus> = admin.get("/api/v1/alerts/webhooks").await.expect("hooks");
    let ops = hooks.iter().find(|h| h.name == "ops").expect("ops");
    assert!(
        ops.delivered_last_day >= 4 && ops.failed_last_day == 0,
        "{ops:?}"
    );
    assert!(
        !serde_json::to_string(&hooks).unwrap().contains(&hook.url),
        "a webhook's URL is never answered"
    );

    // The timeline holds all of it, in order.
    let timeline = eventually(
        "the timeline shows the recovery",
        Duration::from_secs(20),
        || async {
            let t: Timeline = admin.get(&timeline_path).await.ok()?;
            // The restart may be seen passing through RESTARTING or UNASSIGNED, so
            // recovery is any move to RUNNING after the last failure.
            let task0_to = |state: ConnectorState| {
                move |e: &TimelineEntry| {
                    matches!(e, TimelineEntry::State(s)
                        if s.instance.task == Some(0) && s.to.as_ref() == Some(&state))
                }
            };
            let last_failure = t
                .entries
                .iter()
                .rposition(task0_to(ConnectorState::Failed))?;
            let recovered = t.entries[last_failure..]
                .iter()
                .any(task0_to(ConnectorState::Running));
            recovered.then_some(t)
        },
    )
    .await;
    let kinds: Vec<String> = timeline
        .entries
        .iter()
        .map(|e| match e {
            TimelineEntry::State(s) => format!(
                "{}:{}",
                s.instance
                    .task
                    .map_or("connector".to_owned(), |t| format!("task{t}")),
                s.to.as_ref().map_or("GONE", |t| t.as_str())
            ),
            TimelineEntry::Action { action, .. } => action.clone(),
            TimelineEntry::Alert { alert, change, .. } => {
                format!("alert:{}:{change}", alert.as_str())
            }
        })
        .collect();
    let at = |k: &str| {
        kinds
            .iter()
            .position(|x| x == k)
            .unwrap_or_else(|| panic!("{k} on the timeline: {kinds:?}"))
    };
    assert!(at("task0:RUNNING") < at("task0:FAILED"), "{kinds:?}");
    assert!(at("task0:FAILED") < at("auto_restart"), "{kinds:?}");
    assert!(at("auto_restart") < at("persistent_failure"), "{kinds:?}");
    assert!(
        at("persistent_failure") < at("persistent_failure_acknowledged"),
        "{kinds:?}"
    );
    assert!(at("task0:FAILED") < at("alert:failed:fired"), "{kinds:?}");
    assert!(
        at("alert:persistent_failure:fired") < at("alert:persistent_failure:resolved"),
        "{kinds:?}"
    );
    let failure = timeline
        .entries
        .iter()
        .find_map(|e| match e {
            TimelineEntry::State(s) if s.to == Some(ConnectorState::Failed) => s.trace.clone(),
            _ => None,
        })
        .expect("the failure's trace");
    assert!(failure.contains("Exception"), "{failure}");

    // The heatmap has the sink among the connectors that failed, by hour.
    let heat: FailureHeatmap = admin
        .get("/api/v1/clusters/w1/failures")
        .await
        .expect("failures");
    let row = heat
        .rows
        .iter()
        .find(|r| r.connector == sink)
        .unwrap_or_else(|| panic!("the sink's failures: {heat:?}"));
    assert!(
        row.total >= 2,
        "it failed, and failed again after its restart: {row:?}"
    );
    let bad = admin
        .get::<FailureHeatmap>("/api/v1/clusters/w1/failures?from_ms=0")
        .await
        .unwrap_err();
    assert_eq!(
        bad.error.field.as_deref(),
        Some("from_ms"),
        "a range of decades is refused"
    );

    // The fleet graph counted a failed task at some minute.
    let history: FleetHistory = admin
        .get("/api/v1/clusters/w1/history?points=60")
        .await
        .expect("history");
    assert!(
        history.points.iter().any(|p| p.tasks.running >= 1.0),
        "{history:?}"
    );

    // Deleted through the console: a new connector of that name starts without its policy.
    admin
        .act(
            reqwest::Method::DELETE,
            &format!("/api/v1/clusters/w1/connectors/{sink}"),
        )
        .await
        .expect("delete");
    let policies = state.store.restart_policies().await.expect("policies");
    assert!(
        policies
            .keys()
            .all(|scope| !scope.ends_with(&format!("/{sink}"))),
        "{policies:?}"
    );
    assert_eq!(
        state.store.restart_track("w1", &sink).await.expect("track"),
        sluice_shared::health::RestartTrack::default()
    );
    let _ = sqlx::query(&format!("DROP TABLE IF EXISTS {table}"))
        .execute(&db)
        .await;
}

/// A replica of the real binary sharing `database_url`, with a fast scheduler and lease.
async fn replica(id: &str, database_url: &str) -> ConsoleProcess {
    let extra = format!(
        "[health]\ninterval = \"1s\"\nlease_ttl = \"6s\"\nreplica_id = \"{id}\"\n\
         [fleet]\ntopic_check_interval = \"1h\"\n"
    );
    console_process(id, database_url, &connect_url(1), &extra).await
}

async fn scheduler(api: &Api) -> Option<SchedulerStatus> {
    api.get("/api/v1/scheduler").await.ok()
}

#[tokio::test]
async fn two_replicas_share_one_lease_and_the_survivor_of_a_sigkill_takes_over_without_repeating_work()
 {
    let url = fresh_postgres_url().await;
    let mut a = replica("replica-a", &url).await;
    let b = replica("replica-b", &url).await;
    let (api_a, api_b) = (Api::admin(&a.base).await, Api::admin(&b.base).await);

    // A sink that fails as it starts (its file's folder does not exist), restarted by policy
    // every 2 s: each restart is one audit record, so a doubled one would show.
    let topic = unique("lease.notes");
    let sink = unique("it-lease-sink");
    let mut failing = file_sink_config(&topic);
    failing.insert("file".into(), format!("/nonexistent-{sink}/out.txt"));
    let connect = client(1).await;
    connect
        .create_connector(&name(&sink), &failing, None)
        .await
        .expect("failing sink");
    let _: AutoRestart = api_a
        .put(
            &format!("/api/v1/clusters/w1/connectors/{sink}/auto-restart"),
            &serde_json::json!({"policy": {"enabled": true, "backoff_secs": [2], "max_attempts": 100, "monitor_secs": 600}}),
        )
        .await
        .expect("policy");

    let holder = eventually(
        "one replica holds the lease",
        Duration::from_secs(15),
        || async {
            let (sa, sb) = (scheduler(&api_a).await?, scheduler(&api_b).await?);
            (sa.holder.is_some() && sa.holder == sb.holder).then_some(sa.holder?)
        },
    )
    .await;
    assert_eq!(holder, "replica-a", "the first replica up takes it");
    eventually("restarts happen", Duration::from_secs(30), || async {
        (audit_of(&api_a, &sink, "auto_restart").await.len() >= 2).then_some(())
    })
    .await;

    // SIGKILL: no chance to let the lease go.
    a.child.start_kill().expect("kill");
    a.child.wait().await.expect("reaped");
    let killed = Instant::now();
    eventually(
        "the survivor takes the lease",
        Duration::from_secs(10),
        || async {
            let s = scheduler(&api_b).await?;
            (s.holder.as_deref() == Some("replica-b")).then_some(())
        },
    )
    .await;
    let takeover = killed.elapsed();
    println!("takeover after SIGKILL: {} ms", takeover.as_millis());
    // The lease time, then the survivor's next renewal (a tick of at most one interval), with
    // room for a loaded machine.
    assert!(
        takeover <= Duration::from_secs(6 + 1 + 2),
        "within the lease time and one tick: {takeover:?}"
    );
    eventually(
        "the survivor runs cycles",
        Duration::from_secs(15),
        || async {
            let s = scheduler(&api_b).await?;
            (!s.last_cycles.is_empty()).then_some(())
        },
    )
    .await;
    let after_kill = audit_of(&api_b, &sink, "auto_restart").await.len();
    eventually(
        "the survivor restarts too",
        Duration::from_secs(15),
        || async {
            (audit_of(&api_b, &sink, "auto_restart").await.len() > after_kill).then_some(())
        },
    )
    .await;

    // Nothing ran twice: each cluster cycle once per slot, by one replica, and restarts at
    // least the backoff apart across the hand-over.
    let pool = sqlx::PgPool::connect(&url).await.expect("console database");
    let cycles: Vec<(i64, String)> = sqlx::query_as(
        "SELECT slot, holder FROM health_cycles WHERE cluster_id = 'w1' ORDER BY slot",
    )
    .fetch_all(&pool)
    .await
    .expect("cycles");
    let holders: std::collections::BTreeSet<&str> =
        cycles.iter().map(|(_, h)| h.as_str()).collect();
    assert_eq!(
        holders.into_iter().collect::<Vec<_>>(),
        ["replica-a", "replica-b"]
    );
    let span = cycles.last().expect("cycles").0 - cycles[0].0 + 1;
    assert!(
        i64::try_from(cycles.len()).unwrap() <= span,
        "at most one cycle per one-second slot: {} cycles over {span} slots",
        cycles.len()
    );
    let restarts = audit_of(&api_b, &sink, "auto_restart").await;
    for pair in restarts.windows(2) {
        assert!(
            pair[1].at_ms - pair[0].at_ms >= 1500,
            "two restarts inside one backoff: {} then {}",
            pair[0].at_ms,
            pair[1].at_ms
        );
    }
    assert!(restarts.iter().all(|r| r.actor == "sluice:scheduler"));

    // A clean stop (SIGTERM) lets the lease go: a new replica takes over at its next tick,
    // well before the 6 s lease would have expired.
    let c = replica("replica-c", &url).await;
    let api_c = Api::admin(&c.base).await;
    let pid = b.child.id().expect("pid").to_string();
    let term = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .expect("kill -TERM");
    assert!(term.success());
    let stopped = Instant::now();
    eventually(
        "the new replica takes the lease",
        Duration::from_secs(10),
        || async {
            let s = scheduler(&api_c).await?;
            (s.holder.as_deref() == Some("replica-c")).then_some(())
        },
    )
    .await;
    let handed = stopped.elapsed();
    println!("takeover after SIGTERM: {} ms", handed.as_millis());
    assert!(
        handed < Duration::from_secs(4),
        "released, not expired: {handed:?}"
    );

    connect
        .delete_connector(&name(&sink))
        .await
        .expect("cleanup");
    drop(c);
    drop(b);
}

#[tokio::test]
async fn the_lease_transitions_and_samples_behave_alike_on_sqlite_and_postgresql() {
    for (kind, store) in fresh_stores().await {
        // A lease: one holder until it expires, renewal moves the expiry.
        assert!(
            store
                .take_lease("scheduler", "a", 1_000, 3_000)
                .await
                .unwrap(),
            "[{kind}] free"
        );
        assert!(
            !store
                .take_lease("scheduler", "b", 2_000, 3_000)
                .await
                .unwrap(),
            "[{kind}] live"
        );
        assert!(
            store
                .take_lease("scheduler", "a", 3_000, 3_000)
                .await
                .unwrap(),
            "[{kind}] renewed"
        );
        assert!(
            !store
                .take_lease("scheduler", "b", 5_500, 3_000)
                .await
                .unwrap(),
            "[{kind}] renewed until 6000"
        );
        assert!(
            store
                .take_lease("scheduler", "b", 6_001, 3_000)
                .await
                .unwrap(),
            "[{kind}] expired"
        );
        assert_eq!(store.lease("scheduler").await.unwrap().unwrap().holder, "b");
        // A cycle slot: claimed once.
        assert!(store.claim_cycle("w1", 7, "a", 1).await.unwrap());
        assert!(
            !store.claim_cycle("w1", 7, "b", 1).await.unwrap(),
            "[{kind}] claimed twice"
        );
        assert!(store.claim_cycle("w2", 7, "b", 1).await.unwrap());

        // Transitions: recorded, and the look carried to the next cycle.
        let status = |task: &str| ConnectorStatus {
            name: "c1".into(),
            connector: InstanceStatus {
                state: ConnectorState::Running,
                worker_id: "w:8083".into(),
                trace: None,
                version: None,
            },
            tasks: vec![TaskStatus {
                id: 0,
                state: ConnectorState::parse(task),
                worker_id: "w:8083".into(),
                trace: (task == "FAILED").then(|| "java.sql.SQLException: gone".into()),
                version: None,
            }],
            connector_type: ConnectorType::Sink,
        };
        let before = store.health_look("w1").await.unwrap();
        let (changes, look) = transitions(&before, &[status("RUNNING")], 10_000);
        store
            .record_transitions("w1", &changes, &look)
            .await
            .unwrap();
        let again = store.health_look("w1").await.unwrap();
        assert_eq!(again, look, "[{kind}] the look survives a restart");
        let (changes, look) = transitions(&again, &[status("FAILED")], 20_000);
        assert_eq!(changes.len(), 1);
        store
            .record_transitions("w1", &changes, &look)
            .await
            .unwrap();
        let (gone, look) = transitions(&look, &[], 30_000);
        store.record_transitions("w1", &gone, &look).await.unwrap();
        assert!(
            store.health_look("w1").await.unwrap().is_empty(),
            "[{kind}] deleted"
        );
        let all = store
            .transitions_of("w1", "c1", 0, 40_000, 100)
            .await
            .unwrap();
        let seen: Vec<(Option<u32>, Option<ConnectorState>, i64)> = all
            .iter()
            .map(|t| (t.instance.task, t.to.clone(), t.at_ms))
            .collect();
        assert_eq!(seen.len(), 5, "[{kind}] {seen:?}");
        assert_eq!(seen[2], (Some(0), Some(ConnectorState::Failed), 20_000));
        assert_eq!(all[2].trace.as_deref(), Some("java.sql.SQLException: gone"));
        assert_eq!(
            all[2].instance,
            Instance {
                connector: "c1".into(),
                task: Some(0)
            }
        );

        // Samples: tenants summed per minute, minutes averaged per bucket.
        let counts = |acme: f64, free: f64| {
            std::collections::BTreeMap::from([
                (
                    "acme".to_owned(),
                    (
                        StateCounts {
                            running: acme,
                            ..StateCounts::default()
                        },
                        StateCounts {
                            failed: 1.0,
                            ..StateCounts::default()
                        },
                    ),
                ),
                (
                    String::new(),
                    (
                        StateCounts {
                            running: free,
                            ..StateCounts::default()
                        },
                        StateCounts::default(),
                    ),
                ),
            ])
        };
        store
            .add_health_samples("w1", 60_000, &counts(2.0, 1.0))
            .await
            .unwrap();
        store
            .add_health_samples("w1", 60_000, &counts(9.0, 9.0))
            .await
            .unwrap();
        store
            .add_health_samples("w1", 120_000, &counts(4.0, 1.0))
            .await
            .unwrap();
        store
            .add_health_samples("w1", 180_000, &counts(6.0, 1.0))
            .await
            .unwrap();
        let all = store
            .health_points("w1", None, 0, 200_000, 120_000)
            .await
            .unwrap();
        let running: Vec<(i64, f64)> = all
            .iter()
            .map(|p| (p.at_ms, p.connectors.running))
            .collect();
        assert_eq!(
            running,
            [(0, 3.0), (120_000, 6.0)],
            "[{kind}] the first minute's sample is kept"
        );
        assert_eq!(all[0].tasks.failed, 1.0);
        let acme = store
            .health_points("w1", Some("acme"), 0, 200_000, 60_000)
            .await
            .unwrap();
        let running: Vec<f64> = acme.iter().map(|p| p.connectors.running).collect();
        assert_eq!(running, [2.0, 4.0, 6.0], "[{kind}]");
    }
}

/// A sample's number, whatever type the parser gave it.
fn number(v: &prometheus_parse::Value) -> f64 {
    use prometheus_parse::Value as V;
    match v {
        V::Counter(x) | V::Gauge(x) | V::Untyped(x) => *x,
        V::Histogram(b) => b.last().map_or(0.0, |c| c.count),
        V::Summary(_) => 0.0,
    }
}

#[tokio::test]
async fn metrics_are_scraped_and_parsed_with_a_console_wide_key_and_refused_to_a_tenants_key() {
    let mut settings = config_for(&[&connect_url(1)]);
    settings.health.interval = Duration::from_secs(1);
    // Alerts go to a generic webhook that refuses its first post (the console retries) and to
    // a chat webhook.
    let hook = Receiver::start(1).await;
    let chat = Receiver::start(0).await;
    settings.alerts.failed_for = Duration::from_secs(1);
    settings.alerts.webhooks = vec![
        hook.settings("ops", WebhookFormat::Generic, &[WebhookEvents::Alerts]),
        chat.settings("chat", WebhookFormat::Slack, &[WebhookEvents::Alerts]),
    ];
    let (base, state) = spawn_app(settings).await;
    acme_and_globex(&state).await;
    let admin = Api::admin(&base).await;
    let connect = client(1).await;
    let sink = unique("acme-metrics");
    connect
        .create_connector(&name(&sink), &file_sink_config(&unique("acme.empty")), None)
        .await
        .expect("connector");
    state
        .store
        .set_owner("w1", &sink, "acme")
        .await
        .expect("owner");
    let scraper = admin
        .create_key(&key_request(
            "prometheus",
            sluice_shared::policy::Role::Support,
            None,
        ))
        .await
        .expect("support key");
    let tenant_key = admin
        .create_key(&key_request(
            "acme-bot",
            sluice_shared::policy::Role::Operator,
            Some("acme"),
        ))
        .await
        .expect("tenant key");

    let scrape = |key: String| {
        let url = format!("{base}/metrics");
        async move {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(key)
                .send()
                .await
                .expect("scrape")
        }
    };
    assert_eq!(
        scrape(tenant_key.key.clone()).await.status(),
        StatusCode::FORBIDDEN,
        "a tenant's key would see other tenants' connectors"
    );
    assert_eq!(
        reqwest::get(format!("{base}/metrics"))
            .await
            .expect("anonymous")
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // Some API traffic, and the connector running, before the scrape that counts them.
    let _: serde_json::Value = admin.get("/api/v1/clusters").await.expect("clusters");
    let parsed = eventually(
        "the scrape shows the connector running",
        Duration::from_secs(60),
        || {
            let scrape = scrape(scraper.key.clone());
            let sink = sink.clone();
            async move {
                let response = scrape.await;
                assert_eq!(response.status(), StatusCode::OK);
                let text = response.text().await.ok()?;
                let parsed =
                    prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
                        .expect("the exposition parses");
                let running = parsed.samples.iter().any(|s| {
                    s.metric == "sluice_connector_state"
                        && s.labels.get("connector") == Some(sink.as_str())
                        && s.labels.get("state") == Some("RUNNING")
                        && s.labels.get("tenant") == Some("acme")
                        && number(&s.value) == 1.0
                });
                let task = parsed.samples.iter().any(|s| {
                    s.metric == "sluice_task_state"
                        && s.labels.get("connector") == Some(sink.as_str())
                        && s.labels.get("task") == Some("0")
                });
                (running && task).then_some(parsed)
            }
        },
    )
    .await;
    let sample = |metric: &str, label: (&str, &str)| {
        parsed
            .samples
            .iter()
            .find(|s| s.metric == metric && s.labels.get(label.0) == Some(label.1))
            .map(|s| number(&s.value))
    };
    assert!(
        sample("sluice_http_requests_total", ("route", "/api/v1/clusters")).unwrap_or(0.0) >= 1.0,
        "requests are counted by route template: {:?}",
        parsed
            .samples
            .iter()
            .filter(|s| s.metric.starts_with("sluice_http"))
            .collect::<Vec<_>>()
    );
    assert!(
        parsed
            .samples
            .iter()
            .all(|s| s.labels.get("route").is_none_or(|r| !r.contains(&sink))),
        "routes are templates, never raw paths"
    );
    assert!(
        parsed.samples.iter().any(|s| s
            .metric
            .starts_with("sluice_connect_request_duration_seconds")
            && s.labels.get("cluster") == Some("w1")),
        "Connect latency per cluster"
    );
    assert_eq!(sample("sluice_cluster_up", ("cluster", "w1")), Some(1.0));
    assert_eq!(
        sample("sluice_connect_circuit_open", ("cluster", "w1")),
        Some(0.0)
    );
    assert_eq!(
        sample(
            "sluice_scheduler_leader",
            ("replica", &state.health.leadership.replica)
        ),
        Some(1.0),
        "a lone replica holds the lease"
    );
    assert!(sample("sluice_scheduler_cycles_total", ("cluster", "w1")).unwrap_or(0.0) >= 1.0);

    connect
        .delete_connector(&name(&sink))
        .await
        .expect("cleanup");
}
