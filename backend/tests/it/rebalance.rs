//! Two Connect workers in one group: writes that hit a rebalance are retried, not failed.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::support::*;
use futures::future::join_all;
use sluice_shared::ConnectorState;

#[tokio::test]
async fn writes_during_a_rebalance_are_retried_through_409s() {
    let _alone = CLUSTER_CALM.write().await;
    let leader_side = client(1).await;
    let other_worker = client(2).await;
    let target = name(&unique("rb-target"));
    leader_side
        .create_connector(&target, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create target");
    eventually("target running", Duration::from_secs(60), || async {
        leader_side
            .connector_status(&target)
            .await
            .ok()
            .filter(|s| s.connector.state == ConnectorState::Running && !s.tasks.is_empty())
    })
    .await;

    // Each new connector forces a rebalance; restarts with includeTasks sent meanwhile are
    // refused by Connect with 409 "stale configuration" until the group settles.
    let mut created = Vec::new();
    // Whether a write lands inside a rebalance is timing: keep forcing rebalances until one
    // does (usually the first round; the loop stops there).
    for round in 0..20 {
        let creators = (0..8).map(|i| {
            let n = name(&unique(&format!("rb-{round}-{i}")));
            created.push(n.clone());
            let cfg = file_sink_config(&unique("empty"));
            let c = &leader_side;
            async move { c.create_connector(&n, &cfg, None).await.map(drop) }
        });
        let restarts = (0..8).map(|_| async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            other_worker
                .restart_connector(&target, true, false)
                .await
                .map(drop)
        });
        let (creates, restarts) = tokio::join!(join_all(creators), join_all(restarts));
        for r in creates.into_iter().chain(restarts) {
            r.expect("every write succeeds despite the rebalances");
        }
        if other_worker
            .stats()
            .rebalance_retries
            .load(Ordering::Relaxed)
            > 0
        {
            break;
        }
    }
    let retries = other_worker
        .stats()
        .rebalance_retries
        .load(Ordering::Relaxed);
    assert!(
        retries > 0,
        "no write met a rebalance in 20 rounds; the test proved nothing"
    );

    for n in created.iter().chain([&target]) {
        leader_side.delete_connector(n).await.expect("clean up");
    }
}
