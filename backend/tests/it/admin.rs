//! Tenants, users, ownership and the audit log through the real server.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;
use sluice_shared::admin::{AuditRecord, TenantInfo, UserInfo};
use sluice_shared::policy::Role;
use sluice_shared::{ApiError, ErrorCode};

#[tokio::test]
async fn admins_create_tenants_and_users_and_every_change_is_audited() {
    let client = client(1).await;
    let n = name(&unique("acme-adm"));
    client
        .create_connector(&n, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create");
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let (http, me) = login(&base, "admin", ADMIN_PASSWORD).await;
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{base}{path}"))
            .header("x-csrf-token", &me.csrf_token)
            .json(&body)
            .send()
    };

    let tenant = post("/api/v1/tenants", json!({"id": "acme", "display_name": "Acme", "connector_prefix": "acme-", "topic_prefix": "acme."})).await.expect("tenant");
    assert_eq!(tenant.status(), StatusCode::CREATED);
    let again = post("/api/v1/tenants", json!({"id": "acme2", "display_name": "", "connector_prefix": "acme-", "topic_prefix": "acme2."})).await.expect("tenant");
    assert_eq!(again.status(), StatusCode::CONFLICT, "prefixes are unique");
    let bad = post(
        "/api/v1/tenants",
        json!({"id": "Bad Id", "display_name": "", "connector_prefix": "x-", "topic_prefix": "x."}),
    )
    .await
    .expect("tenant");
    assert_eq!(
        bad.json::<ApiError>()
            .await
            .expect("envelope")
            .field
            .as_deref(),
        Some("id")
    );

    let short = post(
        "/api/v1/users",
        json!({"username": "olga", "password": "short", "role": "operator", "tenant": "acme"}),
    )
    .await
    .expect("user");
    let e: ApiError = short.json().await.expect("envelope");
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("password"))
    );
    let user = post("/api/v1/users", json!({"username": "olga", "password": "correct horse battery", "role": "operator", "tenant": "acme"})).await.expect("user");
    assert_eq!(user.status(), StatusCode::CREATED);
    let user: UserInfo = user.json().await.expect("user");
    assert_eq!(
        (user.role, user.tenant.as_deref()),
        (Role::Operator, Some("acme"))
    );
    let body = http
        .get(format!("{base}/api/v1/users"))
        .send()
        .await
        .expect("users")
        .text()
        .await
        .expect("body");
    assert!(
        !body.contains("argon2") && !body.contains("correct horse"),
        "no password material in user lists"
    );

    let owner = http
        .put(format!("{base}/api/v1/clusters/w1/connectors/{n}/owner"))
        .header("x-csrf-token", &me.csrf_token)
        .json(&json!({"tenant": "acme"}))
        .send()
        .await
        .expect("owner");
    assert_eq!(owner.status(), StatusCode::NO_CONTENT);

    // The operator sees the tenant's trail only, and cannot widen it by asking.
    let (op, _) = login(&base, "olga", "correct horse battery").await;
    let tenants: Vec<TenantInfo> = op
        .get(format!("{base}/api/v1/tenants"))
        .send()
        .await
        .expect("t")
        .json()
        .await
        .expect("json");
    assert_eq!(tenants.len(), 1);
    let trail: Vec<AuditRecord> = op
        .get(format!("{base}/api/v1/audit?tenant=other"))
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("json");
    let actions: Vec<&str> = trail.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        ["set_owner", "create_user", "create_tenant"],
        "newest first, own tenant only"
    );
    assert_eq!(trail[0].connector.as_deref(), Some(n.as_str()));
    assert_eq!(
        trail[0].detail.as_ref().map(|d| d["to"].clone()),
        Some(json!("acme"))
    );

    let export = http
        .get(format!(
            "{base}/api/v1/audit?format=jsonl&action=create_user"
        ))
        .send()
        .await
        .expect("export");
    assert_eq!(export.headers()["content-type"], "application/x-ndjson");
    let text = export.text().await.expect("body");
    assert_eq!(text.lines().count(), 1);
    let line: AuditRecord =
        serde_json::from_str(text.lines().next().expect("a line")).expect("JSON line");
    assert_eq!(
        (line.actor.as_str(), line.action.as_str()),
        ("admin", "create_user")
    );
    client.delete_connector(&n).await.expect("delete");
}
