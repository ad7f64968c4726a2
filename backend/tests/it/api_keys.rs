//! API keys through the real server: shown once, scoped by role and tenant, revocable,
//! expiring, rate-limited, with usage statistics synced to the database.

use std::net::IpAddr;
use std::time::Duration;

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sluice_shared::ErrorCode;
use sluice_shared::api_key::CreateApiKey;
use sluice_shared::policy::Role;

#[tokio::test]
async fn a_key_is_shown_once_and_sees_what_its_tenant_role_may_see() {
    let client = client(1).await;
    let (ours, theirs) = (name(&unique("acme-k")), name(&unique("globex-k")));
    for n in [&ours, &theirs] {
        client
            .create_connector(n, &file_sink_config(&unique("empty")), None)
            .await
            .expect("create");
    }
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    state
        .store
        .set_owner("w1", ours.as_str(), "acme")
        .await
        .expect("owner");
    state
        .store
        .set_owner("w1", theirs.as_str(), "globex")
        .await
        .expect("owner");
    let admin = Api::admin(&base).await;

    let created = admin
        .create_key(&key_request("ci deploys", Role::Viewer, Some("acme")))
        .await
        .expect("key created");
    assert!(created.key.starts_with(&created.info.prefix));
    // The raw listing: the key must not appear in any field.
    let listing = admin.send(Method::GET, "/api/v1/api-keys").await;
    assert_eq!(listing.status, StatusCode::OK);
    assert!(
        listing.text.contains(&created.info.prefix) && !listing.text.contains(&created.key),
        "the key is never shown again"
    );

    let by_key = Api::with_key(&base, &created.key);
    let list = by_key.connectors("w1").await.expect("list");
    let names: Vec<&str> = list.connectors.iter().map(|c| c.name.as_str()).collect();
    assert!(
        names.contains(&ours.as_str()) && !names.contains(&theirs.as_str()),
        "{names:?}"
    );
    let me_by_key = by_key.me().await.expect("me");
    assert_eq!(
        (me_by_key.username.as_str(), me_by_key.role),
        ("key:ci deploys", Role::Viewer)
    );
    let denied = by_key.api_keys().await.expect_err("a viewer key");
    assert_eq!(
        denied.status,
        StatusCode::FORBIDDEN,
        "a viewer key cannot manage keys"
    );

    for n in [&ours, &theirs] {
        client.delete_connector(n).await.expect("delete");
    }
}

#[tokio::test]
async fn operators_issue_keys_only_for_their_tenant_and_at_most_their_role() {
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    add_user(&state, "olga", Role::Operator, Some("acme")).await;
    let olga = Api::sign_in(&base, "olga", "olga-password").await;

    let own = olga
        .create_key(&key_request("etl", Role::Operator, None))
        .await
        .expect("key created");
    assert_eq!(
        own.info.tenant.as_deref(),
        Some("acme"),
        "defaults to the operator's tenant"
    );

    let admin_key = olga
        .create_key(&key_request("root", Role::Admin, None))
        .await
        .expect_err("an admin key");
    assert_eq!(
        admin_key.status,
        StatusCode::BAD_REQUEST,
        "admin keys have no tenant; an operator's does"
    );
    let support_key = olga
        .create_key(&key_request("root", Role::Support, None))
        .await
        .expect_err("a support key");
    assert!(matches!(
        support_key.status,
        StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN
    ));
    let other = olga
        .create_key(&key_request("x", Role::Viewer, Some("globex")))
        .await
        .expect_err("a key of another tenant");
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let nameless = olga
        .create_key(&key_request("  ", Role::Viewer, None))
        .await
        .expect_err("a blank name");
    assert_eq!(
        (nameless.error.code, nameless.error.field.as_deref()),
        (ErrorCode::InvalidInput, Some("name"))
    );
    let no_csrf = olga
        .with_csrf(None)
        .create_key(&key_request("x", Role::Viewer, None))
        .await
        .expect_err("a write without the CSRF token");
    assert_eq!(
        no_csrf.status,
        StatusCode::FORBIDDEN,
        "cookie-authenticated writes need the CSRF token"
    );

    let listed = olga.api_keys().await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].created_by, "olga");
}

#[tokio::test]
async fn revoked_and_expired_keys_stop_working() {
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let key = admin
        .create_key(&key_request("temp", Role::Support, None))
        .await
        .expect("key created");
    let by_key = Api::with_key(&base, &key.key);
    by_key.clusters().await.expect("the new key works");
    assert_eq!(
        admin.revoke_key(&key.info.id).await,
        Ok(StatusCode::NO_CONTENT)
    );
    let revoked = by_key.clusters().await.expect_err("a revoked key");
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);

    let expired = admin
        .create_key(&CreateApiKey {
            expires_in_days: Some(0),
            ..key_request("old", Role::Support, None)
        })
        .await
        .expect("key created");
    let refused = Api::with_key(&base, &expired.key)
        .clusters()
        .await
        .expect_err("an expired key");
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let forged = Api::with_key(&base, "slk_notARealKeyAtAll")
        .clusters()
        .await
        .expect_err("a key never issued");
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn usage_is_counted_per_endpoint_and_synced_and_the_rate_is_limited() {
    let mut config = config_for(&[&connect_url(1)]);
    config.api_keys.stats_sync_interval = Duration::from_millis(200);
    config.api_keys.rate_per_minute = 5;
    let (base, state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    let key = admin
        .create_key(&key_request("cli", Role::Support, None))
        .await
        .expect("key created");
    let by_key = Api::with_key(&base, &key.key);
    by_key.clusters().await.expect("first request");
    by_key.clusters().await.expect("second request");
    by_key.connectors("w1").await.expect("third request");
    let stored = eventually(
        "usage synced to the database",
        Duration::from_secs(10),
        || async {
            state
                .store
                .api_key(&key.info.id)
                .await
                .ok()
                .flatten()
                .filter(|k| k.request_count == 3)
        },
    )
    .await;
    assert!(stored.last_used_at.is_some());
    let detail = admin.api_key(&key.info.id).await.expect("detail");
    assert_eq!(detail.request_count, 3);
    let counts: Vec<(&str, i64)> = detail
        .endpoints
        .iter()
        .map(|e| (e.endpoint.as_str(), e.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("GET /api/v1/clusters", 2),
            ("GET /api/v1/clusters/{cluster}/connectors", 1)
        ]
    );

    let mut last = None;
    for _ in 0..3 {
        last = by_key.clusters().await.err().map(|r| r.status);
    }
    assert_eq!(
        last,
        Some(StatusCode::TOO_MANY_REQUESTS),
        "the sixth request in a minute is refused"
    );
}

#[tokio::test]
async fn a_key_used_from_a_new_address_is_audited_once_even_across_replicas() {
    let config = config_for(&[&connect_url(1)]);
    let database_url = config.database_url.clone();
    let (base, state) = spawn_app(config).await;
    acme_and_globex(&state).await;
    let admin = Api::admin(&base).await;
    let created = admin
        .create_key(&key_request("nightly export", Role::Viewer, Some("acme")))
        .await
        .expect("key created");
    let (home, elsewhere): (IpAddr, IpAddr) = ([127, 0, 0, 1].into(), [127, 0, 0, 2].into());
    for from in [home, home, elsewhere, elsewhere] {
        Api::with_key_from(&base, &created.key, from)
            .clusters()
            .await
            .expect("the key works");
    }
    // A second replica on the same database starts with nothing cached: the database knows.
    let mut second = config_for(&[&connect_url(1)]);
    second.database_url = database_url;
    let (replica, _) = spawn_app(second).await;
    Api::with_key_from(&replica, &created.key, home)
        .clusters()
        .await
        .expect("the key works on the replica");

    let trail = admin
        .audit("action=api_key_new_address")
        .await
        .expect("audit");
    let mut seen: Vec<_> = trail
        .iter()
        .map(|r| {
            let d = r.detail.clone().unwrap_or_default();
            (
                r.actor.clone(),
                r.tenant.clone(),
                d["key_id"].clone(),
                d["key_name"].clone(),
                d["address"].clone(),
            )
        })
        .collect();
    seen.sort_by_key(|s| s.4.to_string());
    let expected = |address: &str| {
        (
            "key:nightly export".to_owned(),
            Some("acme".to_owned()),
            json!(created.info.id),
            json!("nightly export"),
            json!(address),
        )
    };
    assert_eq!(
        seen,
        [expected("127.0.0.1"), expected("127.0.0.2")],
        "one record per address, none for a known one"
    );
}
