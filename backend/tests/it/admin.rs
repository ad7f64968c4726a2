//! Tenants, users, ownership and the audit log through the real server.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sluice_shared::ErrorCode;
use sluice_shared::admin::{AuditRecord, CreateUser, TenantInfo, UserInfo};
use sluice_shared::policy::Role;

fn tenant(id: &str, connector_prefix: &str, topic_prefix: &str) -> TenantInfo {
    TenantInfo {
        id: id.into(),
        display_name: String::new(),
        connector_prefix: connector_prefix.into(),
        topic_prefix: topic_prefix.into(),
        allowed_classes: Vec::new(),
    }
}

fn olga(password: &str) -> CreateUser {
    CreateUser {
        username: "olga".into(),
        password: password.into(),
        role: Role::Operator,
        tenant: Some("acme".into()),
    }
}

#[tokio::test]
async fn admins_create_tenants_and_users_and_every_change_is_audited() {
    let client = client(1).await;
    let n = name(&unique("acme-adm"));
    client
        .create_connector(&n, &file_sink_config(&unique("empty")), None)
        .await
        .expect("create");
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;

    let acme = TenantInfo {
        display_name: "Acme".into(),
        ..tenant("acme", "acme-", "acme.")
    };
    admin.create_tenant(&acme).await.expect("tenant created");
    let again = admin
        .create_tenant(&tenant("acme2", "acme-", "acme2."))
        .await
        .expect_err("a second tenant with the same prefix");
    assert_eq!(again.status, StatusCode::CONFLICT, "prefixes are unique");
    let bad = admin
        .create_tenant(&tenant("Bad Id", "x-", "x."))
        .await
        .expect_err("an id with a space");
    assert_eq!(bad.error.field.as_deref(), Some("id"));

    let short = admin
        .create_user(&olga("short"))
        .await
        .expect_err("a short password");
    assert_eq!(
        (short.error.code, short.error.field.as_deref()),
        (ErrorCode::InvalidInput, Some("password"))
    );
    let user: UserInfo = admin
        .create_user(&olga("correct horse battery"))
        .await
        .expect("user created");
    assert_eq!(
        (user.role, user.tenant.as_deref()),
        (Role::Operator, Some("acme"))
    );
    // The raw answer, so no field of any name can carry a hash or the password.
    let users = admin.send(Method::GET, "/api/v1/users").await;
    let listed: Vec<UserInfo> = users.body(StatusCode::OK).expect("user list");
    assert!(listed.iter().any(|u| u.username == "olga"));
    assert!(
        !users.text.contains("argon2") && !users.text.contains("correct horse"),
        "no password material in user lists"
    );

    let owner = admin.connector("w1", &n).set_owner(Some("acme")).await;
    assert_eq!(owner, Ok(StatusCode::NO_CONTENT));

    // The operator sees the tenant's trail only, and cannot widen it by asking.
    let op = Api::sign_in(&base, "olga", "correct horse battery").await;
    let tenants = op.tenants().await.expect("tenants");
    assert_eq!(tenants.len(), 1);
    let trail = op.audit("tenant=other").await.expect("audit");
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

    // The export is JSON lines, not the API's JSON: read as text, one record per line.
    let export = admin
        .send(Method::GET, "/api/v1/audit?format=jsonl&action=create_user")
        .await;
    assert_eq!(export.headers["content-type"], "application/x-ndjson");
    assert_eq!(export.text.lines().count(), 1);
    let line: AuditRecord =
        serde_json::from_str(export.text.lines().next().expect("a line")).expect("JSON line");
    assert_eq!(
        (line.actor.as_str(), line.action.as_str()),
        ("admin", "create_user")
    );
    client.delete_connector(&n).await.expect("delete");
}
