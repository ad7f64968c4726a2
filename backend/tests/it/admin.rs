//! Tenants, users, ownership and the audit log through the real server.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sluice_shared::ErrorCode;
use sluice_shared::admin::{
    AuditRecord, ChangePassword, CreateUser, ResetPassword, TenantInfo, UpdateUser, UserInfo,
};
use sluice_shared::policy::Role;
use sqlx::Row;

fn tenant(id: &str, connector_prefix: &str, topic_prefix: &str) -> TenantInfo {
    TenantInfo {
        id: id.into(),
        display_name: String::new(),
        connector_prefix: connector_prefix.into(),
        topic_prefix: topic_prefix.into(),
        allowed_classes: Vec::new(),
        masked_fields: Vec::new(),
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
        ["sign_in", "set_owner", "create_user", "create_tenant"],
        "newest first, own tenant only (her own sign-in included)"
    );
    assert_eq!(trail[1].connector.as_deref(), Some(n.as_str()));
    assert_eq!(
        trail[1].detail.as_ref().map(|d| d["to"].clone()),
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

fn role(role: Role) -> UpdateUser {
    UpdateUser {
        role: Some(role),
        ..UpdateUser::default()
    }
}

fn disable() -> UpdateUser {
    UpdateUser {
        disabled: Some(true),
        ..UpdateUser::default()
    }
}

fn enable() -> UpdateUser {
    UpdateUser {
        disabled: Some(false),
        ..UpdateUser::default()
    }
}

fn id_of(users: &[UserInfo], name: &str) -> String {
    users
        .iter()
        .find(|u| u.username == name)
        .unwrap_or_else(|| panic!("{name} in {users:?}"))
        .id
        .clone()
}

#[tokio::test]
async fn admins_change_roles_and_disable_users_and_every_change_is_audited() {
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    acme_and_globex(&state).await;
    add_user(&state, "olga", Role::Operator, Some("acme")).await;
    add_user(&state, "sam", Role::Support, None).await;
    let admin = Api::admin(&base).await;
    let olga = Api::sign_in(&base, "olga", "olga-password").await;
    let users = admin.users().await.expect("users");
    let (olga_id, sam_id) = (id_of(&users, "olga"), id_of(&users, "sam"));

    // A demotion holds from the user's next request, without signing in again.
    let demoted = admin
        .update_user(&olga_id, &role(Role::Viewer))
        .await
        .expect("demoted");
    assert_eq!(
        (demoted.role, demoted.tenant.as_deref(), demoted.disabled),
        (Role::Viewer, Some("acme"), false)
    );
    assert_eq!(olga.me().await.expect("still signed in").role, Role::Viewer);

    // A tenant that does not exist is refused, and so is a tenant role without a tenant.
    let nowhere = admin
        .send_json(
            Method::PATCH,
            &format!("/api/v1/users/{olga_id}"),
            &json!({"tenant": "nowhere"}),
        )
        .await
        .refusal();
    assert_eq!(
        (nowhere.status, nowhere.error.field.as_deref()),
        (StatusCode::BAD_REQUEST, Some("tenant"))
    );
    let unfit = admin
        .update_user(&sam_id, &role(Role::Operator))
        .await
        .expect_err("an operator without a tenant");
    assert_eq!(
        (unfit.status, unfit.error.field.as_deref()),
        (StatusCode::BAD_REQUEST, Some("tenant"))
    );

    // Disabling ends the user's sessions, and the password no longer signs in.
    admin
        .update_user(&olga_id, &disable())
        .await
        .expect("disabled");
    let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE user_id = $1")
        .bind(&olga_id)
        .fetch_one(state.store.pool())
        .await
        .expect("count sessions")
        .try_get("n")
        .expect("n");
    assert_eq!(left, 0, "her sessions are deleted");
    let ended = olga.me().await.expect_err("her session ended");
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    let again = Api::try_sign_in(&base, "olga", "olga-password")
        .await
        .err()
        .expect("a disabled user cannot sign in");
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);

    // Each change is in the trail, under her tenant, with what it was and what it became.
    let trail = admin.audit("action=update_user").await.expect("audit");
    let details: Vec<serde_json::Value> = trail
        .iter()
        .inspect(|r| {
            assert_eq!(
                (r.actor.as_str(), r.tenant.as_deref()),
                ("admin", Some("acme"))
            )
        })
        .filter_map(|r| r.detail.clone())
        .collect();
    assert_eq!(
        details,
        [
            json!({"username": "olga", "disabled": {"from": false, "to": true}}),
            json!({"username": "olga", "role": {"from": "operator", "to": "viewer"}}),
        ],
        "newest first; the refused changes left no record"
    );
}

#[tokio::test]
async fn the_console_always_keeps_an_enabled_admin() {
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let admin_id = id_of(&admin.users().await.expect("users"), "admin");

    let own = admin
        .update_user(&admin_id, &role(Role::Support))
        .await
        .expect_err("changing one's own role");
    assert_eq!(
        (own.status, own.error.field.as_deref()),
        (StatusCode::BAD_REQUEST, Some("role"))
    );
    // An admin key is not the admin, so only the last-admin rule stands in its way.
    let key = admin
        .create_key(&key_request("ops", Role::Admin, None))
        .await
        .expect("admin key");
    let ops = Api::with_key(&base, &key.key);
    for change in [role(Role::Support), disable()] {
        let last = ops
            .update_user(&admin_id, &change)
            .await
            .expect_err("the last enabled admin");
        assert_eq!(
            (last.status, last.error.code),
            (StatusCode::CONFLICT, ErrorCode::Conflict),
            "{change:?}"
        );
    }
    assert_eq!(admin.me().await.expect("still admin").role, Role::Admin);

    // With a second admin the first may step down; the second is then the last.
    add_user(&state, "ada", Role::Admin, None).await;
    let ada_id = id_of(&admin.users().await.expect("users"), "ada");
    ops.update_user(&admin_id, &role(Role::Support))
        .await
        .expect("no longer the last admin");
    assert_eq!(admin.me().await.expect("signed in").role, Role::Support);
    // The admin key stood on the admin who made it: demoted, it no longer works.
    assert_eq!(
        ops.send(Method::GET, "/api/v1/auth/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let ada = Api::sign_in(&base, "ada", "ada-password").await;
    let key = ada
        .create_key(&key_request("ada's", Role::Admin, None))
        .await
        .expect("ada's admin key");
    let last = Api::with_key(&base, &key.key)
        .update_user(&ada_id, &disable())
        .await
        .expect_err("ada is the last enabled admin");
    assert_eq!(last.status, StatusCode::CONFLICT);
    assert_eq!(
        ada.session().role,
        Role::Admin,
        "ada still signs in as admin"
    );
}

/// The status of `GET /auth/me` with `api`: whether its session or key still works.
async fn works(api: &Api) -> StatusCode {
    api.send(Method::GET, "/api/v1/auth/me").await.status
}

#[tokio::test]
async fn admins_move_reset_and_delete_users_whose_keys_stand_on_them() {
    let mut settings = config_for(&[&connect_url(1)]);
    // She signs in seven times in this minute; a guess at her current password counts as one.
    settings.login_limits.per_account_per_minute = 20;
    let (base, state) = spawn_app(settings).await;
    acme_and_globex(&state).await;
    add_user(&state, "olga", Role::Operator, Some("acme")).await;
    let admin = Api::admin(&base).await;
    let olga = Api::sign_in(&base, "olga", "olga-password").await;
    let olga_id = id_of(&admin.users().await.expect("users"), "olga");
    let acme_key = olga
        .create_key(&key_request("olga's", Role::Operator, Some("acme")))
        .await
        .expect("her key");
    let acme_key = Api::with_key(&base, &acme_key.key);
    // A key made with her key stands on her too.
    let child = acme_key
        .create_key(&key_request("made by a key", Role::Viewer, Some("acme")))
        .await
        .expect("a key's key");
    let child = Api::with_key(&base, &child.key);
    assert_eq!(works(&child).await, StatusCode::OK);

    // Moved to globex: her session sees globex at once; the acme keys she could no longer
    // make stop working.
    let moved = admin
        .update_user(
            &olga_id,
            &UpdateUser {
                tenant: Some("globex".into()),
                ..UpdateUser::default()
            },
        )
        .await
        .expect("moved");
    assert_eq!(moved.tenant.as_deref(), Some("globex"));
    assert_eq!(
        olga.me().await.expect("still signed in").tenant.as_deref(),
        Some("globex")
    );
    assert_eq!(works(&acme_key).await, StatusCode::UNAUTHORIZED);
    assert_eq!(works(&child).await, StatusCode::UNAUTHORIZED);

    // Disabled: her globex key stops with her session; enabled again, the key works again.
    let globex_key = olga
        .create_key(&key_request("olga's globex", Role::Viewer, Some("globex")))
        .await
        .expect("globex key");
    let globex_key = Api::with_key(&base, &globex_key.key);
    admin.update_user(&olga_id, &disable()).await.expect("off");
    assert_eq!(works(&globex_key).await, StatusCode::UNAUTHORIZED);
    assert_eq!(works(&olga).await, StatusCode::UNAUTHORIZED);
    admin.update_user(&olga_id, &enable()).await.expect("on");
    assert_eq!(works(&globex_key).await, StatusCode::OK);

    // A reset ends her sessions; the old password no longer signs in, the new one does.
    let olga = Api::sign_in(&base, "olga", "olga-password").await;
    let short = admin
        .send_json(
            Method::POST,
            &format!("/api/v1/users/{olga_id}/password"),
            &ResetPassword {
                password: "short".into(),
            },
        )
        .await
        .refusal();
    assert_eq!(
        (short.status, short.error.field.as_deref()),
        (StatusCode::BAD_REQUEST, Some("password"))
    );
    let reset = admin
        .send_json(
            Method::POST,
            &format!("/api/v1/users/{olga_id}/password"),
            &ResetPassword {
                password: "a brand new passphrase".into(),
            },
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
    assert_eq!(works(&olga).await, StatusCode::UNAUTHORIZED);
    assert!(
        Api::try_sign_in(&base, "olga", "olga-password")
            .await
            .is_err()
    );

    // She changes her own password with the current one: her other session ends, this one
    // stays. An admin resetting their own is sent to the same form.
    let here = Api::sign_in(&base, "olga", "a brand new passphrase").await;
    let elsewhere = Api::sign_in(&base, "olga", "a brand new passphrase").await;
    let change = |current: &str| ChangePassword {
        current: current.into(),
        new: "her own secret phrase".into(),
    };
    let wrong = here
        .send_json(Method::POST, "/api/v1/auth/password", &change("a guess"))
        .await
        .refusal();
    assert_eq!(
        (wrong.status, wrong.error.field.as_deref()),
        (StatusCode::BAD_REQUEST, Some("current"))
    );
    let changed = here
        .send_json(
            Method::POST,
            "/api/v1/auth/password",
            &change("a brand new passphrase"),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
    assert_eq!(works(&here).await, StatusCode::OK);
    assert_eq!(works(&elsewhere).await, StatusCode::UNAUTHORIZED);
    Api::sign_in(&base, "olga", "her own secret phrase").await;
    let by_key = globex_key
        .send_json(Method::POST, "/api/v1/auth/password", &change("x"))
        .await;
    assert_eq!(
        by_key.status,
        StatusCode::BAD_REQUEST,
        "a key has no password"
    );
    let admin_id = id_of(&admin.users().await.expect("users"), "admin");
    let own_reset = admin
        .send_json(
            Method::POST,
            &format!("/api/v1/users/{admin_id}/password"),
            &ResetPassword {
                password: "a brand new passphrase".into(),
            },
        )
        .await;
    assert_eq!(own_reset.status, StatusCode::BAD_REQUEST);

    // Deleted: she cannot sign in and her keys stop. An admin cannot delete themselves.
    let own = admin
        .send(Method::DELETE, &format!("/api/v1/users/{admin_id}"))
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    let gone = admin
        .send(Method::DELETE, &format!("/api/v1/users/{olga_id}"))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    assert_eq!(works(&globex_key).await, StatusCode::UNAUTHORIZED);
    assert_eq!(works(&here).await, StatusCode::UNAUTHORIZED);
    assert!(
        Api::try_sign_in(&base, "olga", "her own secret phrase")
            .await
            .is_err()
    );
    let again = admin
        .send(Method::DELETE, &format!("/api/v1/users/{olga_id}"))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // Every step is audited, and no password is in the trail.
    let trail = admin.audit("").await.expect("audit");
    let actions: Vec<&str> = trail.iter().map(|r| r.action.as_str()).collect();
    for action in [
        "update_user",
        "reset_password",
        "change_password",
        "delete_user",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let text = serde_json::to_string(&trail).expect("json");
    for secret in ["a brand new passphrase", "her own secret phrase"] {
        assert!(!text.contains(secret), "the trail holds no password");
    }
    let moved = trail
        .iter()
        .find(|r| {
            r.action == "update_user"
                && r.detail.as_ref().is_some_and(|d| d.get("tenant").is_some())
        })
        .expect("the move");
    assert_eq!(
        moved.detail.as_ref().map(|d| d["tenant"].clone()),
        Some(json!({"from": "acme", "to": "globex"}))
    );
}
