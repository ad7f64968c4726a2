//! Export and import against the real stack: secrets leave only as sentinels, the dry run
//! reports create / update / unchanged / invalid with Connect's validation, and applying
//! recreates and updates connectors while keeping the stored secret.

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_shared::bulk::ConnectorRef;
use sluice_shared::redact::REDACTED;
use sluice_shared::transfer::{ExportDocument, ExportRequest, ImportAction};

fn w1(name: &str) -> ConnectorRef {
    ConnectorRef {
        cluster_id: "w1".into(),
        name: name.into(),
    }
}

#[tokio::test]
async fn export_then_import_with_a_dry_run() {
    let connect = client(1).await;
    let sink = unique("xfer-sink");
    let source = unique("xfer-pg");
    let prefix = source.replace('-', "_");
    connect
        .create_connector(&name(&sink), &file_sink_config(&unique("empty")), None)
        .await
        .expect("sink");
    connect
        .create_connector(
            &name(&source),
            &pg_source_config(&prefix, &prefix),
            Some(sluice_backend::connect::InitialState::Stopped),
        )
        .await
        .expect("source");
    let (base, _) = spawn_app(config_for(&[&connect_url(1)])).await;
    let admin = Api::admin(&base).await;

    let selection = ExportRequest {
        connectors: vec![w1(&sink), w1(&source)],
        tenant: None,
    };
    // The raw document: the password must not appear in it anywhere.
    let exported = admin
        .send_json(Method::POST, "/api/v1/export", &selection)
        .await;
    assert!(
        !exported.text.contains(DEMO_DB_PASSWORD),
        "the export leaked a password"
    );
    let mut doc: ExportDocument = exported.body(StatusCode::OK).expect("document");
    assert_eq!(doc.connectors.len(), 2);
    assert_eq!(doc.connectors[1].config["database.password"], REDACTED);

    // The sink disappears from the cluster, the source gets edited in the file, and two
    // connectors that cannot be created are added.
    connect
        .delete_connector(&name(&sink))
        .await
        .expect("delete");
    doc.connectors[1]
        .config
        .insert("heartbeat.interval.ms".into(), "9000".into());
    let mut with_sentinel = doc.connectors[1].clone();
    with_sentinel.name = unique("xfer-new-pg");
    with_sentinel
        .config
        .insert("name".into(), with_sentinel.name.clone());
    let mut invalid = doc.connectors[0].clone();
    invalid.name = unique("xfer-bad");
    invalid.config.insert("name".into(), invalid.name.clone());
    invalid.config.insert("tasks.max".into(), "abc".into());
    doc.connectors.push(with_sentinel);
    doc.connectors.push(invalid);

    let plan = admin.import_plan(&doc).await.expect("plan");
    let actions: Vec<_> = plan.items.iter().map(|i| i.action).collect();
    assert_eq!(
        actions,
        [
            ImportAction::Create,
            ImportAction::Update,
            ImportAction::Invalid,
            ImportAction::Invalid
        ]
    );
    assert_eq!(plan.items[1].changes.len(), 1);
    assert_eq!(plan.items[1].changes[0].key, "heartbeat.interval.ms");
    assert_eq!(
        plan.items[2].errors[0].field.as_deref(),
        Some("config.database.password")
    );
    assert!(
        plan.items[3]
            .errors
            .iter()
            .any(|e| e.field.as_deref() == Some("config.tasks.max")),
        "{:?}",
        plan.items[3].errors
    );
    // A dry run changes nothing.
    assert!(connect.connector_config(&name(&sink)).await.is_err());

    for c in &doc.connectors[..2] {
        let applied = admin.import_apply(c).await.expect("apply");
        assert_ne!(applied.action, ImportAction::Invalid);
    }
    eventually("recreated", std::time::Duration::from_secs(15), || async {
        connect.connector_config(&name(&sink)).await.ok().map(drop)
    })
    .await;
    // With two workers the write may land on the other one first: wait until this one has it.
    let raw = eventually("imported", std::time::Duration::from_secs(15), || async {
        let raw = connect.connector_config(&name(&source)).await.ok()?;
        (raw.get("heartbeat.interval.ms").map(String::as_str) == Some("9000")).then_some(raw)
    })
    .await;
    assert_eq!(raw["database.password"], DEMO_DB_PASSWORD);
    // Importing the same again: nothing to do.
    let again = ExportDocument {
        sluice_export: 1,
        exported_at_ms: 0,
        connectors: vec![doc.connectors[1].clone()],
    };
    let again = admin.import_plan(&again).await.expect("plan");
    assert_eq!(again.items[0].action, ImportAction::Unchanged);
    let unreadable = ExportDocument {
        sluice_export: 2,
        exported_at_ms: 0,
        connectors: vec![],
    };
    let bad = admin
        .import_plan(&unreadable)
        .await
        .expect_err("a document of another format, with no connectors");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for n in [&sink, &source] {
        connect.delete_connector(&name(n)).await.expect("cleanup");
    }
}
