//! Debezium 1.x registration files, found and rewritten for the installed version.

use super::*;

use crate::test_support::config;

fn keys(findings: &[LegacyKey]) -> Vec<&str> {
    findings.iter().map(|f| f.key.as_str()).collect()
}

fn get<'a>(findings: &'a [LegacyKey], key: &str) -> &'a LegacyKey {
    findings.iter().find(|f| f.key == key).unwrap()
}

/// Debezium's 1.x tutorial `register-mysql.json`.
fn tutorial_mysql() -> BTreeMap<String, String> {
    config(&[
        (
            "connector.class",
            "io.debezium.connector.mysql.MySqlConnector",
        ),
        ("tasks.max", "1"),
        ("database.hostname", "mysql"),
        ("database.port", "3306"),
        ("database.user", "debezium"),
        ("database.password", "dbz"),
        ("database.server.id", "184054"),
        ("database.server.name", "dbserver1"),
        ("database.include.list", "inventory"),
        ("database.history.kafka.bootstrap.servers", "kafka:9092"),
        ("database.history.kafka.topic", "schema-changes.inventory"),
    ])
}

fn postgres_1x() -> BTreeMap<String, String> {
    config(&[
        (
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector",
        ),
        ("database.hostname", "postgres"),
        ("database.dbname", "postgres"),
        ("database.server.name", "dbserver1"),
        ("schema.whitelist", "inventory"),
        ("table.blacklist", "inventory.spatial_ref_sys"),
    ])
}

fn mongodb_1x() -> BTreeMap<String, String> {
    config(&[
        (
            "connector.class",
            "io.debezium.connector.mongodb.MongoDbConnector",
        ),
        ("mongodb.hosts", "rs0/h1:27017"),
        ("mongodb.name", "dbserver1"),
        ("mongodb.members.auto.discover", "false"),
        ("collection.whitelist", "inventory.customers"),
    ])
}

#[test]
fn tutorial_mysql_config_is_flagged_and_rewritten_for_2x() {
    let findings = legacy_keys(&tutorial_mysql(), None);
    assert_eq!(
        keys(&findings),
        [
            "database.history.kafka.bootstrap.servers",
            "database.history.kafka.topic",
            "database.server.name"
        ]
    );
    assert!(
        findings
            .iter()
            .all(|f| f.fix == Fix::Replace && f.severity == Severity::Error)
    );
    let server_name = get(&findings, "database.server.name");
    assert_eq!(server_name.field, "config.database.server.name");
    assert_eq!(server_name.replacement.as_deref(), Some("topic.prefix"));
    assert_eq!(
        server_name.message,
        "`database.server.name` was removed in Debezium 2.0; use `topic.prefix`"
    );

    let rewritten = rewrite(&tutorial_mysql(), Some(v(2, 7)));
    assert_eq!(rewritten["topic.prefix"], "dbserver1");
    assert_eq!(
        rewritten["schema.history.internal.kafka.bootstrap.servers"],
        "kafka:9092"
    );
    assert_eq!(
        rewritten["schema.history.internal.kafka.topic"],
        "schema-changes.inventory"
    );
    assert_eq!(rewritten["database.include.list"], "inventory");
    assert_eq!(rewritten["database.server.id"], "184054");
    assert_eq!(rewritten.len(), tutorial_mysql().len());
    assert!(
        rewritten
            .keys()
            .all(|k| !k.starts_with("database.history") && k != "database.server.name")
    );
    assert_eq!(legacy_keys(&rewritten, Some(v(2, 7))), []);
}

#[test]
fn postgres_1x_lists_and_missing_plugin_are_flagged() {
    let findings = legacy_keys(&postgres_1x(), Some(v(3, 4)));
    assert_eq!(
        keys(&findings),
        [
            "database.server.name",
            "plugin.name",
            "schema.whitelist",
            "table.blacklist"
        ]
    );
    let plugin = get(&findings, "plugin.name");
    assert_eq!(
        (plugin.fix, plugin.severity),
        (Fix::Replace, Severity::Warning)
    );
    assert!(plugin.message.contains("could not access file"));
    assert!(plugin.changes_value());
    let whitelist = get(&findings, "schema.whitelist");
    assert_eq!(
        whitelist.replacement.as_deref(),
        Some("schema.include.list")
    );
    assert!(!whitelist.changes_value());

    let rewritten = rewrite(&postgres_1x(), Some(v(3, 4)));
    assert_eq!(rewritten["plugin.name"], "pgoutput");
    assert_eq!(rewritten["schema.include.list"], "inventory");
    assert_eq!(rewritten["table.exclude.list"], "inventory.spatial_ref_sys");
    assert!(
        !rewritten.contains_key("schema.whitelist") && !rewritten.contains_key("table.blacklist")
    );
    // PostgreSQL keeps no schema history, so `database.history.*` is not its concern.
    let mut with_history = postgres_1x();
    with_history.insert("database.history.kafka.topic".into(), "h".into());
    assert_eq!(legacy_keys(&with_history, None).len(), findings.len());
}

#[test]
fn an_explicit_plugin_is_left_alone_unless_it_is_wal2json() {
    let mut pg = postgres_1x();
    pg.insert("plugin.name".into(), "decoderbufs".into());
    assert!(
        legacy_keys(&pg, None)
            .iter()
            .all(|f| f.key != "plugin.name")
    );
    pg.insert("plugin.name".into(), "wal2json_rds".into());
    let findings = legacy_keys(&pg, None);
    let plugin = get(&findings, "plugin.name");
    assert_eq!(
        (plugin.fix, plugin.severity),
        (Fix::Manual, Severity::Error)
    );
    assert_eq!(rewrite(&pg, None)["plugin.name"], "wal2json_rds");
}

#[test]
fn mongodb_hosts_become_a_connection_string() {
    let findings = legacy_keys(&mongodb_1x(), None);
    assert_eq!(
        keys(&findings),
        [
            "collection.whitelist",
            "mongodb.hosts",
            "mongodb.members.auto.discover",
            "mongodb.name"
        ]
    );
    let hosts = get(&findings, "mongodb.hosts");
    assert_eq!(
        hosts.new_value.as_deref(),
        Some("mongodb://h1:27017/?replicaSet=rs0")
    );
    assert_eq!(
        hosts.message,
        "`mongodb.hosts` was removed in Debezium 2.4; use `mongodb.connection.string` = \
         `mongodb://h1:27017/?replicaSet=rs0`"
    );
    let discover = get(&findings, "mongodb.members.auto.discover");
    assert_eq!(
        (discover.fix, discover.replacement.as_deref()),
        (Fix::Manual, None)
    );

    let rewritten = rewrite(&mongodb_1x(), None);
    assert_eq!(
        rewritten["mongodb.connection.string"],
        "mongodb://h1:27017/?replicaSet=rs0"
    );
    assert_eq!(rewritten["topic.prefix"], "dbserver1");
    assert_eq!(rewritten["collection.include.list"], "inventory.customers");
    assert_eq!(rewritten["mongodb.members.auto.discover"], "false");
    assert!(!rewritten.contains_key("mongodb.hosts") && !rewritten.contains_key("mongodb.name"));

    // 2.0–2.3 read both keys; 1.x had only the old one.
    let in_2_2 = legacy_keys(&mongodb_1x(), Some(v(2, 2)));
    assert_eq!(get(&in_2_2, "mongodb.hosts").severity, Severity::Warning);
    assert!(
        in_2_2
            .iter()
            .all(|f| f.key != "mongodb.members.auto.discover")
    );
    assert_eq!(
        keys(&legacy_keys(&mongodb_1x(), Some(v(1, 9)))),
        ["collection.whitelist"]
    );
}

#[test]
fn host_lists_convert_only_when_unambiguous() {
    let uri = |s| connection_string(s).unwrap();
    assert_eq!(
        uri(" rs0/h1:27017, h2:27017 ").as_deref(),
        Some("mongodb://h1:27017,h2:27017/?replicaSet=rs0")
    );
    assert_eq!(uri("h1:27017").as_deref(), Some("mongodb://h1:27017/"));
    assert_eq!(uri("mongodb://h1/?replicaSet=rs0"), None);
    assert!(connection_string("rs0/h1:27017;rs1/h2:27017").is_err());
    assert!(connection_string("shard1=rs0/h1:27017").is_err());
    assert!(connection_string("user:pw@h1").is_err());

    let mut mongo = mongodb_1x();
    mongo.insert("mongodb.hosts".into(), "rs0/h1;rs1/h2".into());
    let hosts = legacy_keys(&mongo, None)
        .into_iter()
        .find(|f| f.key == "mongodb.hosts")
        .unwrap();
    assert_eq!(hosts.fix, Fix::Manual);
    assert!(!hosts.message.contains("h1"), "{}", hosts.message);
    assert_eq!(rewrite(&mongo, None)["mongodb.hosts"], "rs0/h1;rs1/h2");
}

#[test]
fn snapshot_mode_renames_follow_the_installed_version() {
    let mut mysql = tutorial_mysql();
    mysql.insert("snapshot.mode".into(), "schema_only".into());
    let mode = |config: &BTreeMap<String, String>, version| {
        legacy_keys(config, version)
            .into_iter()
            .find(|f| f.key == "snapshot.mode")
    };
    assert_eq!(
        mode(&mysql, Some(v(2, 5))),
        None,
        "no_data does not exist yet"
    );
    let deprecated = mode(&mysql, Some(v(3, 2))).unwrap();
    assert_eq!(deprecated.severity, Severity::Warning);
    assert_eq!(deprecated.new_value.as_deref(), Some("no_data"));
    let removed = mode(&mysql, Some(v(3, 3))).unwrap();
    assert_eq!(removed.severity, Severity::Error);
    assert_eq!(
        removed.message,
        "`snapshot.mode=schema_only` was removed in Debezium 3.3; use `no_data`"
    );
    assert_eq!(mode(&mysql, None).unwrap().severity, Severity::Error);
    assert_eq!(rewrite(&mysql, None)["snapshot.mode"], "no_data");

    mysql.insert("snapshot.mode".into(), "SCHEMA_ONLY_RECOVERY".into());
    assert_eq!(rewrite(&mysql, None)["snapshot.mode"], "recovery");
    mysql.insert("snapshot.mode".into(), "never".into());
    assert_eq!(mode(&mysql, Some(v(3, 5))), None);
    assert_eq!(mode(&mysql, Some(v(3, 6))).unwrap().fix, Fix::Manual);

    let mut pg = postgres_1x();
    pg.insert("snapshot.mode".into(), "never".into());
    assert_eq!(rewrite(&pg, Some(v(3, 3)))["snapshot.mode"], "no_data");
    // SQL Server never had `schema_only_recovery`: not ours to rename.
    let sql_server = config(&[
        (
            "connector.class",
            "io.debezium.connector.sqlserver.SqlServerConnector",
        ),
        ("snapshot.mode", "schema_only_recovery"),
    ]);
    assert_eq!(legacy_keys(&sql_server, None), []);
}

#[test]
fn connector_specific_renames() {
    let sql_server = config(&[
        (
            "connector.class",
            "io.debezium.connector.sqlserver.SqlServerConnector",
        ),
        ("database.dbname", "testDB"),
        (
            "database.history",
            "io.debezium.relational.history.KafkaDatabaseHistory",
        ),
    ]);
    let rewritten = rewrite(&sql_server, None);
    assert_eq!(rewritten["database.names"], "testDB");
    assert_eq!(
        rewritten["schema.history.internal"],
        "io.debezium.storage.kafka.history.KafkaSchemaHistory"
    );
    // Only SQL Server renamed `database.dbname`.
    assert!(
        legacy_keys(&postgres_1x(), None)
            .iter()
            .all(|f| f.key != "database.dbname")
    );

    let mut custom = sql_server.clone();
    custom.insert("database.history".into(), "com.acme.History".into());
    let history = legacy_keys(&custom, None)
        .into_iter()
        .find(|f| f.key == "database.history")
        .unwrap();
    assert_eq!(history.fix, Fix::Manual);

    let mut mysql = tutorial_mysql();
    mysql.insert(
        "event.deserialization.failure.handling.mode".into(),
        "warn".into(),
    );
    let key = "event.deserialization.failure.handling.mode";
    let in_2_6 = legacy_keys(&mysql, Some(v(2, 6)));
    assert_eq!(get(&in_2_6, key).severity, Severity::Warning);
    let in_2_7 = legacy_keys(&mysql, Some(v(2, 7)));
    assert!(
        get(&in_2_7, key)
            .message
            .contains("is ignored since Debezium 2.7")
    );
    assert_eq!(
        rewrite(&mysql, None)["event.processing.failure.handling.mode"],
        "warn"
    );
}

#[test]
fn a_clean_2x_config_has_no_findings() {
    let mysql = config(&[
        (
            "connector.class",
            "io.debezium.connector.mysql.MySqlConnector",
        ),
        ("database.server.id", "184054"),
        ("topic.prefix", "dbserver1"),
        ("database.include.list", "inventory"),
        (
            "schema.history.internal.kafka.bootstrap.servers",
            "kafka:9092",
        ),
        (
            "schema.history.internal.kafka.topic",
            "schema-changes.inventory",
        ),
        ("snapshot.mode", "no_data"),
    ]);
    assert_eq!(legacy_keys(&mysql, None), []);
    assert_eq!(rewrite(&mysql, None), mysql);
    let pg = config(&[
        (
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector",
        ),
        ("topic.prefix", "dbserver1"),
        ("plugin.name", "pgoutput"),
        ("schema.include.list", "inventory"),
    ]);
    assert_eq!(legacy_keys(&pg, None), []);
}

#[test]
fn when_old_and_new_are_both_set_the_new_one_wins() {
    let mut mysql = tutorial_mysql();
    mysql.insert("topic.prefix".into(), "current".into());
    let findings = legacy_keys(&mysql, None);
    let old = get(&findings, "database.server.name");
    assert_eq!(old.fix, Fix::Drop);
    assert!(
        old.message.contains("`topic.prefix` is also set"),
        "{}",
        old.message
    );
    let rewritten = rewrite(&mysql, None);
    assert_eq!(rewritten["topic.prefix"], "current");
    assert!(!rewritten.contains_key("database.server.name"));

    // Two old keys for one new key: the first claims it, the second is dropped.
    let mut both = tutorial_mysql();
    both.insert(
        "database.history.store.only.monitored.tables.ddl".into(),
        "true".into(),
    );
    both.insert(
        "database.history.store.only.captured.tables.ddl".into(),
        "false".into(),
    );
    let rewritten = rewrite(&both, None);
    assert_eq!(
        rewritten["schema.history.internal.store.only.captured.tables.ddl"],
        "false"
    );
    assert!(rewritten.keys().all(|k| !k.starts_with("database.history")));
}

#[test]
fn other_connectors_are_not_judged() {
    for class in [
        "io.confluent.connect.jdbc.JdbcSourceConnector",
        "io.debezium.connector.jdbc.JdbcSinkConnector",
    ] {
        let mut other = tutorial_mysql();
        other.insert("connector.class".into(), class.into());
        assert_eq!(legacy_keys(&other, None), []);
        assert_eq!(rewrite(&other, None), other);
    }
    assert_eq!(
        legacy_keys(&config(&[("database.server.name", "x")]), None),
        []
    );
    let db2 = config(&[
        ("connector.class", "io.debezium.connector.db2.Db2Connector"),
        ("database.history.kafka.topic", "h"),
    ]);
    assert_eq!(
        keys(&legacy_keys(&db2, None)),
        ["database.history.kafka.topic"]
    );
}

#[test]
fn rewrite_is_idempotent_and_leaves_only_manual_findings() {
    let mut pg = postgres_1x();
    pg.insert("snapshot.mode".into(), "never".into());
    for (config, version) in [
        (tutorial_mysql(), None),
        (tutorial_mysql(), Some(v(3, 2))),
        (pg, None),
        (mongodb_1x(), None),
        (mongodb_1x(), Some(v(2, 1))),
    ] {
        let once = rewrite(&config, version);
        assert_eq!(rewrite(&once, version), once);
        assert!(
            legacy_keys(&once, version)
                .iter()
                .all(|f| f.fix == Fix::Manual)
        );
    }
}

#[test]
fn the_report_names_the_target_version() {
    let report = LegacyReport::new(&tutorial_mysql(), None);
    assert_eq!(report.debezium, "3.x");
    assert!(report.can_rewrite());
    assert_eq!(
        LegacyReport::new(&tutorial_mysql(), Some(v(2, 7))).debezium,
        "2.7"
    );
    let json = serde_json::to_value(&report.findings[0]).unwrap();
    assert_eq!(
        json["field"],
        "config.database.history.kafka.bootstrap.servers"
    );
    assert_eq!(json["fix"], "replace");
    assert_eq!(json["severity"], "error");
    let back: LegacyReport =
        serde_json::from_value(serde_json::to_value(&report).unwrap()).unwrap();
    assert_eq!(back, report);
}
