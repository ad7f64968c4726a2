//! Config history against the real stack: console edits (PUT and PATCH), a change made
//! directly on Connect detected as external, validation per field, and a rollback that keeps
//! the stored secret while never writing it to the console's database.

use std::collections::BTreeMap;

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_shared::history::VersionSource;
use sluice_shared::{ConfigInfos, CreateConnector, redact::REDACTED};

#[tokio::test]
async fn edits_external_changes_and_rollback_are_versioned_and_secrets_survive() {
    let connect = client(1).await;
    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let n = unique("hist");
    let prefix = n.replace('-', "_");
    // Created STOPPED: a real Debezium config with a real password, but no slot is made.
    admin
        .create_connector(
            "w1",
            &CreateConnector {
                name: n.clone(),
                config: pg_source_config(&prefix, &prefix),
                initial_state: Some("STOPPED".into()),
                tenant: None,
            },
        )
        .await
        .expect("created (201)");
    let connector = admin.connector("w1", &n);
    let history = || async { connector.history().await.expect("history") };

    // 1. An edit through the console with the redacted config: only the edited key changes.
    let mut edited = connector.config().await.expect("config").config;
    assert_eq!(edited["database.password"], REDACTED);
    edited.insert("heartbeat.interval.ms".into(), "5000".into());
    connector.put_config(&edited).await.expect("edit");

    // 2. A change made directly on Connect (outside the console).
    let mut raw = connect.connector_config(&name(&n)).await.expect("raw");
    raw.insert("heartbeat.interval.ms".into(), "7000".into());
    connect
        .put_connector_config(&name(&n), &raw)
        .await
        .expect("external put");

    // 3. A PATCH through the console.
    let patch = [
        ("heartbeat.interval.ms".to_owned(), None),
        ("tombstones.on.delete".to_owned(), Some("false".to_owned())),
    ]
    .into();
    connector.patch_config(&patch).await.expect("patch");

    let versions = history().await;
    let sources: Vec<_> = versions.iter().rev().map(|v| v.source).collect();
    assert_eq!(
        sources,
        [
            VersionSource::Create,
            VersionSource::Edit,
            VersionSource::External,
            VersionSource::Edit
        ]
    );
    let external = &versions[1];
    assert_eq!(external.actor, None);
    assert_eq!(
        external.note.as_deref(),
        Some("changed outside the console")
    );
    assert_eq!(external.changes.len(), 1);
    assert_eq!(external.changes[0].after.as_deref(), Some("7000"));
    let latest = &versions[0];
    assert_eq!(latest.actor.as_deref(), Some("admin"));
    let changed: Vec<_> = latest.changes.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(changed, ["heartbeat.interval.ms", "tombstones.on.delete"]);

    // 4. Roll back to the created version: its values return, the real password stays.
    connector.rollback(1).await.expect("rollback");
    // With two workers the write may land on the other one first: wait until this one has it.
    let raw = eventually(
        "rolled back",
        std::time::Duration::from_secs(15),
        || async {
            let raw = connect.connector_config(&name(&n)).await.ok()?;
            (!raw.contains_key("heartbeat.interval.ms")).then_some(raw)
        },
    )
    .await;
    assert_eq!(raw["database.password"], DEMO_DB_PASSWORD);
    assert!(!raw.contains_key("tombstones.on.delete"));
    let versions = history().await;
    assert_eq!(versions[0].source, VersionSource::Rollback);
    assert_eq!(versions[0].note.as_deref(), Some("rollback to version 1"));
    assert_eq!(versions[0].config, versions.last().expect("v1").config);

    // No version in the console's database holds the password.
    for v in state
        .store
        .config_versions("w1", &n)
        .await
        .expect("versions")
    {
        assert!(v.config.values().all(|x| !x.contains(DEMO_DB_PASSWORD)));
    }
    let unknown = connector
        .rollback(999)
        .await
        .expect_err("a version that does not exist");
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    connect.delete_connector(&name(&n)).await.expect("delete");
}

#[tokio::test]
async fn validation_runs_with_the_stored_secret_and_answers_per_field_without_it() {
    let connect = client(1).await;
    let n = unique("valid");
    let prefix = n.replace('-', "_");
    connect
        .create_connector(
            &name(&n),
            &pg_source_config(&prefix, &prefix),
            Some(sluice_backend::connect::InitialState::Stopped),
        )
        .await
        .expect("create");
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;
    let connector = admin.connector("w1", &n);
    let mut edited: BTreeMap<String, String> = connector.config().await.expect("config").config;
    edited.insert("snapshot.mode".into(), "sometimes".into());
    // The raw answer: the password must not appear in any field.
    let answer = admin
        .send_json(Method::PUT, &connector.path("/config/validate"), &edited)
        .await;
    assert!(
        !answer.text.contains(DEMO_DB_PASSWORD),
        "validate answer leaked the password"
    );
    let infos: ConfigInfos = answer.body(StatusCode::OK).expect("validation");
    let errors = infos.field_errors();
    assert!(
        errors.iter().any(|(k, _)| *k == "snapshot.mode"),
        "{errors:?}"
    );
    // The stored password was used: the connection to PostgreSQL succeeded.
    assert!(
        !errors.iter().any(|(k, _)| k.starts_with("database.")),
        "{errors:?}"
    );

    edited.insert("snapshot.mode".into(), "no_data".into());
    let infos = connector.validate(&edited).await.expect("validation");
    assert_eq!(infos.error_count, 0, "{:?}", infos.field_errors());
    connect.delete_connector(&name(&n)).await.expect("delete");
}
