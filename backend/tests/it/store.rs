//! The console database, on SQLite and on PostgreSQL, through the same tests.

use crate::support::*;
use sluice_backend::store::{ApiKeyRow, AuditEntry, SessionRow, StoreError};
use sluice_shared::policy::Role;

#[tokio::test]
async fn tenants_keep_their_prefixes_unique() {
    for (kind, store) in fresh_stores().await {
        store
            .create_tenant("acme", "Acme", "acme-", "acme.", &[], &[])
            .await
            .expect(kind);
        let clash = store
            .create_tenant("acme2", "Acme again", "acme-", "acme2.", &[], &[])
            .await;
        assert!(
            matches!(clash, Err(StoreError::Duplicate(_))),
            "{kind}: {clash:?}"
        );
        store
            .create_tenant("globex", "Globex", "globex-", "globex.", &[], &[])
            .await
            .expect(kind);
        let all = store.tenants().await.expect(kind);
        assert_eq!(
            all.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["acme", "globex"],
            "{kind}"
        );
        assert_eq!(
            store
                .tenant("acme")
                .await
                .expect(kind)
                .map(|t| t.topic_prefix),
            Some("acme.".into())
        );
    }
}

#[tokio::test]
async fn users_are_unique_by_name_and_keep_role_and_tenant() {
    for (kind, store) in fresh_stores().await {
        store
            .create_tenant("acme", "Acme", "acme-", "acme.", &[], &[])
            .await
            .expect(kind);
        let op = store
            .create_user("olga", "$argon2id$stub", Role::Operator, Some("acme"))
            .await
            .expect(kind);
        let again = store
            .create_user("olga", "$argon2id$other", Role::Viewer, None)
            .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate(_))),
            "{kind}: {again:?}"
        );
        let found = store
            .user_by_name("olga")
            .await
            .expect(kind)
            .expect("olga exists");
        assert_eq!(found, op, "{kind}");
        assert_eq!(
            (found.role, found.tenant_id.as_deref()),
            (Role::Operator, Some("acme"))
        );
        assert!(
            !format!("{found:?}").contains("argon2"),
            "{kind}: Debug leaks the hash"
        );
        assert_eq!(store.count_users().await.expect(kind), 1);
        let orphan = store
            .create_user("x", "h", Role::Viewer, Some("no-such-tenant"))
            .await;
        assert!(
            orphan.is_err(),
            "{kind}: a user cannot belong to a missing tenant"
        );
    }
}

#[tokio::test]
async fn sessions_expire_by_idle_time_and_absolute_age() {
    for (kind, store) in fresh_stores().await {
        let user = store
            .create_user("ada", "h", Role::Admin, None)
            .await
            .expect(kind);
        let session = |hash: &str, last_seen: i64, expires: i64| SessionRow {
            token_hash: hash.into(),
            user_id: user.id.clone(),
            csrf_token: "csrf".into(),
            created_at: 0,
            last_seen_at: last_seen,
            expires_at: expires,
        };
        store
            .insert_session(&session("fresh", 1_800, 100_000))
            .await
            .expect(kind);
        store
            .insert_session(&session("idle", 100, 100_000))
            .await
            .expect(kind);
        store
            .insert_session(&session("old", 1_800, 1_500))
            .await
            .expect(kind);
        let removed = store.delete_expired_sessions(2_000, 500).await.expect(kind);
        assert_eq!(removed, 2, "{kind}");
        assert!(store.session("fresh").await.expect(kind).is_some());
        store.touch_session("fresh", 1_900).await.expect(kind);
        assert_eq!(
            store
                .session("fresh")
                .await
                .expect(kind)
                .map(|s| s.last_seen_at),
            Some(1_900)
        );
        store.delete_session("fresh").await.expect(kind);
        assert!(
            store.session("fresh").await.expect(kind).is_none(),
            "{kind}: logout revokes"
        );
    }
}

#[tokio::test]
async fn connector_ownership_can_be_assigned_moved_and_cleared() {
    for (kind, store) in fresh_stores().await {
        store
            .create_tenant("acme", "Acme", "acme-", "acme.", &[], &[])
            .await
            .expect(kind);
        store
            .create_tenant("globex", "Globex", "globex-", "globex.", &[], &[])
            .await
            .expect(kind);
        store
            .set_owner("local", "acme-orders", "acme")
            .await
            .expect(kind);
        store
            .set_owner("local", "acme-orders", "globex")
            .await
            .expect(kind);
        store
            .set_owner("other", "acme-orders", "acme")
            .await
            .expect(kind);
        let owners = store.owners("local").await.expect(kind);
        assert_eq!(
            owners.get("acme-orders").map(String::as_str),
            Some("globex"),
            "{kind}: moved"
        );
        assert_eq!(owners.len(), 1, "{kind}: clusters are separate");
        store.clear_owner("local", "acme-orders").await.expect(kind);
        assert!(
            store.owners("local").await.expect(kind).is_empty(),
            "{kind}"
        );
        assert!(
            store
                .set_owner("local", "x", "no-such-tenant")
                .await
                .is_err(),
            "{kind}: tenant must exist"
        );
    }
}

#[tokio::test]
async fn the_last_enabled_admin_can_be_neither_demoted_nor_disabled() {
    for (kind, store) in fresh_stores().await {
        let first = store
            .create_user("admin", "$argon2id$stub", Role::Admin, None)
            .await
            .expect(kind);
        let refused = store
            .update_user(&first.id, Role::Support, None, false)
            .await
            .expect(kind);
        assert!(!refused, "{kind}: the only admin stays admin");
        assert!(
            !store
                .update_user(&first.id, Role::Admin, None, true)
                .await
                .expect(kind),
            "{kind}: and enabled"
        );
        let second = store
            .create_user("ada", "$argon2id$stub", Role::Admin, None)
            .await
            .expect(kind);
        assert!(
            store
                .update_user(&second.id, Role::Admin, None, true)
                .await
                .expect(kind),
            "{kind}: one of two may be disabled"
        );
        assert!(
            !store
                .update_user(&first.id, Role::Support, None, false)
                .await
                .expect(kind),
            "{kind}: a disabled admin does not count"
        );
        let found = store.user_by_id(&second.id).await.expect(kind).expect(kind);
        assert_eq!((found.role, found.disabled), (Role::Admin, true), "{kind}");
        assert!(
            !store.delete_user(&first.id).await.expect(kind),
            "{kind}: nor deleted"
        );
        assert!(
            store.delete_user(&second.id).await.expect(kind),
            "{kind}: a disabled admin may go"
        );
        assert!(store.user_by_id(&second.id).await.expect(kind).is_none());
    }
}

#[tokio::test]
async fn a_key_address_is_new_once_and_audited_with_its_first_insert_only() {
    for (kind, store) in fresh_stores().await {
        let key = ApiKeyRow {
            id: "k1".into(),
            name: "nightly".into(),
            prefix: "slk_abcdef".into(),
            role: Role::Support,
            tenant_id: None,
            created_by: "admin".into(),
            owner_id: None,
            created_at: 1,
            expires_at: None,
            revoked_at: None,
            request_count: 0,
            last_used_at: None,
        };
        store.insert_api_key(&key, "digest").await.expect(kind);
        let record = || AuditEntry::new("key:nightly".into(), "k1".into(), "api_key_new_address");
        let mut firsts = Vec::new();
        for address in ["10.0.0.1", "10.0.0.1", "10.0.0.2"] {
            firsts.push(
                store
                    .remember_key_address("k1", address, 2, &record())
                    .await
                    .expect(kind),
            );
        }
        assert_eq!(firsts, [true, false, true], "{kind}");
        let audited = store.audit(None, 10).await.expect(kind);
        assert_eq!(audited.len(), 2, "{kind}: one record per first insert");
    }
}

#[tokio::test]
async fn the_audit_log_is_searched_as_typed_and_paged_without_losing_a_tie() {
    use sluice_backend::store::AuditFilter;
    for (kind, store) in fresh_stores().await {
        // Five entries in the same millisecond (paging must break the tie), and one older.
        for (i, action) in [
            "restart",
            "pause",
            "restart_task",
            "update_user",
            "edit_config",
        ]
        .into_iter()
        .enumerate()
        {
            let mut e = AuditEntry::new("admin".into(), "u1".into(), action);
            e.at = 2_000;
            e.connector_name = Some(format!("acme-orders-{i}"));
            store.append_audit(&e).await.expect(kind);
        }
        let mut old = AuditEntry::new("key:Nightly_Bot".into(), "k1".into(), "restart");
        old.at = 1_000;
        store.append_audit(&old).await.expect(kind);

        let search = |text: &str| AuditFilter {
            text: Some(text.to_owned()),
            limit: 100,
            ..AuditFilter::default()
        };
        let actions = |entries: Vec<AuditEntry>| -> Vec<String> {
            entries.into_iter().map(|e| e.action).collect()
        };
        // Part of a word, any case, in the action, the actor or the connector.
        let found = actions(store.search_audit(&search("RESTA")).await.expect(kind));
        assert_eq!(found.len(), 3, "{kind}: {found:?}");
        let by_actor = store.search_audit(&search("nightly_")).await.expect(kind);
        assert_eq!(
            by_actor.len(),
            1,
            "{kind}: `_` is a letter here, not a wildcard"
        );
        assert!(
            store
                .search_audit(&search("%"))
                .await
                .expect(kind)
                .is_empty(),
            "{kind}: `%` is looked for, not matched as anything"
        );
        let orders = store.search_audit(&search("orders-4")).await.expect(kind);
        assert_eq!(actions(orders), ["edit_config"], "{kind}");

        // Two at a time, each page after the last one's (at, id): all six, each once.
        let mut seen = Vec::new();
        let mut cursor: Option<(i64, String)> = None;
        loop {
            let page = store
                .search_audit(&AuditFilter {
                    before_ms: cursor.as_ref().map(|c| c.0),
                    before_id: cursor.as_ref().map(|c| c.1.clone()),
                    limit: 2,
                    ..AuditFilter::default()
                })
                .await
                .expect(kind);
            let Some(last) = page.last() else { break };
            cursor = Some((last.at, last.id.clone()));
            seen.extend(page.into_iter().map(|e| e.id));
        }
        let unique: std::collections::BTreeSet<_> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (6, 6), "{kind}");
    }
}
