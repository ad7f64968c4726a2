//! The fleet feed against the real stack: many viewers share one upstream list call per
//! interval, the stream is live and filtered per role, and bulk actions report per connector.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sluice_shared::bulk::BulkAction;
use sluice_shared::fleet::{Fleet, FleetSnapshot, FleetUpdate};
use sluice_shared::policy::Role;
use sluice_shared::{ConnectorOffsets, ConnectorState, ErrorCode, PartitionOffset};
use tokio::sync::mpsc::UnboundedReceiver;

const INTERVAL: Duration = Duration::from_secs(1);

/// An alter request for one partition of a sink's topic.
fn sink_offset(topic: &str, partition: i64, offset: i64) -> ConnectorOffsets {
    let object = |v: serde_json::Value| v.as_object().cloned().expect("a JSON object");
    ConnectorOffsets {
        offsets: vec![PartitionOffset {
            partition: object(json!({"kafka_topic": topic, "kafka_partition": partition})),
            offset: Some(object(json!({"kafka_offset": offset}))),
        }],
    }
}

async fn next_update(rx: &mut UnboundedReceiver<FleetUpdate>, within: Duration) -> FleetUpdate {
    tokio::time::timeout(within, rx.recv())
        .await
        .expect("an update in time")
        .expect("stream open")
}

#[tokio::test]
async fn fifty_viewers_cause_one_upstream_list_call_per_interval() {
    let _calm = CLUSTER_CALM.read().await;
    let connect = client(1).await;
    let probe = name(&unique("fanin"));
    connect
        .create_connector(&probe, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create");
    // Listed only once it has a status, which a busy cluster takes a moment to give.
    eventually(
        "the probe has a status",
        Duration::from_secs(30),
        || async { connect.connector_status(&probe).await.ok().map(drop) },
    )
    .await;
    let proxy = counting_proxy(&connect_url(1)).await;
    let mut config = config_for(&[&proxy.url]);
    config.fleet.refresh_interval = INTERVAL;
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;

    let mut viewers = Vec::new();
    for _ in 0..50 {
        viewers.push(admin.fleet_stream().await);
    }
    // Every viewer gets the whole fleet first, the probe connector included.
    for rx in &mut viewers {
        let first = next_update(rx, Duration::from_secs(10)).await;
        assert!(
            first.full && first.error.is_none(),
            "the first update is the whole fleet: {:?}",
            first.error
        );
        assert!(
            first
                .upserts
                .iter()
                .any(|e| e.connector.name == probe.as_str())
        );
    }
    let before = proxy.list_calls();
    let window = Duration::from_secs(6);
    let started = Instant::now();
    // Keep every stream drained while the window passes, as a browser would.
    while started.elapsed() < window {
        for rx in &mut viewers {
            while rx.try_recv().is_ok() {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let calls = proxy.list_calls() - before;
    let intervals = (window.as_secs_f64() / INTERVAL.as_secs_f64()).ceil() as usize;
    println!("{calls} upstream list calls in {window:?} with 50 viewers (interval {INTERVAL:?})");
    assert!(
        calls <= intervals + 1,
        "50 viewers caused {calls} list calls in {intervals} intervals"
    );
    assert!(
        calls >= intervals / 2,
        "the feed stopped refreshing: {calls} calls"
    );

    // The stream is live: a pause through the API reaches a viewer without a reload.
    let other = Api::admin(&base).await;
    let foreign_token = admin.with_csrf(Some(&other.session().csrf_token));
    let paused = foreign_token
        .connector("w1", &probe)
        .pause()
        .await
        .expect_err("a pause with another session's token");
    assert_eq!(
        paused.status,
        StatusCode::FORBIDDEN,
        "the other session's token"
    );
    let me = admin.me().await.expect("me");
    let own_token = admin.with_csrf(Some(&me.csrf_token));
    let paused = own_token.connector("w1", &probe).pause().await;
    assert_eq!(paused, Ok(StatusCode::ACCEPTED));
    let viewer = &mut viewers[7];
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let u = next_update(viewer, deadline - Instant::now()).await;
        if u.upserts.iter().any(|e| {
            e.connector.name == probe.as_str() && e.connector.state == ConnectorState::Paused
        }) {
            break;
        }
    }
    drop(viewers);
    connect.delete_connector(&probe).await.expect("delete");
}

#[tokio::test]
async fn operators_see_only_their_tenants_connectors_and_a_down_cluster_is_reported() {
    let connect = client(1).await;
    let own = name(&format!("acme-{}", unique("fleet")));
    let other = name(&format!("globex-{}", unique("fleet")));
    for n in [&own, &other] {
        connect
            .create_connector(n, &file_sink_config(&unique("empty")), None)
            .await
            .expect("create");
    }
    let mut config = config_for(&[&connect_url(1), "http://127.0.0.1:9"]);
    config.fleet.refresh_interval = INTERVAL;
    let (base, state) = spawn_app(config).await;
    acme_and_globex(&state).await;
    state
        .store
        .set_owner("w1", own.as_str(), "acme")
        .await
        .expect("owner");
    state
        .store
        .set_owner("w1", other.as_str(), "globex")
        .await
        .expect("owner");
    add_user(&state, "op", Role::Operator, Some("acme")).await;
    let op = Api::sign_in(&base, "op", "op-password").await;

    let mut rx = op.fleet_stream().await;
    let mut fleet = Fleet::default();
    let deadline = Instant::now() + Duration::from_secs(15);
    while fleet.clusters.len() < 2 || fleet.get("w1", own.as_str()).is_none() {
        fleet.apply(next_update(&mut rx, deadline - Instant::now()).await);
    }
    assert!(fleet.entries().all(|e| e.tenant.as_deref() == Some("acme")));
    assert!(fleet.get("w1", other.as_str()).is_none());
    let down = &fleet.clusters["w2"];
    assert_eq!(
        down.error.as_ref().map(|e| e.code),
        Some(ErrorCode::ClusterUnreachable)
    );

    // The one-shot answer agrees with the stream.
    let snapshot = op.fleet().await.expect("fleet");
    let names: Vec<_> = snapshot.clusters[0]
        .connectors
        .iter()
        .map(|e| e.connector.name.clone())
        .collect();
    assert!(names.contains(&own.to_string()) && !names.contains(&other.to_string()));
    assert!(snapshot.clusters[1].error.is_some());

    // An admin's answer (shared by everyone who reads every connector), plain and gzipped.
    let admin = Api::admin(&base).await;
    let plain = admin.fleet().await.expect("fleet");
    let zipped = admin
        .raw(Method::GET, "/api/v1/fleet")
        .header("accept-encoding", "br;q=0.9, gzip")
        .send()
        .await
        .expect("gzipped fleet");
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped = zipped.bytes().await.expect("body");
    let unzipped: FleetSnapshot =
        serde_json::from_reader(flate2::read::GzDecoder::new(&zipped[..]))
            .expect("the same JSON, gzipped");
    for answer in [&plain, &unzipped] {
        let names: Vec<_> = answer.clusters[0]
            .connectors
            .iter()
            .map(|e| (e.connector.name.clone(), e.tenant.clone()))
            .collect();
        // (`other` may have no status yet: a connector without one is listed next refresh.)
        assert!(names.contains(&(own.to_string(), Some("acme".into()))));
        assert_eq!(
            answer.clusters[1].error.as_ref().map(|e| e.code),
            Some(ErrorCode::ClusterUnreachable)
        );
    }
    for n in [&own, &other] {
        connect.delete_connector(n).await.expect("delete");
    }
}

#[tokio::test]
async fn bulk_actions_report_each_connector_and_audit_them() {
    let connect = client(1).await;
    let names: Vec<_> = (0..3).map(|i| name(&unique(&format!("bulk{i}")))).collect();
    for n in &names {
        connect
            .create_connector(n, &file_sink_config(&unique("empty")), None)
            .await
            .expect("create");
    }
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let mut targets: Vec<_> = names.iter().map(|n| ("w1", n.as_str())).collect();
    targets.push(("w1", "it-no-such-connector"));
    targets.push(("nowhere", "x"));
    let answer = admin
        .bulk(BulkAction::Stop, &targets)
        .await
        .expect("bulk stop");
    assert_eq!(answer.results.len(), 5);
    assert!(
        answer.results[..3].iter().all(|r| r.error.is_none()),
        "{answer:?}"
    );
    assert_eq!(
        answer.results[3].error.as_ref().map(|e| e.code),
        Some(ErrorCode::ConnectorNotFound)
    );
    assert_eq!(
        answer.results[4].error.as_ref().map(|e| e.code),
        Some(ErrorCode::ClusterNotFound)
    );
    for n in &names {
        eventually("stopped", Duration::from_secs(20), || async {
            let s = connect.connector_status(n).await.ok()?;
            (s.connector.state == ConnectorState::Stopped).then_some(())
        })
        .await;
    }
    let answer = admin
        .bulk(BulkAction::Resume, &targets)
        .await
        .expect("bulk resume");
    assert_eq!(answer.failures(), 2);
    for n in &names {
        eventually("running", Duration::from_secs(20), || async {
            let s = connect.connector_status(n).await.ok()?;
            (s.connector.state == ConnectorState::Running && !s.tasks.is_empty()).then_some(())
        })
        .await;
    }
    let audit = state
        .store
        .search_audit(&sluice_backend::store::AuditFilter {
            action: Some("stop".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("audit");
    let stops: BTreeMap<_, _> = audit
        .iter()
        .filter(|e| e.action == "stop")
        .map(|e| {
            (
                e.connector_name.clone().unwrap_or_default(),
                e.result.clone(),
            )
        })
        .collect();
    for n in &names {
        assert_eq!(stops.get(n.as_str()).map(String::as_str), Some("ok"));
    }
    // Nothing to act on, or too much, is refused before anything happens.
    let empty = admin
        .bulk(BulkAction::Pause, &[])
        .await
        .expect_err("a bulk action on nothing");
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    for n in &names {
        connect.delete_connector(n).await.expect("delete");
    }
}

#[tokio::test]
async fn offsets_change_only_when_stopped_and_the_api_says_so() {
    let connect = client(1).await;
    let n = name(&unique("offsets"));
    let topic = format!("{n}-t");
    connect
        .create_connector(&n, &file_sink_config(&topic), None)
        .await
        .expect("create");
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let connector = admin.connector("w1", &n);
    let alter = sink_offset(&topic, 0, 0);
    // Its task running: the task's consumer subscribing is what creates the topic, and Connect
    // alters a sink's offsets only for a topic that exists (a busy cluster may take a while).
    eventually("its task running", Duration::from_secs(60), || async {
        let s = connect.connector_status(&n).await.ok()?;
        (s.connector.state == ConnectorState::Running
            && s.tasks
                .first()
                .is_some_and(|t| t.state == ConnectorState::Running))
        .then_some(())
    })
    .await;
    let refused = connector
        .alter_offsets(&alter)
        .await
        .expect_err("offsets of a running connector");
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error.code, ErrorCode::NotStopped);
    assert!(
        refused.error.message.contains("RUNNING"),
        "{}",
        refused.error.message
    );

    let bad = connector
        .alter_offsets(&sink_offset(&topic, -1, 0))
        .await
        .expect_err("a negative partition");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error.field.as_deref(), Some("offsets[0].partition"));

    assert_eq!(connector.stop().await, Ok(StatusCode::ACCEPTED));
    // Under a rebalance caused by other tests the stop can take a while to show; a timeout
    // says what Sluice answered last.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let changed = loop {
        let refusal = match connector.alter_offsets(&alter).await {
            Ok(changed) => break changed,
            Err(refusal) => refusal,
        };
        assert!(
            std::time::Instant::now() < deadline,
            "offsets not altered within 60 s; last answer: {refusal}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(changed.message.contains("altered"), "{}", changed.message);
    let read = connector.offsets().await.expect("offsets");
    assert_eq!(read.offsets.len(), 1);
    assert_eq!(
        read.offsets[0]
            .offset
            .as_ref()
            .and_then(|o| o.get("kafka_offset")),
        Some(&json!(0))
    );
    assert_eq!(connector.resume().await, Ok(StatusCode::ACCEPTED));
    connect.delete_connector(&n).await.expect("delete");
}
