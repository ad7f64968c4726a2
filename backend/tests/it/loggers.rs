//! Connect's worker log levels (KIP-495) through the console, against the real two-worker
//! stack: support raises a Debezium logger cluster-wide and both workers apply it (read from
//! Connect itself), the change is audited with the level before, bad input is refused before
//! Connect sees it, tenants' callers are refused and nobody unsigned gets in.

use std::time::Duration;

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sluice_shared::ErrorCode;
use sluice_shared::loggers::{LogLevel, LoggerChanged, LoggerInfo, LoggerScope, effective_level};
use sluice_shared::policy::Role;

/// Tests that change `io.debezium.connector.postgresql` on the shared stack take this first,
/// so one never reads back what another just set.
pub static PG_LOGGER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const LOGGER: &str = "io.debezium.connector.postgresql";

/// The logger's level as worker `worker` itself answers (`GET /admin/loggers/{logger}`);
/// `None` while the worker has no such logger (Connect answers 404).
async fn level_on_worker(worker: u16) -> Option<String> {
    let response = reqwest::get(format!("{}/admin/loggers/{LOGGER}", connect_url(worker)))
        .await
        .expect("ask the worker");
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    let body: serde_json::Value = response.json().await.expect("logger JSON");
    body["level"].as_str().map(str::to_owned)
}

/// Waits until both workers report `level` (cluster scope goes through the config topic).
async fn both_workers_at(level: &str) {
    for worker in [1, 2] {
        eventually(
            &format!("worker {worker} has {LOGGER} at {level}"),
            Duration::from_secs(30),
            || async move { (level_on_worker(worker).await.as_deref() == Some(level)).then_some(()) },
        )
        .await;
    }
}

#[tokio::test]
async fn support_raises_a_debezium_logger_cluster_wide_audited_and_bad_input_never_reaches_connect()
{
    let _held = PG_LOGGER.lock().await;
    require_up(&connect_url(2)).await;
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    add_user(&state, "support-user", Role::Support, None).await;
    let support = Api::sign_in(&base, "support-user", "support-user-password").await;
    let admin = Api::admin(&base).await;
    let listing = "/api/v1/clusters/w1/loggers";
    let one = format!("{listing}/{LOGGER}");

    // The listing is Connect's, root first then by name; the level before is the logger's own
    // or, when the worker has no such logger yet, inherited.
    let before: Vec<LoggerInfo> = support.get(listing).await.expect("listing");
    assert_eq!(before[0].name, "root");
    assert!(before[1..].windows(2).all(|w| w[0].name < w[1].name));
    let old = effective_level(&before, LOGGER)
        .expect("root is listed")
        .to_owned();
    assert_ne!(old, "DEBUG", "a previous run left {LOGGER} at DEBUG");

    // 1. Support sets DEBUG (lower case, normalised); cluster scope is the default.
    let changed: LoggerChanged = support
        .put(&one, &json!({"level": "debug"}))
        .await
        .expect("support may change a level");
    assert_eq!(changed.logger, LOGGER);
    assert_eq!(changed.level, LogLevel::Debug);
    assert_eq!(changed.scope, LoggerScope::Cluster);
    assert_eq!(changed.previous.as_deref(), Some(old.as_str()));
    assert!(
        changed.affected.is_empty(),
        "cluster scope is accepted (204), not applied in the answer"
    );
    // Both workers apply it, asked directly, not through the console.
    both_workers_at("DEBUG").await;
    let after: Vec<LoggerInfo> = support.get(listing).await.expect("listing");
    let listed = after
        .iter()
        .find(|l| l.name == LOGGER)
        .expect("listed once set");
    assert_eq!(listed.level, "DEBUG");
    assert!(listed.last_modified.is_some(), "{listed:?}");

    // 2. The change is in the audit log: who, where, the logger, old and new level, scope.
    let entries = admin
        .audit("action=logger_level&actor=support-user")
        .await
        .expect("audit");
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry = &entries[0];
    assert_eq!(entry.result, "ok");
    assert_eq!(entry.cluster.as_deref(), Some("w1"));
    assert_eq!(entry.tenant, None, "a logger belongs to no tenant");
    let detail = entry.detail.clone().expect("detail");
    assert_eq!(detail["logger"], LOGGER);
    assert_eq!(detail["old_level"], old.as_str());
    assert_eq!(detail["new_level"], "DEBUG");
    assert_eq!(detail["scope"], "cluster");

    // 3. Bad input is a 400 naming its field, and Connect never hears of it: a valid level with
    // a bad scope would have been applied had it been forwarded.
    for (body, path, field) in [
        (json!({"level": "LOUD"}), one.clone(), "level"),
        (
            json!({"level": "TRACE", "scope": "everywhere"}),
            one.clone(),
            "scope",
        ),
        (
            json!({"level": "TRACE"}),
            format!("{listing}/io%20debezium"),
            "logger",
        ),
        (
            json!({"level": "TRACE"}),
            format!("{listing}/a..b"),
            "logger",
        ),
    ] {
        let refused = support.send_json(Method::PUT, &path, &body).await.refusal();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body} {path}");
        assert_eq!(refused.error.code, ErrorCode::InvalidInput);
        assert_eq!(refused.error.field.as_deref(), Some(field), "{body} {path}");
    }
    // A missing level is named at its field, like a wrong one.
    let missing = support
        .send_json(Method::PUT, &one, &json!({"scope": "worker"}))
        .await
        .refusal();
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (missing.error.code, missing.error.field.as_deref()),
        (ErrorCode::InvalidInput, Some("level"))
    );
    for worker in [1, 2] {
        assert_eq!(level_on_worker(worker).await.as_deref(), Some("DEBUG"));
    }
    let entries = admin
        .audit("action=logger_level&actor=support-user")
        .await
        .expect("audit");
    assert_eq!(entries.len(), 1, "refused requests change nothing to audit");

    // 4. Tenants' callers — a session or a tenant's key — are refused; nobody unsigned gets in.
    add_user(&state, "operator-user", Role::Operator, Some("acme")).await;
    let operator = Api::sign_in(&base, "operator-user", "operator-user-password").await;
    let key = admin
        .create_key(&key_request("tenant key", Role::Operator, Some("acme")))
        .await
        .expect("key");
    let tenant_key = Api::with_key(&base, &key.key);
    for caller in [&operator, &tenant_key] {
        let read = caller.send(Method::GET, listing).await.refusal();
        assert_eq!(read.status, StatusCode::FORBIDDEN);
        let write = caller
            .send_json(Method::PUT, &one, &json!({"level": "TRACE"}))
            .await
            .refusal();
        assert_eq!(write.status, StatusCode::FORBIDDEN);
    }
    let nobody = Api::anonymous(&base);
    assert_eq!(
        nobody.send(Method::GET, listing).await.refusal().status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        nobody
            .send_json(Method::PUT, &one, &json!({"level": "TRACE"}))
            .await
            .refusal()
            .status,
        StatusCode::UNAUTHORIZED
    );
    both_workers_at("DEBUG").await;

    // 5. Back to the level it had, as support, and both workers follow.
    let reset: LoggerChanged = support
        .put(&one, &json!({"level": old, "scope": "cluster"}))
        .await
        .expect("reset");
    assert_eq!(reset.previous.as_deref(), Some("DEBUG"));
    both_workers_at(&old).await;
}

#[tokio::test]
async fn worker_scope_changes_only_the_answering_worker_and_says_what_it_changed() {
    let _held = PG_LOGGER.lock().await;
    require_up(&connect_url(2)).await;
    // The console's cluster points at worker 2 here, so worker 1 is the one left alone.
    let (base, state) = spawn_app(config_for(&[&connect_url(2)])).await;
    add_user(&state, "support-user", Role::Support, None).await;
    let support = Api::sign_in(&base, "support-user", "support-user-password").await;
    let one = format!("/api/v1/clusters/w1/loggers/{LOGGER}");
    let before = level_on_worker(1).await;

    let changed: LoggerChanged = support
        .put(&one, &json!({"level": "TRACE", "scope": "worker"}))
        .await
        .expect("worker scope");
    assert_eq!(changed.scope, LoggerScope::Worker);
    assert!(
        changed.affected.iter().any(|l| l == LOGGER),
        "Connect names what it changed: {:?}",
        changed.affected
    );
    assert_eq!(level_on_worker(2).await.as_deref(), Some("TRACE"));
    assert_eq!(
        level_on_worker(1).await,
        before,
        "the other worker is untouched"
    );

    // Back to one level everywhere: cluster scope overrides the worker's own change.
    let old = changed.previous.expect("level before");
    let _: LoggerChanged = support
        .put(&one, &json!({"level": old}))
        .await
        .expect("reset");
    both_workers_at(&old).await;
}
