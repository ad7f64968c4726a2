//! Signing in and out, sessions, CSRF, throttling and per-tenant visibility, through the
//! real server (SQLite console database, real Connect for the connector list).

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_backend::store::AuditFilter;
use sluice_shared::ErrorCode;
use sluice_shared::admin::AuditRecord;
use sluice_shared::policy::Role;
use sluice_shared::session::LoginRequest;
use sqlx::Row;

fn credentials(user: &str, password: &str) -> LoginRequest {
    LoginRequest {
        username: user.into(),
        password: password.into(),
    }
}

/// A sign-in as a browser behind a TLS-terminating proxy sends it, read raw: these tests
/// look at its headers (cookie flags, `retry-after`) as well as its body.
async fn post_login(base: &str, user: &str, password: &str) -> Answer {
    let response = Api::anonymous(base)
        .raw(Method::POST, "/api/v1/auth/login")
        .header("x-forwarded-proto", "https")
        .json(&credentials(user, password))
        .send()
        .await
        .expect("login request");
    Answer::read(format!("POST /api/v1/auth/login as {user}"), response).await
}

#[tokio::test]
async fn the_api_refuses_anyone_not_signed_in() {
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let nobody = Api::anonymous(&base);
    for path in [
        "/api/v1/clusters",
        "/api/v1/clusters/w1/connectors",
        "/api/v1/auth/me",
    ] {
        let refused = nobody.send(Method::GET, path).await.refusal();
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(refused.error.code, ErrorCode::Unauthenticated);
    }
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_answer() {
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let wrong = post_login(&base, "admin", "not-the-password")
        .await
        .refusal();
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let nobody = post_login(&base, "nobody", "x").await.refusal();
    assert_eq!(
        wrong, nobody,
        "the answer must not reveal which usernames exist"
    );
    assert_eq!(wrong.error.message, "invalid username or password");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_secure_behind_tls() {
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let ok = post_login(&base, "admin", ADMIN_PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK);
    let cookie = ok
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    for flag in [
        "sluice_session=",
        "HttpOnly",
        "SameSite=Strict",
        "Secure",
        "Path=/",
    ] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    let plain = Api::anonymous(&base)
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            &credentials("admin", ADMIN_PASSWORD),
        )
        .await;
    let cookie = plain
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on loopback cannot use a Secure cookie: {cookie}"
    );
}

#[tokio::test]
async fn logout_needs_the_csrf_token_and_revokes_the_session_server_side() {
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let me = admin.session();
    assert_eq!((me.username.as_str(), me.role), ("admin", Role::Admin));
    admin.me().await.expect("signed in before the logout");

    let no_token = admin
        .with_csrf(None)
        .logout()
        .await
        .expect_err("a logout without the token");
    assert_eq!(
        no_token.status,
        StatusCode::FORBIDDEN,
        "a cross-site form cannot log anyone out"
    );
    let wrong = admin
        .with_csrf(Some("forged"))
        .logout()
        .await
        .expect_err("a logout with a forged token");
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // A second, independent session of the same user.
    let copy = Api::admin(&base).await;
    assert_eq!(admin.logout().await, Ok(StatusCode::NO_CONTENT));
    let after = admin.me().await.expect_err("the session is over");
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    copy.me()
        .await
        .expect("logout ends this session, not every session");
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_retry_after() {
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let mut last = None;
    for _ in 0..6 {
        last = Some(post_login(&base, "admin", "guess").await);
    }
    let last = last.expect("six attempts");
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = last.headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let throttled = post_login(&base, "admin", ADMIN_PASSWORD).await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );

    // Read from the store: `admin` itself is throttled now.
    let recorded = |action: &str| {
        let filter = AuditFilter {
            action: Some(action.to_owned()),
            limit: 100,
            ..AuditFilter::default()
        };
        let store = state.store.clone();
        async move { store.search_audit(&filter).await.expect("audit") }
    };
    let refusals = recorded("sign_in_failed").await;
    let results: Vec<&str> = refusals.iter().map(|r| r.result.as_str()).collect();
    assert_eq!(
        results.iter().filter(|r| **r == "throttled").count(),
        1,
        "two throttled attempts, recorded once per address per minute: {results:?}"
    );
    assert_eq!(
        results.len(),
        6,
        "five refusals and one throttled: {results:?}"
    );
    assert!(
        recorded("sign_in").await.is_empty(),
        "a throttled right password is no sign-in"
    );
}

/// The one record of `action` in `trail`.
fn only<'a>(trail: &'a [AuditRecord], action: &str, actor: &str) -> &'a AuditRecord {
    let found: Vec<&AuditRecord> = trail
        .iter()
        .filter(|r| r.action == action && r.actor == actor)
        .collect();
    assert_eq!(found.len(), 1, "one {action} by {actor:?} in {trail:#?}");
    found[0]
}

#[tokio::test]
async fn sign_ins_refusals_and_sign_outs_are_audited_but_never_the_password() {
    const WRONG: &str = "Tr0ub4dor&3-not-veras";
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    add_user(&state, "vera", Role::Viewer, Some("acme")).await;

    let refused = post_login(&base, "vera", WRONG).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    // A username carrying a line break, as someone forging log lines would send it.
    let forged = post_login(&base, "ghost\nadmin sign_in ok", WRONG).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    let vera = Api::sign_in(&base, "vera", "vera-password").await;
    assert_eq!(vera.logout().await, Ok(StatusCode::NO_CONTENT));

    let trail = Api::admin(&base).await.audit("").await.expect("audit");
    let address = |r: &AuditRecord| r.detail.as_ref().map(|d| d["address"].clone());
    let failed = only(&trail, "sign_in_failed", "vera");
    assert_eq!(failed.result, "failed: invalid username or password");
    assert_eq!(
        failed.tenant.as_deref(),
        Some("acme"),
        "filed under her tenant"
    );
    assert_eq!(address(failed), Some("127.0.0.1".into()));
    let ghost = only(&trail, "sign_in_failed", "ghostadmin sign_in ok");
    assert_eq!(ghost.tenant, None, "no account: admins only");
    let signed_in = only(&trail, "sign_in", "vera");
    assert_eq!(
        (signed_in.result.as_str(), signed_in.tenant.as_deref()),
        ("ok", Some("acme"))
    );
    assert_eq!(address(signed_in), Some("127.0.0.1".into()));
    let signed_out = only(&trail, "sign_out", "vera");
    assert_eq!(signed_out.tenant.as_deref(), Some("acme"));

    // Every text column of every row, straight from the console database.
    let rows = sqlx::query("SELECT * FROM audit_log")
        .fetch_all(state.store.pool())
        .await
        .expect("audit rows");
    let text: Vec<String> = rows
        .iter()
        .flat_map(|r| (0..r.len()).filter_map(|i| r.try_get::<Option<String>, _>(i).ok().flatten()))
        .collect();
    assert!(
        text.iter().any(|t| t == "sign_in_failed"),
        "the raw rows hold the refusals: {text:?}"
    );
    // Whole, or its start (a truncated copy would leak as much).
    for secret in [WRONG, &WRONG[..9]] {
        assert!(
            !text.iter().any(|t| t.contains(secret)),
            "the attempted password is stored nowhere: {text:?}"
        );
    }
}

#[tokio::test]
async fn each_role_sees_only_the_connectors_its_tenant_may_read() {
    let client = client(1).await;
    let (acme_conn, globex_conn, unowned) = (
        name(&unique("acme")),
        name(&unique("globex")),
        name(&unique("unowned")),
    );
    for n in [&acme_conn, &globex_conn, &unowned] {
        client
            .create_connector(n, &file_sink_config(&unique("empty")), None)
            .await
            .expect("create");
    }
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    state
        .store
        .set_owner("w1", acme_conn.as_str(), "acme")
        .await
        .expect("owner");
    state
        .store
        .set_owner("w1", globex_conn.as_str(), "globex")
        .await
        .expect("owner");
    add_user(&state, "vera", Role::Viewer, Some("acme")).await;
    add_user(&state, "otto", Role::Operator, Some("globex")).await;
    add_user(&state, "sam", Role::Support, None).await;

    let visible = |user: &'static str, password: String| {
        let base = base.clone();
        async move {
            let api = Api::sign_in(&base, user, &password).await;
            let list = api.connectors("w1").await.expect("list");
            list.connectors
                .into_iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
        }
    };
    let ours = [
        acme_conn.to_string(),
        globex_conn.to_string(),
        unowned.to_string(),
    ];
    let seen = |names: &[String]| ours.iter().map(|o| names.contains(o)).collect::<Vec<_>>();
    assert_eq!(
        seen(&visible("admin", ADMIN_PASSWORD.into()).await),
        [true, true, true]
    );
    assert_eq!(
        seen(&visible("sam", "sam-password".into()).await),
        [true, true, true]
    );
    assert_eq!(
        seen(&visible("vera", "vera-password".into()).await),
        [true, false, false]
    );
    assert_eq!(
        seen(&visible("otto", "otto-password".into()).await),
        [false, true, false]
    );

    for n in [&acme_conn, &globex_conn, &unowned] {
        client.delete_connector(n).await.expect("delete");
    }
}
