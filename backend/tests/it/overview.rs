//! The cluster overview and topology against the real stack: the version is Connect's own,
//! the workers are the ones Connect names, a connector's tasks are counted on the worker that
//! runs them, and a tenant's operator sees only their own connectors' counts.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sluice_shared::overview::{ClusterOverview, ClusterTopology};
use sluice_shared::policy::Role;
use sluice_shared::{ConnectorState, ErrorCode};

use crate::support::*;

/// Tasks per worker, as Connect's status of `names` says, once every task runs on a worker.
async fn tasks_by_worker(
    connect: &sluice_backend::connect::ConnectClient,
    names: &[&str],
) -> Option<BTreeMap<String, u32>> {
    let mut by_worker = BTreeMap::new();
    for n in names {
        let status = connect.connector_status(&name(n)).await.ok()?;
        let placed = !status.tasks.is_empty()
            && status
                .tasks
                .iter()
                .all(|t| t.state == ConnectorState::Running && !t.worker_id.is_empty());
        if !placed {
            return None;
        }
        for t in status.tasks {
            *by_worker.entry(t.worker_id).or_insert(0) += 1;
        }
    }
    Some(by_worker)
}

#[tokio::test]
async fn the_overview_counts_tasks_on_the_worker_connect_names_and_per_tenant() {
    let _calm = CLUSTER_CALM.read().await;
    let url = connect_url(1);
    let connect = client(1).await;
    let mut config = config_for(&[&url]);
    config.fleet.refresh_interval = Duration::from_secs(1);
    let (base, state) = spawn_app(config).await;
    acme_and_globex(&state).await;
    let admin = Api::admin(&base).await;
    let key = admin
        .create_key(&key_request("acme-ops", Role::Operator, Some("acme")))
        .await
        .expect("operator key");
    let operator = Api::with_key(&base, &key.key);

    // Names and topics inside each tenant's namespace (`acme-`/`acme.`, `globex-`/`globex.`).
    let acme = unique("acme-ovw").replacen("it-", "", 1);
    let acme_topic = format!("acme.{}", unique("ovw"));
    let mut acme_config = file_sink_config(&acme_topic);
    acme_config.insert("tasks.max".into(), "2".into());
    let mut req = new_connector(&acme, &acme_config);
    req.tenant = Some("acme".into());
    admin.create_connector("w1", &req).await.expect("acme sink");
    let globex = unique("globex-ovw").replacen("it-", "", 1);
    let mut req = new_connector(
        &globex,
        &file_sink_config(&format!("globex.{}", unique("ovw"))),
    );
    req.tenant = Some("globex".into());
    admin
        .create_connector("w1", &req)
        .await
        .expect("globex sink");

    // Connect's own `GET /`, straight from the worker.
    let own: serde_json::Value = reqwest::get(format!("{url}/"))
        .await
        .expect("Connect answers")
        .json()
        .await
        .expect("JSON");

    // The operator's counts are their one connector's, per worker as Connect places its
    // tasks. Asked until both agree: the feed refreshes each second, Connect may rebalance.
    let (overview, expected) = eventually(
        "the operator's overview matches Connect's placement",
        Duration::from_secs(60),
        || async {
            let expected = tasks_by_worker(&connect, &[&acme]).await?;
            let overview: ClusterOverview =
                operator.get("/api/v1/clusters/w1/overview").await.ok()?;
            let counted: BTreeMap<String, u32> = overview
                .workers
                .iter()
                .map(|w| (w.worker_id.clone(), w.tasks.total()))
                .filter(|(_, n)| *n > 0)
                .collect();
            (counted == expected).then_some((overview, expected))
        },
    )
    .await;
    assert_eq!(
        overview.version,
        own["version"].as_str().unwrap_or_default()
    );
    assert_eq!(overview.commit, own["commit"].as_str().unwrap_or_default());
    assert_eq!(
        overview.kafka_cluster_id,
        own["kafka_cluster_id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        (overview.balance.connectors, overview.balance.tasks),
        (1, 2),
        "an acme operator counts only acme's connector: {:?}",
        overview.balance
    );
    let running: u32 = overview.workers.iter().map(|w| w.tasks.running).sum();
    assert_eq!(running, 2);
    assert!(
        overview
            .plugins
            .iter()
            .any(|p| p.class.ends_with("FileStreamSinkConnector") && p.plugin_type == "sink"),
        "plugins are listed for everyone signed in"
    );

    // The admin sees every worker Connect names for both connectors, the operator's topology
    // only acme's connector, with its tasks on their workers and its configured topic.
    let admin_view: ClusterOverview = admin
        .get("/api/v1/clusters/w1/overview")
        .await
        .expect("admin overview");
    let globex_workers = eventually("globex's tasks run", Duration::from_secs(60), || async {
        tasks_by_worker(&connect, &[&globex]).await
    })
    .await;
    let admin_workers: Vec<&str> = admin_view
        .workers
        .iter()
        .map(|w| w.worker_id.as_str())
        .collect();
    for w in expected.keys().chain(globex_workers.keys()) {
        assert!(
            admin_workers.contains(&w.as_str()),
            "{w} missing from {admin_workers:?}"
        );
    }
    assert!(admin_view.balance.connectors >= 2);
    let topology: ClusterTopology = operator
        .get("/api/v1/clusters/w1/topology")
        .await
        .expect("topology");
    let names: Vec<&str> = topology
        .connectors
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, vec![acme.as_str()]);
    let c = &topology.connectors[0];
    assert_eq!(c.topics.names, vec![acme_topic.clone()]);
    assert_eq!(c.tasks.len(), 2);
    assert!(c.tasks.iter().all(|t| expected.contains_key(&t.worker_id)));

    for n in [&acme, &globex] {
        connect.delete_connector(&name(n)).await.expect("delete");
    }
}

#[tokio::test]
async fn a_cluster_that_is_down_gets_an_envelope_in_time() {
    let (base, _) = spawn_app(config_for(&["http://127.0.0.1:9"])).await;
    let admin = Api::admin(&base).await;
    let started = Instant::now();
    for path in ["overview", "topology"] {
        let refused = admin
            .get::<serde_json::Value>(&format!("/api/v1/clusters/w1/{path}"))
            .await
            .expect_err("a dead cluster");
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert_eq!(refused.error.code, ErrorCode::ClusterUnreachable, "{path}");
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}
