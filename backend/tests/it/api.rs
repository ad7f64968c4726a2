//! The HTTP API of a running Sluice server, against the real dev stack.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_shared::{ClusterConnectors, ConnectorState, ErrorCode};

#[tokio::test]
async fn clusters_show_version_and_kafka_id_and_a_dead_cluster_is_flagged_quickly() {
    let live = connect_url(1);
    require_up(&live).await;
    let (base, _) = spawn_app(config_for(&[&live, "http://127.0.0.1:9"])).await;
    let api = Api::admin(&base).await;
    let started = Instant::now();
    let clusters = api.clusters().await.expect("clusters");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a dead cluster must not stall the list"
    );
    assert_eq!(clusters.len(), 2);
    let (up, down) = (&clusters[0], &clusters[1]);
    assert!(up.reachable);
    assert!(
        up.connect_version
            .as_deref()
            .is_some_and(|v| v.starts_with('4') || v.starts_with("3.9"))
    );
    assert!(
        up.kafka_cluster_id
            .as_deref()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(!down.reachable);
    assert_eq!(
        down.error.as_ref().map(|e| e.code),
        Some(ErrorCode::ClusterUnreachable)
    );

    let refused = api.connectors("w2").await.expect_err("a dead cluster");
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.error.code, ErrorCode::ClusterUnreachable);
    assert!(
        refused.error.message.contains("w2"),
        "{}",
        refused.error.message
    );
}

#[tokio::test]
async fn connector_list_comes_from_one_upstream_call_and_carries_no_config_values() {
    let live = connect_url(1);
    let client = client(1).await;
    let n = name(&unique("api-list"));
    let mut cfg = file_sink_config(&unique("empty"));
    cfg.insert("database.password".into(), "marker-s3cret-value".into());
    client
        .create_connector(&n, &cfg, None)
        .await
        .expect("create");

    let (base, state) = spawn_app(config_for(&[&live])).await;
    let api = Api::admin(&base).await;
    let w1 = state.clusters.find("w1").expect("cluster w1");
    let row = eventually(
        "the connector listed RUNNING with its task",
        Duration::from_secs(60),
        || async {
            let before = w1.client.stats().requests.load(Ordering::Relaxed);
            // The raw answer: no field of any name may carry the value.
            let answer = api
                .send(Method::GET, "/api/v1/clusters/w1/connectors")
                .await;
            assert_eq!(
                w1.client.stats().requests.load(Ordering::Relaxed) - before,
                1,
                "one upstream call per list"
            );
            assert!(
                !answer.text.contains("marker-s3cret-value"),
                "config values must not reach the browser"
            );
            // Which part of the answer's time was Connect's, for a browser's network panel.
            let timing = answer
                .headers
                .get("server-timing")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let dur = |metric: &str| -> Option<f64> {
                let m = timing.split(", ").find(|m| m.starts_with(metric))?;
                m.split(';')
                    .find_map(|p| p.strip_prefix("dur="))?
                    .parse()
                    .ok()
            };
            assert!(
                dur("connect;").is_some_and(|ms| ms > 0.0) && dur("sluice;").is_some(),
                "Server-Timing names Connect's time and Sluice's: {timing:?}"
            );
            assert!(timing.contains("Kafka Connect, 1 call"), "{timing:?}");
            let list: ClusterConnectors = answer.body(StatusCode::OK).ok()?;
            list.connectors.into_iter().find(|c| {
                c.name == n.as_str() && c.state == ConnectorState::Running && c.tasks_running() == 1
            })
        },
    )
    .await;
    assert_eq!(
        row.connector_class.as_deref(),
        Some("org.apache.kafka.connect.file.FileStreamSinkConnector")
    );
    assert_eq!(row.worker_id.split(':').next(), Some("127.0.0.1"));
    // An answer Connect had no part in has no Connect time to report.
    let me = api.send(Method::GET, "/api/v1/auth/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.headers.get("server-timing").is_none());
    client.delete_connector(&n).await.expect("delete");
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_envelope_and_never_reaches_connect() {
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let api = Api::admin(&base).await;
    let requests = || {
        state
            .clusters
            .find("w1")
            .expect("w1")
            .client
            .stats()
            .requests
            .load(Ordering::Relaxed)
    };
    let before = requests();

    let bad = api
        .connectors("Not%20Valid")
        .await
        .expect_err("not a cluster id");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (bad.error.code, bad.error.field.as_deref()),
        (ErrorCode::InvalidInput, Some("cluster"))
    );

    let unknown = api.connectors("nope").await.expect_err("no such cluster");
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.error.code, ErrorCode::ClusterNotFound);

    // The client fails the test when a refusal is not the envelope: JSON, not the UI's HTML.
    let route = api
        .get::<serde_json::Value>("/api/v1/no-such-thing")
        .await
        .expect_err("no such route");
    assert_eq!(route.status, StatusCode::NOT_FOUND);
    assert_eq!(route.error.code, ErrorCode::NotFound);
    assert_eq!(requests(), before, "nothing was forwarded to Connect");
}

#[tokio::test]
async fn the_ui_is_served_with_an_spa_fallback_for_get_only() {
    let dist = std::env::temp_dir().join(unique("dist"));
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), "<html>sluice-ui</html>").expect("index");
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), b"\0asm").expect("wasm");
    std::fs::write(dist.join("chunk_1.wasm"), b"\0asm").expect("chunk");
    let mut config = config_for(&[&connect_url(1)]);
    config.dist_dir = dist.clone();
    let (base, _) = spawn_app(config).await;
    // Not the API: the page and its headers as the browser gets them.
    let browser = Api::anonymous(&base);

    let page = browser.send(Method::GET, "/clusters/local").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers.contains_key("x-content-type-options"));
    assert!(page.text.contains("sluice-ui"));
    // A file named by its content is kept; the page and the chunks, whose names stay the same
    // across builds, are asked again so a new version never meets old chunks.
    let cache = |a: &Answer| {
        a.headers
            .get("cache-control")
            .map(|v| v.to_str().unwrap_or("").to_owned())
    };
    assert_eq!(cache(&page).as_deref(), Some("no-cache"));
    let hashed = browser
        .send(Method::GET, "/app-0123456789abcdef_bg.wasm")
        .await;
    assert_eq!(hashed.status, StatusCode::OK);
    assert!(
        cache(&hashed).is_some_and(|c| c.contains("immutable")),
        "{hashed:?}"
    );
    let chunk = browser.send(Method::GET, "/chunk_1.wasm").await;
    assert_eq!(cache(&chunk).as_deref(), Some("no-cache"));
    let post = browser.send(Method::POST, "/clusters/local").await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        browser.send(Method::GET, "/healthz").await.status,
        StatusCode::OK
    );
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn deleting_a_postgres_connector_can_drop_its_replication_slot() {
    let connect = client(1).await;
    let n = unique("slot");
    let slot = n.replace('-', "_");
    connect
        .create_connector(&name(&n), &pg_source_config(&slot, &slot), None)
        .await
        .expect("create");
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let api = Api::admin(&base).await;
    let connector = api.connector("w1", &n);
    let info = eventually("slot in use", Duration::from_secs(60), || async {
        let info = connector.slot().await.ok()?;
        (info.exists && info.active).then_some(info)
    })
    .await;
    assert_eq!(info.slot_name, slot);
    assert_eq!(info.database, "inventory");

    let answer = connector.delete(true).await.expect("delete");
    let dropped = answer.slot.expect("slot result");
    assert!(dropped.dropped, "{:?}", dropped.error);
    let pool = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("pg");
    let left: Option<(String,)> =
        sqlx::query_as("SELECT slot_name::text FROM pg_replication_slots WHERE slot_name = $1")
            .bind(&slot)
            .fetch_optional(&pool)
            .await
            .expect("query");
    assert!(left.is_none(), "the slot is still there");
    let audit = state
        .store
        .search_audit(&sluice_backend::store::AuditFilter {
            action: Some("delete".into()),
            connector: Some(n.clone()),
            limit: 5,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(
        audit[0]
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("\"dropped\":true")
    );
    assert!(
        !audit[0]
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains(DEMO_DB_PASSWORD)
    );
}
