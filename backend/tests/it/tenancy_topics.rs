//! Tenant isolation down to every topic, tried as a hostile tenant would: an operator key of
//! `acme` pointing a connector at `globex`'s topics is refused at the field on create, every
//! edit, import and the wizard, and Connect never sees the config. Generated from the
//! installed plugins too, so a plugin with a topic key the console does not know fails here.
//! After the fact, a connector found touching another namespace is stopped and quarantined.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use sluice_shared::fleet::FleetEntry;
use sluice_shared::plugin::{ConfigKeyInfo, PluginInfo};
use sluice_shared::policy::Role;
use sluice_shared::tenancy::routing::{self, TransformKind};
use sluice_shared::tenancy::topic_keys::{self, TopicKey};
use sluice_shared::transfer::{ExportDocument, ExportedConnector, FORMAT, ImportAction};
use sluice_shared::{ConfigInfos, ConnectorState, ErrorCode, RedactedConfig};

use crate::support::*;

const FILE_SOURCE: &str = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const REGEX_ROUTER: &str = "org.apache.kafka.connect.transforms.RegexRouter";

/// A console with tenants `acme` and `globex`, its admin, and an operator key of `acme`.
async fn console(
    interval: Option<Duration>,
) -> (String, sluice_backend::state::AppState, Api, Api) {
    let url = connect_url(1);
    require_up(&url).await;
    let mut config = config_for(&[&url]);
    if let Some(i) = interval {
        config.fleet.topic_check_interval = i;
    }
    let (base, state) = spawn_app(config).await;
    acme_and_globex(&state).await;
    let admin = Api::admin(&base).await;
    let key = admin
        .create_key(&key_request("acme-ops", Role::Operator, Some("acme")))
        .await
        .expect("operator key");
    let operator = Api::with_key(&base, &key.key);
    (base, state, admin, operator)
}

/// The fields a refusal names: the envelope's own and every `field: message` it joins.
fn refused_fields(r: &Refusal) -> String {
    format!(
        "{} | {}",
        r.error.field.clone().unwrap_or_default(),
        r.error.message
    )
}

/// The attempts of the hostile-tenant report, each with the field that must be named.
fn cross_tenant_attempts() -> Vec<(&'static str, BTreeMap<String, String>)> {
    let sink_on = |key: &str, value: &str| {
        let mut c = file_sink_config("acme.orders");
        c.insert(key.to_owned(), value.to_owned());
        c
    };
    let mut regex_sink = file_sink_config("");
    regex_sink.remove("topics");
    regex_sink.insert("topics.regex".into(), ".*".into());
    vec![
        (
            "config.topics",
            sink_on("topics", "globex.inventory.public.customers"),
        ),
        ("config.topics.regex", regex_sink),
        (
            "config.errors.deadletterqueue.topic.name",
            sink_on("errors.deadletterqueue.topic.name", "globex.dlq"),
        ),
        (
            "config.topic",
            config(&[
                ("connector.class", FILE_SOURCE),
                ("file", "/dev/null"),
                ("topic", "globex.orders"),
            ]),
        ),
        (
            "config.transforms.route.replacement",
            config(&[
                ("connector.class", FILE_SOURCE),
                ("file", "/dev/null"),
                ("topic", "acme.orders"),
                ("transforms", "route"),
                ("transforms.route.type", REGEX_ROUTER),
                ("transforms.route.regex", "acme\\.(.*)"),
                ("transforms.route.replacement", "globex.$1"),
            ]),
        ),
    ]
}

#[tokio::test]
async fn a_tenant_cannot_point_a_connector_at_another_tenants_topics() {
    let (_base, _state, _admin, operator) = console(None).await;
    let connect = client(1).await;
    let id = unique("acme-leak");
    let mut tried = Vec::new();
    for (i, (field, config)) in cross_tenant_attempts().into_iter().enumerate() {
        let name = format!("acme-{}-{i}", &id[3..]);
        let refused = operator
            .create_connector("w1", &new_connector(&name, &config))
            .await
            .expect_err(field);
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{field}: {refused:?}"
        );
        assert!(
            refused_fields(&refused).contains(field),
            "{field} not named: {refused:?}"
        );
        assert!(
            refused.error.message.contains("`acme.`"),
            "the refusal names the namespace: {refused:?}"
        );
        tried.push(name);
    }
    // Nothing reached Connect: not one of the names exists there.
    let names = connect.connector_names().await.expect("Connect's list");
    for name in &tried {
        assert!(!names.contains(name), "{name} reached Connect");
    }
}

#[tokio::test]
async fn every_edit_keeps_the_topics_inside_and_connect_never_sees_the_refused_config() {
    let (_base, _state, admin, operator) = console(None).await;
    let connect = client(1).await;
    let name = format!("acme-{}", &unique("edit-leak")[3..]);
    let inside = file_sink_config("acme.orders");
    operator
        .create_connector("w1", &new_connector(&name, &inside))
        .await
        .expect("a sink inside the namespace is created");
    let c = operator.connector("w1", &name);

    let mut outside = inside.clone();
    outside.insert("topics".into(), "globex.orders".into());
    let put = c.put_config(&outside).await.expect_err("PUT outside");
    assert!(refused_fields(&put).contains("config.topics"), "{put:?}");

    let patch = BTreeMap::from([(
        "errors.deadletterqueue.topic.name".to_owned(),
        Some("globex.dlq".to_owned()),
    )]);
    let patched = c.patch_config(&patch).await.expect_err("PATCH outside");
    assert!(
        refused_fields(&patched).contains("config.errors.deadletterqueue.topic.name"),
        "{patched:?}"
    );

    // The editor's live validation shows the refusal at the key, like Connect's own errors.
    let verdict: ConfigInfos = c.validate(&outside).await.expect("validate answers");
    let at_topics: Vec<_> = verdict
        .field_errors()
        .into_iter()
        .filter(|(k, _)| *k == "topics")
        .collect();
    assert_eq!(at_topics.len(), 1, "{verdict:?}");
    assert!(at_topics[0].1[0].contains("globex.orders"));

    // An import that would move the sink onto another tenant's topic is planned as invalid.
    let doc = ExportDocument {
        sluice_export: FORMAT,
        exported_at_ms: 0,
        connectors: vec![ExportedConnector {
            cluster_id: "w1".into(),
            name: name.clone(),
            tenant: Some("acme".into()),
            config: outside.clone(),
        }],
    };
    let plan = operator.import_plan(&doc).await.expect("plan");
    assert_eq!(plan.items[0].action, ImportAction::Invalid);
    assert!(
        plan.items[0]
            .errors
            .iter()
            .any(|e| e.field.as_deref() == Some("config.topics")),
        "{plan:?}"
    );
    let applied = operator
        .import_apply(&doc.connectors[0])
        .await
        .expect_err("apply outside");
    assert!(refused_fields(&applied).contains("config.topics"));

    let stored = connect
        .connector_config(&name_of(&name))
        .await
        .expect("config");
    assert_eq!(
        stored["topics"], "acme.orders",
        "Connect kept the old subscription"
    );
    assert!(!stored.contains_key("errors.deadletterqueue.topic.name"));

    // The tenant's own principal, set by an admin (README's ACL layout): the tenant may edit
    // everything else and keeps it, but may not change it.
    let jaas = "consumer.override.sasl.jaas.config";
    let admin_patch = BTreeMap::from([(
        jaas.to_owned(),
        Some(
            "org.apache.kafka.common.security.plain.PlainLoginModule required \
             username=\"acme\" password=\"acme-principal-secret\";"
                .to_owned(),
        ),
    )]);
    admin
        .connector("w1", &name)
        .patch_config(&admin_patch)
        .await
        .expect("an admin sets the tenant's principal");
    let shown = c.config().await.expect("config");
    let mut edit = shown.config.clone();
    edit.insert("tasks.max".into(), "2".into());
    c.put_config(&edit)
        .await
        .expect("an edit that keeps the override");
    let mut changed = shown.config.clone();
    changed.insert(jaas.into(), "x required;".into());
    let refused = c
        .put_config(&changed)
        .await
        .expect_err("changing the principal");
    assert!(refused_fields(&refused).contains(jaas), "{refused:?}");
    connect
        .delete_connector(&name_of(&name))
        .await
        .expect("delete");
}

fn name_of(s: &str) -> sluice_shared::ConnectorName {
    name(s)
}

/// A value for a topic-bearing key that lies in `globex`'s namespace.
fn outside_value(kind: TopicKey) -> &'static str {
    match kind {
        TopicKey::Pattern => "globex\\..*",
        TopicKey::HeartbeatPrefix => "globex.heartbeat",
        _ => "globex.stolen",
    }
}

#[tokio::test]
async fn every_topic_key_and_routing_transform_of_the_installed_plugins_is_refused_outside() {
    let (_base, _state, admin, operator) = console(None).await;
    let connect = reqwest::Client::new();
    let url = connect_url(1);
    let plugins: Vec<PluginInfo> = connect
        .get(format!("{url}/connector-plugins?connectorsOnly=false"))
        .send()
        .await
        .expect("plugins")
        .json()
        .await
        .expect("plugin list");
    let validate = |config: BTreeMap<String, String>| {
        let operator = operator.clone();
        async move {
            let infos: ConfigInfos = operator
                .post("/api/v1/clusters/w1/validate", &config)
                .await
                .expect("validate answers");
            // Only the console's refusals (each names the namespace), not Connect's own
            // verdict on a config left incomplete on purpose.
            infos
                .field_errors()
                .into_iter()
                .filter(|(_, messages)| messages.iter().any(|m| m.contains("`acme.`")))
                .map(|(k, _)| k.to_owned())
                .collect::<Vec<_>>()
        }
    };

    let mut unknown = Vec::new();
    let mut keys_tried = 0;
    for p in plugins
        .iter()
        .filter(|p| p.plugin_type == "source" || p.plugin_type == "sink")
    {
        let defs: Vec<ConfigKeyInfo> = connect
            .get(format!("{url}/connector-plugins/{}/config", p.class))
            .send()
            .await
            .expect("definitions")
            .json()
            .await
            .expect("definition list");
        for def in defs {
            let Some(kind) = topic_keys::classify(&def.name) else {
                continue;
            };
            match kind {
                TopicKey::Unknown => unknown.push(format!("{}: {}", p.class, def.name)),
                TopicKey::NotAName => {}
                _ => {
                    let mut config = config(&[("connector.class", &p.class)]);
                    if p.plugin_type == "sink" && def.name != "topics" {
                        config.insert("topics".into(), "acme.in".into());
                    }
                    config.insert(def.name.clone(), outside_value(kind).into());
                    let refused = validate(config).await;
                    assert!(
                        refused.contains(&def.name),
                        "{} accepted {}={} for an acme operator: {refused:?}",
                        p.class,
                        def.name,
                        outside_value(kind)
                    );
                    keys_tried += 1;
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "topic keys the console cannot classify (add them to tenancy/topic_keys.rs): {unknown:?}"
    );
    assert!(keys_tried >= 10, "only {keys_tried} topic keys tried");

    // Every installed transform: one that is not known to keep the topic is refused with
    // every router setting pointing at globex; a topic-keeping one passes.
    let mut routers = 0;
    for t in plugins.iter().filter(|p| p.plugin_type == "transformation") {
        let config = config(&[
            ("connector.class", FILE_SOURCE),
            ("file", "/dev/null"),
            ("topic", "acme.orders"),
            ("transforms", "t"),
            ("transforms.t.type", &t.class),
            ("transforms.t.replacement", "globex.$1"),
            ("transforms.t.topic.replacement", "globex.$1"),
            (
                "transforms.t.route.topic.replacement",
                "globex.${routedByValue}",
            ),
            ("transforms.t.topic.format", "globex-${timestamp}"),
            ("transforms.t.target.topic.prefix", "globex"),
        ]);
        let refused = validate(config).await;
        let at_transform = refused.iter().any(|k| k.starts_with("transforms.t."));
        match routing::transform_kind(&t.class) {
            TransformKind::TopicPreserving => {
                assert!(!at_transform, "{} refused: {refused:?}", t.class);
            }
            TransformKind::Router | TransformKind::Unknown => {
                assert!(at_transform, "{} accepted for an acme source", t.class);
                routers += 1;
            }
        }
    }
    assert!(
        routers >= 4,
        "only {routers} routing or unknown transforms seen"
    );
    // An admin allows a class the console cannot check: from then on the tenant may use it.
    let lineage = "io.debezium.transforms.openlineage.OpenLineage";
    let with_lineage = config(&[
        ("connector.class", FILE_SOURCE),
        ("file", "/dev/null"),
        ("topic", "acme.orders"),
        ("transforms", "t"),
        ("transforms.t.type", lineage),
    ]);
    assert_eq!(validate(with_lineage.clone()).await, ["transforms.t.type"]);
    let allowed: sluice_shared::admin::TenantInfo = admin
        .patch(
            "/api/v1/tenants/acme",
            &serde_json::json!({ "allowed_classes": [lineage] }),
        )
        .await
        .expect("allowed");
    assert_eq!(allowed.allowed_classes, [lineage]);
    assert!(validate(with_lineage).await.is_empty());
    for p in plugins.iter().filter(|p| p.plugin_type == "predicate") {
        assert!(
            routing::is_known_predicate(&p.class),
            "{}: a predicate the console does not know (tenants would be refused it)",
            p.class
        );
    }
}

#[tokio::test]
async fn a_connector_found_writing_outside_is_stopped_quarantined_and_released_by_an_admin() {
    let (_base, state, admin, operator) = console(Some(Duration::from_secs(1))).await;
    let connect = client(1).await;
    let id = unique("stray");
    let name = format!("acme-{}", &id[3..]);
    let stolen = format!("globex.{id}");
    let file = std::env::temp_dir().join(format!("{id}.txt"));
    std::fs::write(&file, "row one\nrow two\n").expect("source file");
    // An admin's connector is not checked up front (admins are trusted); given to acme, it is
    // watched like any of acme's.
    let cfg = config(&[
        ("connector.class", FILE_SOURCE),
        ("file", &file.display().to_string()),
        ("topic", &stolen),
        ("tasks.max", "1"),
    ]);
    admin
        .create_connector("w1", &new_connector(&name, &cfg))
        .await
        .expect("admin creates");
    eventually(
        "records reach the stray topic",
        Duration::from_secs(60),
        || async {
            let topics = connect.connector_topics(&name_of(&name)).await.ok()?;
            topics.contains(&stolen).then_some(())
        },
    )
    .await;
    let c = admin.connector("w1", &name);
    c.set_owner(Some("acme")).await.expect("given to acme");

    let entry: FleetEntry = eventually(
        "the guard quarantines it",
        Duration::from_secs(30),
        || async {
            let fleet = admin.fleet().await.ok()?;
            fleet
                .clusters
                .into_iter()
                .flat_map(|c| c.connectors)
                .find(|e| e.connector.name == name && e.quarantine.is_some())
        },
    )
    .await;
    assert_eq!(
        entry.quarantine.as_ref().map(|q| q.topics.clone()),
        Some(vec![stolen.clone()])
    );
    assert!(entry.problem().unwrap_or_default().contains(&stolen));
    eventually("Connect stopped it", Duration::from_secs(30), || async {
        let s = connect.connector_status(&name_of(&name)).await.ok()?;
        (s.connector.state == ConnectorState::Stopped).then_some(())
    })
    .await;
    let audit = admin.audit("action=quarantine").await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|r| r.connector.as_deref() == Some(name.as_str())
                && r.actor == sluice_backend::guard::ACTOR
                && r.detail
                    .as_ref()
                    .is_some_and(|d| d.to_string().contains(&stolen))),
        "{audit:?}"
    );

    // The tenant cannot start it again, in any way that would run tasks.
    let op = operator.connector("w1", &name);
    for (method, path) in [
        (Method::PUT, "/resume"),
        (Method::PUT, "/pause"),
        (Method::POST, "/restart?include_tasks=true"),
    ] {
        let refused = operator.send(method, &op.path(path)).await.refusal();
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}: {refused:?}");
        assert_eq!(refused.error.code, ErrorCode::Forbidden);
        assert!(refused.error.message.contains(&stolen), "{refused:?}");
    }
    let not_admin = operator
        .send(Method::DELETE, &op.path("/quarantine"))
        .await
        .refusal();
    assert_eq!(not_admin.status, StatusCode::FORBIDDEN);

    // An admin releases it: the old finding is forgotten, the tenant may start it again.
    assert_eq!(
        admin
            .send(Method::DELETE, &c.path("/quarantine"))
            .await
            .done()
            .expect("released"),
        StatusCode::NO_CONTENT
    );
    let config: RedactedConfig = op.config().await.expect("still readable");
    assert_eq!(config.config["topic"], stolen);
    let again = admin
        .send(Method::DELETE, &c.path("/quarantine"))
        .await
        .refusal();
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    operator
        .send(Method::PUT, &op.path("/stop"))
        .await
        .done()
        .expect("stopping is always allowed");
    connect
        .delete_connector(&name_of(&name))
        .await
        .expect("delete");
    let _ = std::fs::remove_file(&file);
    let _ = state;
}
