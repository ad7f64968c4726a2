//! Editing a real Debezium connector's config through Sluice: the redacted password that
//! comes back unchanged keeps the stored one; the tenant's namespace still applies; the form's
//! definitions carry the values Connect recommends.

use std::time::Duration;

use crate::support::*;
use reqwest::StatusCode;
use sluice_shared::ConnectorState;
use sluice_shared::redact::REDACTED;

#[tokio::test]
async fn editing_one_field_of_a_redacted_config_keeps_the_stored_password() {
    let client = client(1).await;
    let id = unique("acme-edit");
    let (n, slot) = (name(&id), id.replace('-', "_"));
    let prefix = format!("acme.{slot}");
    client
        .create_connector(&n, &pg_source_config(&prefix, &slot), None)
        .await
        .expect("create");
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    state
        .store
        .create_tenant("acme", "Acme", "it-acme-", "acme.", &[], &[])
        .await
        .expect("tenant");
    state
        .store
        .set_owner("w1", n.as_str(), "acme")
        .await
        .expect("owner");
    let admin = Api::admin(&base).await;
    let connector = admin.connector("w1", &n);

    let shown = connector.config().await.expect("config");
    assert_eq!(shown.config["database.password"], REDACTED);
    let mut edited = shown.config.clone();
    edited.insert("heartbeat.interval.ms".into(), "5000".into());
    connector
        .put_config(&edited)
        .await
        .expect("the edit is accepted (200)");

    let stored = client.connector_config(&n).await.expect("raw config");
    assert_eq!(
        stored["database.password"], DEMO_DB_PASSWORD,
        "the stored secret was kept"
    );
    assert_eq!(stored["heartbeat.interval.ms"], "5000");
    eventually(
        "connector running with the new config",
        Duration::from_secs(60),
        || async {
            client
                .connector_status(&n)
                .await
                .ok()
                .filter(|s| s.connector.state == ConnectorState::Running && s.tasks.len() == 1)
        },
    )
    .await;

    let mut outside = shown.config.clone();
    outside.insert("topic.prefix".into(), "globex.stolen".into());
    outside.insert("new.password".into(), REDACTED.into());
    let refused = connector
        .put_config(&outside)
        .await
        .expect_err("a config outside the namespace");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let e = refused.error;
    assert!(
        e.message.contains("config.new.password") && e.message.contains("config.topic.prefix"),
        "{}",
        e.message
    );
    assert_eq!(
        client.connector_config(&n).await.expect("raw")["topic.prefix"],
        prefix,
        "nothing reached Connect"
    );

    let audit = state.store.audit(Some("acme"), 5).await.expect("audit");
    assert_eq!(audit[0].action, "edit_config");
    assert!(!format!("{audit:?}").contains(DEMO_DB_PASSWORD));
    client.delete_connector(&n).await.expect("delete");
    let pool = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("pg");
    drop_slot(&pool, &slot).await;
}

#[tokio::test]
async fn a_plugins_definitions_carry_the_values_connect_recommends() {
    let (base, _state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let defs: Vec<sluice_shared::ConfigKeyInfo> = admin
        .get(
            "/api/v1/clusters/w1/plugins/io.debezium.connector.postgresql.PostgresConnector/config",
        )
        .await
        .expect("definitions");
    let values = |key: &str| {
        defs.iter()
            .find(|d| d.name == key)
            .unwrap_or_else(|| panic!("{key} is defined"))
            .recommended_values
            .clone()
    };
    // Debezium's enums, which Connect's definitions alone do not list: the form's choices.
    let modes = values("publication.autocreate.mode");
    assert!(
        ["disabled", "filtered", "all_tables"]
            .iter()
            .all(|m| modes.iter().any(|v| v == m)),
        "{modes:?}"
    );
    assert!(values("snapshot.mode").iter().any(|v| v == "initial"));
    assert!(values("topic.prefix").is_empty(), "free text stays free");
}
