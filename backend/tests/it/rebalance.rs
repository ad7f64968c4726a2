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

/// A cluster of two workers of the test's own (so killing one disturbs no other test): the
/// worker the console uses is killed with SIGKILL while config edits go through it one after
/// another. Each edit is answered in time, applied or reported, audited once; the other
/// worker takes over once the group has rebalanced.
#[tokio::test]
async fn a_worker_killed_mid_write_leaves_each_write_applied_or_reported_and_the_other_takes_over()
{
    let group = unique("it-killed");
    let (mut first, second) =
        tokio::join!(PrivateConnect::start(&group), PrivateConnect::start(&group));
    let write_timeout = Duration::from_secs(8);
    let budget = Duration::from_secs(20);
    let mut config = config_for(&[&first.url]);
    config.connect.write_timeout = write_timeout;
    // Writes refused while the group has no leader are retried this long.
    config.connect.rebalance_retry_budget = budget;
    config.clusters[0].url = sluice_backend::settings::WorkerUrls::new(vec![
        first.url.parse().expect("url"),
        second.url.parse().expect("url"),
    ])
    .expect("two workers");
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    let n = unique("killed");
    let base_config = file_sink_config(&unique("killed-topic"));
    admin
        .create_connector("w1", &new_connector(&n, &base_config))
        .await
        .expect("created");
    let connector = admin.connector("w1", &n);
    const SEQUENCE: &str = "sluice.it.sequence";

    // Edits back to back, each with the next sequence number, until ten went through after
    // the kill (or a minute and a half passed).
    let ok_after_kill = std::sync::atomic::AtomicUsize::new(0);
    let ok_before_kill = std::sync::atomic::AtomicUsize::new(0);
    let killed = std::sync::atomic::AtomicBool::new(false);
    let writer = async {
        let mut outcomes = Vec::new();
        let until = std::time::Instant::now() + Duration::from_secs(90);
        let mut i = 0_u32;
        while ok_after_kill.load(Ordering::SeqCst) < 10 && std::time::Instant::now() < until {
            i += 1;
            let mut c = base_config.clone();
            c.insert(SEQUENCE.into(), i.to_string());
            let started = std::time::Instant::now();
            let result = connector.put_config(&c).await.map(drop);
            let took = started.elapsed();
            if result.is_ok() {
                if killed.load(Ordering::SeqCst) {
                    ok_after_kill.fetch_add(1, Ordering::SeqCst);
                } else {
                    ok_before_kill.fetch_add(1, Ordering::SeqCst);
                }
            } else {
                // Not too fast a loop while the group settles.
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            outcomes.push((i, result, took));
        }
        outcomes
    };
    let killer = async {
        while ok_before_kill.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // Writes go back to back: the kill lands in the middle of one.
        tokio::time::sleep(Duration::from_millis(37)).await;
        killed.store(true, Ordering::SeqCst);
        first.kill().await;
    };
    let (outcomes, ()) = tokio::join!(writer, killer);

    let failed: Vec<_> = outcomes.iter().filter(|(_, r, _)| r.is_err()).collect();
    for (i, result, took) in &outcomes {
        assert!(
            *took < budget + write_timeout + Duration::from_secs(2),
            "edit {i} took {took:?}: {result:?}"
        );
        if let Err(e) = result {
            assert!(
                e.status.is_server_error() || e.status == reqwest::StatusCode::CONFLICT,
                "edit {i} failed with a clear status: {e:?}"
            );
            assert!(!e.error.message.is_empty(), "edit {i} says why: {e:?}");
        }
    }
    assert_eq!(
        ok_after_kill.load(Ordering::SeqCst),
        10,
        "the other worker took over: {:?}",
        failed
    );
    let last_ok = outcomes
        .iter()
        .filter(|(_, r, _)| r.is_ok())
        .map(|(i, _, _)| *i)
        .max()
        .expect("edits went through");

    // What the surviving worker holds is the last edit acknowledged or a later one; no
    // acknowledged edit was lost.
    let survivor = {
        let config = config_for(&[&second.url]);
        sluice_backend::connect::ConnectClient::new(&config.clusters[0], &config.connect)
            .expect("client")
    };
    let held: u32 = survivor
        .connector_config(&name(&n))
        .await
        .expect("the survivor answers")
        .get(SEQUENCE)
        .and_then(|s| s.parse().ok())
        .expect("a sequence");
    assert!(
        held >= last_ok,
        "edit {last_ok} was acknowledged, {held} is held"
    );

    // Every edit audited once and settled. Connect's config topic holds every edit a worker
    // applied: an edit audited ok is there, one audited failed is not (else the console would
    // have called a change that happened a failure), one it could not know is "unknown".
    let applied: std::collections::BTreeSet<u32> = {
        let topic = format!("{group}-configs");
        let key = format!("connector-{n}");
        tokio::task::spawn_blocking(move || read_back(&topic))
            .await
            .expect("read the config topic")
            .into_iter()
            .filter(|r| r.key.as_deref() == Some(key.as_bytes()))
            .filter_map(|r| {
                let v: serde_json::Value = serde_json::from_slice(r.value.as_deref()?).ok()?;
                v["properties"][SEQUENCE].as_str()?.parse().ok()
            })
            .collect()
    };
    let trail = admin
        .audit(&format!("connector={n}&action=edit_config"))
        .await
        .expect("audit");
    assert_eq!(trail.len(), outcomes.len(), "{trail:?}");
    let oks = trail.iter().filter(|e| e.result == "ok").count();
    assert_eq!(oks, outcomes.len() - failed.len(), "{trail:?}");
    for e in &trail {
        let sequence: u32 = e
            .detail
            .as_ref()
            .and_then(|d| d["after"][SEQUENCE].as_str()?.parse().ok())
            .expect("the entry names the edit");
        let result = e.result.as_str();
        if result == "ok" {
            assert!(
                applied.contains(&sequence),
                "edit {sequence} ok but not applied"
            );
        } else if result.starts_with("failed") {
            assert!(
                !applied.contains(&sequence),
                "edit {sequence} was applied, and audited {result}"
            );
        } else {
            assert!(result.starts_with("unknown"), "edit {sequence}: {result}");
        }
    }
    assert_eq!(
        applied.last(),
        Some(&held),
        "the survivor holds the last edit applied"
    );
    survivor
        .delete_connector(&name(&n))
        .await
        .expect("clean up");
}
