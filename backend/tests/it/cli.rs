//! The `sluice connectors` CLI, as a script would run it: the real binary, an API key, the
//! real server and a real connector on the stack.

use std::process::Output;
use std::time::Duration;

use crate::support::*;
use serde_json::json;
use sluice_shared::ConnectorSummary;
use sluice_shared::policy::Role;

async fn sluice(base: &str, key: &str, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(["connectors", "--url", base])
        .args(args)
        .env("SLUICE_API_KEY", key)
        .env_remove("SLUICE_CONFIG")
        .output()
        .await
        .expect("run sluice")
}

#[tokio::test]
async fn the_cli_lists_restarts_creates_and_deletes_with_an_api_key_whose_usage_is_counted() {
    let client = client(1).await;
    let n = name(&unique("acme-cli"));
    client
        .create_connector(&n, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create");
    eventually("connector running", Duration::from_secs(60), || async {
        client
            .connector_status(&n)
            .await
            .ok()
            .filter(|s| s.tasks.len() == 1)
    })
    .await;
    let mut config = config_for(&[&connect_url(1)]);
    config.api_keys.stats_sync_interval = Duration::from_millis(200);
    let (base, state) = spawn_app(config).await;
    state
        .store
        .create_tenant("acme", "Acme", "acme-", "acme.", &[], &[])
        .await
        .expect("tenant");
    state
        .store
        .set_owner("w1", n.as_str(), "acme")
        .await
        .expect("owner");
    let admin = Api::admin(&base).await;
    let key = admin
        .create_key(&key_request("nightly", Role::Operator, Some("acme")))
        .await
        .expect("key created");

    let list = sluice(&base, &key.key, &["--json", "list"]).await;
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    // `--json` prints the API's connector rows.
    let rows: Vec<ConnectorSummary> = serde_json::from_slice(&list.stdout).expect("JSON list");
    assert!(rows.iter().any(|c| c.name == n.as_str()), "{rows:?}");

    let restart = sluice(&base, &key.key, &["restart", n.as_str()]).await;
    assert!(
        restart.status.success(),
        "{}",
        String::from_utf8_lossy(&restart.stderr)
    );
    assert!(String::from_utf8_lossy(&restart.stdout).contains("1 task(s) restarting"));
    let audit = state.store.audit(Some("acme"), 10).await.expect("audit");
    assert_eq!(
        audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["restart", "api_key_new_address"],
        "one restart recorded, after the key's first use from this address"
    );
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].action.as_str()),
        ("key:nightly", "restart")
    );
    assert_eq!(audit[0].connector_name.as_deref(), Some(n.as_str()));

    let status = sluice(&base, &key.key, &["status", n.as_str()]).await;
    assert!(String::from_utf8_lossy(&status.stdout).contains(n.as_str()));

    // Outside its tenant the key sees nothing and can restart nothing.
    let other = name(&unique("other-cli"));
    client
        .create_connector(&other, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create");
    let refused = sluice(&base, &key.key, &["restart", other.as_str()]).await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no such connector"));
    let bad_key = sluice(&base, "slk_wrong", &["list"]).await;
    assert!(String::from_utf8_lossy(&bad_key.stderr).contains("SLUICE_API_KEY"));

    // Create from a file: outside the tenant's namespace is refused before Connect sees it.
    let dir = std::env::temp_dir();
    let outside = dir.join(format!("{}.json", unique("outside")));
    let spec = |name: &str| {
        json!({"name": name, "config": file_sink_config(&format!("acme.{}", unique("empty")))})
            .to_string()
    };
    std::fs::write(&outside, spec("globex-orders")).expect("file");
    let refused = sluice(
        &base,
        &key.key,
        &["create", "-f", &outside.to_string_lossy()],
    )
    .await;
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("start with `acme-`"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let fresh = unique("acme-new").replace("it-", "");
    let inside = dir.join(format!("{fresh}.json"));
    std::fs::write(&inside, spec(&fresh)).expect("file");
    let created = sluice(
        &base,
        &key.key,
        &["create", "-f", &inside.to_string_lossy()],
    )
    .await;
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert_eq!(
        state
            .store
            .owner("w1", &fresh)
            .await
            .expect("owner")
            .as_deref(),
        Some("acme"),
        "created in the key's tenant"
    );
    let deleted = sluice(&base, &key.key, &["delete", &fresh]).await;
    assert!(
        deleted.status.success(),
        "{}",
        String::from_utf8_lossy(&deleted.stderr)
    );
    assert!(
        !client
            .connector_names()
            .await
            .expect("names")
            .contains(&fresh)
    );
    let actions: Vec<String> = state
        .store
        .audit(Some("acme"), 10)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["delete", "create", "restart", "api_key_new_address"]
    );

    let usage = eventually(
        "usage of the key counted",
        Duration::from_secs(10),
        || async {
            let k = admin.api_key(&key.info.id).await.ok()?;
            (k.request_count >= 7).then_some(k)
        },
    )
    .await;
    assert!(
        usage
            .endpoints
            .iter()
            .any(|e| e.endpoint == "POST /api/v1/clusters/{cluster}/connectors/{name}/restart")
    );
    for c in [&n, &other] {
        client.delete_connector(c).await.expect("delete");
    }
}
