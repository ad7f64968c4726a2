//! Connect misbehaving, against the real stack: a worker that hangs (accepts and never
//! answers) and a worker that stops, played by a proxy in front of a real worker so the tests
//! sharing that worker are not disturbed. The console must answer at once from what it last
//! knew, say so, and move to another worker when one is named.

use std::time::{Duration, Instant};

use crate::support::*;
use sluice_shared::fleet::FleetSnapshot;
use sluice_shared::{
    ActiveTopics, ConnectorDetail, ConnectorOffsets, ConnectorState, ErrorCode, Known,
    RedactedConfig,
};

/// How long a reader waits for a refresh before it gets the last listing (the backend's
/// patience, 2 s) plus slack for a loaded machine; far below the 10 s read timeout.
const AT_ONCE: Duration = Duration::from_millis(4_500);

async fn timed<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    let started = Instant::now();
    let out = f.await;
    let took = started.elapsed();
    assert!(took < AT_ONCE, "{what} took {took:?} with Connect hung");
    out
}

#[tokio::test]
async fn a_hung_worker_leaves_fleet_clusters_connector_page_and_its_tabs_answering_from_what_it_last_said()
 {
    let connect = client(1).await;
    let n = name(&unique("hung"));
    connect
        .create_connector(&n, &file_sink_config(&unique("hung-topic")), None)
        .await
        .expect("create");
    let proxy = fault_proxy(&connect_url(1)).await;
    let mut config = config_for(&[&proxy.url]);
    config.fleet.refresh_interval = Duration::from_millis(500);
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    let listed = |f: &FleetSnapshot| {
        f.clusters[0]
            .connectors
            .iter()
            .any(|e| e.connector.name == n.as_str())
    };
    eventually(
        "the connector is listed",
        Duration::from_secs(30),
        || async { admin.fleet().await.ok().filter(listed).map(drop) },
    )
    .await;
    let clusters = admin.clusters().await.expect("clusters");
    assert!(clusters[0].reachable && clusters[0].pending_since_ms.is_none());
    // The page's own reads once, as a user who opened its tabs.
    let page = format!("/api/v1/clusters/w1/connectors/{n}");
    let config: Known<RedactedConfig> = admin.get(&format!("{page}/config")).await.expect("config");
    let offsets: Known<ConnectorOffsets> = admin
        .get(&format!("{page}/offsets"))
        .await
        .expect("offsets");
    let topics: Known<ActiveTopics> = admin.get(&format!("{page}/topics")).await.expect("topics");
    assert!(config.stale().is_none() && offsets.stale().is_none() && topics.stale().is_none());

    proxy.set(Fault::Hang);
    // Older than the refresh interval, so the next readers need a refresh that never comes.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let fleet = timed("GET /fleet", admin.fleet()).await.expect("fleet");
    let cluster = &fleet.clusters[0];
    assert!(listed(&fleet), "the last listing is still shown");
    assert!(cluster.error.is_none());
    let since = cluster
        .pending_since_ms
        .expect("marked as waiting for Connect");
    assert!(
        cluster.fetched_at_ms <= since,
        "its age is told by when it was fetched"
    );

    let clusters = timed("GET /clusters", admin.clusters())
        .await
        .expect("clusters");
    assert!(
        clusters[0].pending_since_ms.is_some(),
        "the cluster list says it waits: {:?}",
        clusters[0]
    );
    assert_eq!(clusters[0].connect_version.is_some(), clusters[0].reachable);

    let detail: ConnectorDetail = timed(
        "the connector page",
        admin.get(&format!("/api/v1/clusters/w1/connectors/{n}")),
    )
    .await
    .expect("detail");
    // Its last known state, from the listing: asking Connect would have hung.
    assert_eq!(detail.status.name, n.as_str());
    assert!(detail.fetched_at_ms <= since);
    assert!(
        detail.pending_since_ms.is_some(),
        "the page says Connect has not answered"
    );
    // Its tabs too: what Connect last said, marked with since when it has not answered.
    let again: Known<RedactedConfig> =
        timed("the config tab", admin.get(&format!("{page}/config")))
            .await
            .expect("config");
    assert_eq!(again.value, config.value);
    assert_eq!(again.stale().map(|(_, at)| at), Some(config.fetched_at_ms));
    let again: Known<ConnectorOffsets> =
        timed("the offsets tab", admin.get(&format!("{page}/offsets")))
            .await
            .expect("offsets");
    assert_eq!(again.value, offsets.value);
    assert!(again.pending_since_ms.is_some());
    let again: Known<ActiveTopics> = timed("the topics tab", admin.get(&format!("{page}/topics")))
        .await
        .expect("topics");
    assert_eq!(again.value, topics.value);
    assert!(again.pending_since_ms >= Some(topics.fetched_at_ms));

    // A live viewer learns it too, without anything else changing.
    let mut stream = admin.fleet_stream().await;
    let mut marked = false;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !marked && Instant::now() < deadline {
        if let Ok(Some(u)) = tokio::time::timeout(Duration::from_secs(5), stream.recv()).await {
            marked = u.pending_since_ms.is_some();
        }
    }
    assert!(marked, "the stream says the cluster has not answered");

    // Past the read timeout the hung refresh fails and the fleet says why; the connector page
    // still shows its last known state at once, marked.
    eventually(
        "the hung refresh gives up",
        Duration::from_secs(30),
        || async {
            let f = admin.fleet().await.ok()?;
            f.clusters[0].error.is_some().then_some(())
        },
    )
    .await;
    let detail: ConnectorDetail = timed(
        "the connector page after the read timeout",
        admin.get(&format!("/api/v1/clusters/w1/connectors/{n}")),
    )
    .await
    .expect("detail");
    assert_eq!(detail.status.name, n.as_str());
    assert!(detail.fetched_at_ms <= since);
    assert!(detail.pending_since_ms.is_some());

    // Connect answers again: the mark goes once the pending call has given up (10 s read
    // timeout in tests) and a new listing came.
    proxy.set(Fault::Forward);
    eventually(
        "the listing is fresh again",
        Duration::from_secs(30),
        || async {
            let f = admin.fleet().await.ok()?;
            (f.clusters[0].pending_since_ms.is_none() && listed(&f)).then_some(())
        },
    )
    .await;
    let config: Known<RedactedConfig> = admin.get(&format!("{page}/config")).await.expect("config");
    assert!(config.stale().is_none(), "the tabs are fresh again too");
    connect.delete_connector(&n).await.expect("delete");
}

#[tokio::test]
async fn a_stopped_or_hung_worker_hands_reads_and_writes_to_the_next_one() {
    let direct = client(2).await;
    // Both workers behind proxies, so either can be stopped or hung for this console alone.
    let (first, second) = (
        fault_proxy(&connect_url(1)).await,
        fault_proxy(&connect_url(2)).await,
    );
    let mut config = config_for(&[&first.url]);
    config.clusters[0].url = sluice_backend::settings::WorkerUrls::new(vec![
        first.url.parse().expect("url"),
        second.url.parse().expect("url"),
    ])
    .expect("two workers");
    let (base, state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    admin.clusters().await.expect("clusters");
    let failovers = || {
        let cluster = state.clusters.iter().next().expect("w1");
        cluster
            .client
            .stats()
            .failovers
            .load(std::sync::atomic::Ordering::Relaxed)
    };

    // The worker in use stops: a write goes to the other one and is applied once.
    first.set(Fault::Refuse);
    let n = unique("failover");
    let created = name(&n);
    admin
        .create_connector(
            "w1",
            &new_connector(&n, &file_sink_config(&unique("fo-topic"))),
        )
        .await
        .expect("created through the other worker");
    direct.connector(&created).await.expect("Connect has it");
    assert_eq!(failovers(), 1);
    let fleet = admin.fleet().await.expect("fleet");
    assert!(
        fleet.clusters[0].error.is_none(),
        "{:?}",
        fleet.clusters[0].error
    );
    let clusters = admin.clusters().await.expect("clusters");
    assert!(clusters[0].reachable, "{:?}", clusters[0].error);

    // The first comes back and the one now in use hangs: a read moves back after its read
    // timeout, and the writes after it go there at once.
    first.set(Fault::Forward);
    second.set(Fault::Hang);
    let config = admin.connector("w1", &n).config().await;
    assert!(config.is_ok(), "a read fails over: {config:?}");
    assert_eq!(failovers(), 2);
    let started = Instant::now();
    admin.connector("w1", &n).pause().await.expect("pause");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the write did not wait on the hung worker"
    );
    eventually("paused", Duration::from_secs(30), || async {
        let s = direct.connector_status(&created).await.ok()?;
        (s.connector.state == ConnectorState::Paused).then_some(())
    })
    .await;
    second.set(Fault::Forward);
    direct.delete_connector(&created).await.expect("delete");
}

#[tokio::test]
async fn a_stopped_worker_opens_the_circuit_and_the_cluster_comes_back_when_it_answers() {
    let proxy = fault_proxy(&connect_url(1)).await;
    let mut config = config_for(&[&proxy.url]);
    config.connect.breaker_failures = 3;
    config.connect.breaker_cooldown = Duration::from_secs(2);
    config.fleet.refresh_interval = Duration::from_millis(500);
    let (base, state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    admin
        .connectors("w1")
        .await
        .expect("listed while it answers");
    let client = &state.clusters.find("w1").expect("w1").client;

    proxy.set(Fault::Refuse);
    // Each refused connection counts; after three the circuit opens and calls fail at once.
    for _ in 0..3 {
        let refusal = admin
            .connectors("w1")
            .await
            .expect_err("the worker is stopped");
        assert_eq!(
            refusal.error.code,
            ErrorCode::ClusterUnreachable,
            "{refusal:?}"
        );
    }
    assert!(client.circuit_open(), "three failures open the circuit");
    let refusal = timed("a call while the circuit is open", admin.connectors("w1"))
        .await
        .expect_err("fails fast");
    assert_eq!(refusal.status, reqwest::StatusCode::SERVICE_UNAVAILABLE);
    assert!(refusal.error.message.contains("w1"), "{refusal:?}");
    // The fleet says which cluster is out rather than showing an empty list.
    let fleet = eventually(
        "the fleet names the error",
        Duration::from_secs(10),
        || async {
            admin
                .fleet()
                .await
                .ok()
                .filter(|f| f.clusters[0].error.is_some())
        },
    )
    .await;
    assert_eq!(
        fleet.clusters[0].error.as_ref().map(|e| e.code),
        Some(ErrorCode::ClusterUnreachable)
    );

    proxy.set(Fault::Forward);
    // After the cooldown one probe goes through, succeeds, and the circuit closes.
    eventually(
        "the cluster answers again",
        Duration::from_secs(15),
        || async { admin.connectors("w1").await.ok() },
    )
    .await;
    assert!(
        !client.circuit_open(),
        "a successful probe closes the circuit"
    );
    eventually(
        "the fleet clears its error",
        Duration::from_secs(10),
        || async {
            admin
                .fleet()
                .await
                .ok()
                .filter(|f| f.clusters[0].error.is_none())
        },
    )
    .await;
}

#[tokio::test]
async fn a_slow_worker_is_waited_for_and_a_write_answered_too_late_is_reported_unknown_not_lost() {
    let direct = client(1).await;
    let n = unique("slow");
    let created = name(&n);
    let file = unique("slow-topic");
    direct
        .create_connector(&created, &file_sink_config(&file), None)
        .await
        .expect("create");
    let proxy = fault_proxy(&connect_url(1)).await;
    let mut config = config_for(&[&proxy.url]);
    config.connect.write_timeout = Duration::from_secs(4);
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    let connector = admin.connector("w1", &n);
    connector.config().await.expect("config");

    // Slow, within the timeouts: the answers are the worker's, only later.
    proxy.set(Fault::Delay(Duration::from_millis(1_500)));
    let started = Instant::now();
    let config = connector
        .config()
        .await
        .expect("a read through a slow worker");
    assert!(
        started.elapsed() >= Duration::from_millis(1_500),
        "the worker was slow"
    );
    assert_eq!(config.config.get("topics"), Some(&file));
    connector
        .pause()
        .await
        .expect("a write through a slow worker");
    eventually("paused", Duration::from_secs(30), || async {
        let s = direct.connector_status(&created).await.ok()?;
        (s.connector.state == ConnectorState::Paused).then_some(())
    })
    .await;

    // Slower than the write timeout: the console stops waiting and says it does not know;
    // the worker applies the change after all.
    proxy.set(Fault::Delay(Duration::from_secs(7)));
    let started = Instant::now();
    let late = connector.resume().await.expect_err("no answer in time");
    assert_eq!(
        (late.status, late.error.code),
        (
            reqwest::StatusCode::GATEWAY_TIMEOUT,
            ErrorCode::ClusterTimeout
        ),
        "{late:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "answered at the write timeout: {:?}",
        started.elapsed()
    );
    proxy.set(Fault::Forward);
    eventually(
        "the resume arrived after the console gave up",
        Duration::from_secs(30),
        || async {
            let s = direct.connector_status(&created).await.ok()?;
            (s.connector.state == ConnectorState::Running).then_some(())
        },
    )
    .await;
    let trail = admin
        .audit(&format!("connector={n}&action=resume"))
        .await
        .expect("audit");
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert!(
        trail[0]
            .result
            .starts_with("unknown: Connect did not answer in time"),
        "audited as neither done nor failed: {}",
        trail[0].result
    );
    direct.delete_connector(&created).await.expect("delete");
}
