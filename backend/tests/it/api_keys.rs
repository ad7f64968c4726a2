//! API keys through the real server: shown once, scoped by role and tenant, revocable,
//! expiring, rate-limited, with usage statistics synced to the database.

use std::time::Duration;

use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;
use sluice_shared::api_key::{ApiKeyInfo, CreatedApiKey};
use sluice_shared::policy::Role;
use sluice_shared::session::Me;
use sluice_shared::{ApiError, ClusterConnectors, ErrorCode};

async fn create(
    http: &reqwest::Client,
    base: &str,
    me: &Me,
    body: serde_json::Value,
) -> reqwest::Response {
    http.post(format!("{base}/api/v1/api-keys"))
        .header("x-csrf-token", &me.csrf_token)
        .json(&body)
        .send()
        .await
        .expect("create key")
}

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
    let (http, me) = login(&base, "admin", ADMIN_PASSWORD).await;

    let created = create(
        &http,
        &base,
        &me,
        json!({"name": "ci deploys", "role": "viewer", "tenant": "acme"}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: CreatedApiKey = created.json().await.expect("created");
    assert!(created.key.starts_with(&created.info.prefix));
    let listing = http
        .get(format!("{base}/api/v1/api-keys"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("body");
    assert!(
        listing.contains(&created.info.prefix) && !listing.contains(&created.key),
        "the key is never shown again"
    );

    let key_client = bearer(&created.key);
    let list: ClusterConnectors = key_client
        .get(format!("{base}/api/v1/clusters/w1/connectors"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let names: Vec<&str> = list.connectors.iter().map(|c| c.name.as_str()).collect();
    assert!(
        names.contains(&ours.as_str()) && !names.contains(&theirs.as_str()),
        "{names:?}"
    );
    let me_by_key: Me = key_client
        .get(format!("{base}/api/v1/auth/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("me");
    assert_eq!(
        (me_by_key.username.as_str(), me_by_key.role),
        ("key:ci deploys", Role::Viewer)
    );
    let denied = key_client
        .get(format!("{base}/api/v1/api-keys"))
        .send()
        .await
        .expect("list");
    assert_eq!(
        denied.status(),
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
    let (http, me) = login(&base, "olga", "olga-password").await;

    let own = create(
        &http,
        &base,
        &me,
        json!({"name": "etl", "role": "operator"}),
    )
    .await;
    assert_eq!(own.status(), StatusCode::CREATED);
    let own: CreatedApiKey = own.json().await.expect("created");
    assert_eq!(
        own.info.tenant.as_deref(),
        Some("acme"),
        "defaults to the operator's tenant"
    );

    let admin_key = create(&http, &base, &me, json!({"name": "root", "role": "admin"})).await;
    assert_eq!(
        admin_key.status(),
        StatusCode::BAD_REQUEST,
        "admin keys have no tenant; an operator's does"
    );
    let admin_key = create(
        &http,
        &base,
        &me,
        json!({"name": "root", "role": "support", "tenant": null}),
    )
    .await;
    assert!(matches!(
        admin_key.status(),
        StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN
    ));
    let other = create(
        &http,
        &base,
        &me,
        json!({"name": "x", "role": "viewer", "tenant": "globex"}),
    )
    .await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let nameless = create(&http, &base, &me, json!({"name": "  ", "role": "viewer"})).await;
    let e: ApiError = nameless.json().await.expect("envelope");
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("name"))
    );
    let no_csrf = http
        .post(format!("{base}/api/v1/api-keys"))
        .json(&json!({"name": "x", "role": "viewer"}))
        .send()
        .await
        .expect("post");
    assert_eq!(
        no_csrf.status(),
        StatusCode::FORBIDDEN,
        "cookie-authenticated writes need the CSRF token"
    );

    let listed: Vec<ApiKeyInfo> = http
        .get(format!("{base}/api/v1/api-keys"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].created_by, "olga");
}

#[tokio::test]
async fn revoked_and_expired_keys_stop_working() {
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let (http, me) = login(&base, "admin", ADMIN_PASSWORD).await;
    let key: CreatedApiKey = create(
        &http,
        &base,
        &me,
        json!({"name": "temp", "role": "support"}),
    )
    .await
    .json()
    .await
    .expect("created");
    let by_key = bearer(&key.key);
    assert_eq!(
        by_key
            .get(format!("{base}/api/v1/clusters"))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::OK
    );
    let revoke = http
        .delete(format!("{base}/api/v1/api-keys/{}", key.info.id))
        .header("x-csrf-token", &me.csrf_token)
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        by_key
            .get(format!("{base}/api/v1/clusters"))
            .send()
            .await
            .expect("get")
            .status(),
        StatusCode::UNAUTHORIZED
    );

    let expired: CreatedApiKey = create(
        &http,
        &base,
        &me,
        json!({"name": "old", "role": "support", "expires_in_days": 0}),
    )
    .await
    .json()
    .await
    .expect("created");
    let status = bearer(&expired.key)
        .get(format!("{base}/api/v1/clusters"))
        .send()
        .await
        .expect("get")
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let forged = bearer("slk_notARealKeyAtAll")
        .get(format!("{base}/api/v1/clusters"))
        .send()
        .await
        .expect("get");
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn usage_is_counted_per_endpoint_and_synced_and_the_rate_is_limited() {
    let mut config = config_for(&[&connect_url(1)]);
    config.api_keys.stats_sync_interval = Duration::from_millis(200);
    config.api_keys.rate_per_minute = 5;
    let (base, state) = spawn_app(config).await;
    let (http, me) = login(&base, "admin", ADMIN_PASSWORD).await;
    let key: CreatedApiKey = create(&http, &base, &me, json!({"name": "cli", "role": "support"}))
        .await
        .json()
        .await
        .expect("created");
    let by_key = bearer(&key.key);
    for path in [
        "/api/v1/clusters",
        "/api/v1/clusters",
        "/api/v1/clusters/w1/connectors",
    ] {
        assert_eq!(
            by_key
                .get(format!("{base}{path}"))
                .send()
                .await
                .expect("get")
                .status(),
            StatusCode::OK
        );
    }
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
    let detail: ApiKeyInfo = http
        .get(format!("{base}/api/v1/api-keys/{}", key.info.id))
        .send()
        .await
        .expect("detail")
        .json()
        .await
        .expect("json");
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

    let mut last = StatusCode::OK;
    for _ in 0..3 {
        last = by_key
            .get(format!("{base}/api/v1/clusters"))
            .send()
            .await
            .expect("get")
            .status();
    }
    assert_eq!(
        last,
        StatusCode::TOO_MANY_REQUESTS,
        "the sixth request in a minute is refused"
    );
}
