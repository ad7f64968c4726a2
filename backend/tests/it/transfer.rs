//! Export and import against the real stack: secrets leave only as sentinels, the dry run
//! reports create / update / unchanged / invalid with Connect's validation, and applying
//! recreates and updates connectors while keeping the stored secret.

use crate::support::*;
use serde_json::json;
use sluice_shared::redact::REDACTED;
use sluice_shared::transfer::{ExportDocument, ImportAction, ImportApplied, ImportPlan};

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
    let (http, me) = login(&base, "admin", ADMIN_PASSWORD).await;
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{base}/api/v1{path}"))
            .header("x-csrf-token", &me.csrf_token)
            .json(&body)
            .send()
    };

    let exported = post(
        "/export",
        json!({"connectors": [{"cluster_id": "w1", "name": sink}, {"cluster_id": "w1", "name": source}]}),
    )
    .await
    .expect("export");
    let text = exported.text().await.expect("body");
    assert!(
        !text.contains(DEMO_DB_PASSWORD),
        "the export leaked a password"
    );
    let mut doc: ExportDocument = serde_json::from_str(&text).expect("document");
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

    let plan: ImportPlan = post("/import/plan", serde_json::to_value(&doc).expect("doc"))
        .await
        .expect("plan")
        .json()
        .await
        .expect("plan json");
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
        let applied: ImportApplied = post("/import/apply", serde_json::to_value(c).expect("c"))
            .await
            .expect("apply")
            .json()
            .await
            .expect("applied");
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
    let again: ImportPlan = post(
        "/import/plan",
        json!({"sluice_export": 1, "exported_at_ms": 0, "connectors": [doc.connectors[1]]}),
    )
    .await
    .expect("plan")
    .json()
    .await
    .expect("json");
    assert_eq!(again.items[0].action, ImportAction::Unchanged);
    let bad = post(
        "/import/plan",
        json!({"sluice_export": 2, "exported_at_ms": 0, "connectors": []}),
    )
    .await
    .expect("plan");
    assert_eq!(bad.status(), reqwest::StatusCode::BAD_REQUEST);
    for n in [&sink, &source] {
        connect.delete_connector(&name(n)).await.expect("cleanup");
    }
}
