//! Templates checked against the reference's required properties and the wizard's rules.

use super::*;

fn v(s: &str) -> Version {
    Version::parse(s).unwrap()
}

fn answers() -> Answers {
    Answers {
        host: "127.0.0.1".into(),
        database: "inventory".into(),
        user: "dbz".into(),
        password: "${file:/secrets/db.properties:password}".into(),
        topic_prefix: "acme.inventory".into(),
        table_include: vec!["public.customers".into()],
        snapshot_mode: "initial".into(),
        server_id: Some(184_000),
        kafka_bootstrap: "127.0.0.1:9092".into(),
        connection_string: "mongodb://127.0.0.1/?replicaSet=rs0".into(),
        jdbc_url: "jdbc:postgresql://127.0.0.1:5432/warehouse".into(),
        topics: vec!["acme.inventory.public.customers".into()],
        ..Answers::default()
    }
}

/// Reference §2.1: the properties each connector needs.
fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Postgres => &[
            "database.hostname",
            "database.port",
            "database.user",
            "database.password",
            "database.dbname",
            "topic.prefix",
            "plugin.name",
            "slot.name",
        ],
        Kind::MySql | Kind::MariaDb => &[
            "database.hostname",
            "database.port",
            "database.user",
            "database.password",
            "topic.prefix",
            "database.server.id",
            "schema.history.internal.kafka.topic",
            "schema.history.internal.kafka.bootstrap.servers",
        ],
        Kind::SqlServer => &[
            "database.hostname",
            "database.port",
            "database.user",
            "database.password",
            "database.names",
            "topic.prefix",
            "schema.history.internal.kafka.topic",
            "schema.history.internal.kafka.bootstrap.servers",
        ],
        Kind::Oracle => &[
            "database.hostname",
            "database.port",
            "database.user",
            "database.password",
            "database.dbname",
            "topic.prefix",
            "schema.history.internal.kafka.topic",
            "schema.history.internal.kafka.bootstrap.servers",
        ],
        Kind::MongoDb => &["mongodb.connection.string", "topic.prefix"],
        Kind::JdbcSink => &["connection.url", "connection.username", "topics"],
    }
}

#[test]
fn every_template_has_the_references_required_properties() {
    for kind in Kind::ALL {
        let c = generate(kind, Some(v("3.4.0.Final")), "acme-x", &answers());
        assert_eq!(c["connector.class"], kind.connector_class());
        assert_eq!(c["tasks.max"], "1");
        for key in required(kind) {
            assert!(c.contains_key(*key), "{kind:?} lacks {key}");
        }
        // Names removed in Debezium 2.0 never appear.
        for old in [
            "database.server.name",
            "database.history.kafka.topic",
            "table.whitelist",
            "mongodb.hosts",
        ] {
            assert!(!c.contains_key(old), "{kind:?} uses removed {old}");
        }
        assert!(
            validate(kind, &answers(), &[], Some("acme.")).is_empty(),
            "{kind:?}"
        );
    }
    let pg = generate(Kind::Postgres, None, "n", &answers());
    assert_eq!(pg["plugin.name"], "pgoutput");
    assert_eq!(pg["publication.name"], "dbz_publication");
    assert_eq!(pg["publication.autocreate.mode"], "filtered");
    let existing = Answers {
        publication_name: "cdc_pub".into(),
        publication_autocreate: "disabled".into(),
        ..answers()
    };
    let pg = generate(Kind::Postgres, None, "n", &existing);
    assert_eq!(pg["publication.name"], "cdc_pub");
    assert_eq!(pg["publication.autocreate.mode"], "disabled");
    assert_eq!(pg["slot.name"], "acme_inventory");
    assert!(!generate(Kind::SqlServer, None, "n", &answers()).contains_key("database.dbname"));
}

#[test]
fn snapshot_modes_follow_the_installed_version() {
    let names = |k, ver| {
        snapshot_modes(k, v(ver))
            .into_iter()
            .map(|m| m.name)
            .collect::<Vec<_>>()
    };
    let pg34 = names(Kind::Postgres, "3.4.0.Final");
    assert_eq!(pg34[0], "initial");
    assert!(pg34.contains(&"no_data") && !pg34.contains(&"never"));
    assert!(names(Kind::Postgres, "2.7.3.Final").contains(&"never"));
    let my27 = names(Kind::MySql, "2.7.0.Final");
    assert!(my27.contains(&"schema_only") && my27.contains(&"never"));
    let my36 = names(Kind::MariaDb, "3.6.0.Final");
    assert!(!my36.contains(&"schema_only") && !my36.contains(&"never"));
    assert!(names(Kind::SqlServer, "3.6.1.Final").contains(&"when_needed_no_data"));
    assert!(!names(Kind::SqlServer, "3.4.0.Final").contains(&"when_needed_no_data"));
    assert!(names(Kind::JdbcSink, "3.4.0.Final").is_empty());
}

#[test]
fn the_snapshot_step_speaks_of_the_database_in_its_own_terms() {
    let explained = |k| {
        snapshot_modes(k, v("3.4.0.Final"))
            .into_iter()
            .map(|m| m.explanation)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let pg = explained(Kind::Postgres);
    assert!(pg.contains("replication slot"), "{pg}");
    assert!(!pg.contains("binlog"), "{pg}");
    let maria = explained(Kind::MariaDb);
    assert!(
        maria.contains("binlog") && !maria.contains("slot"),
        "{maria}"
    );

    let intro = snapshot_intro(Kind::Postgres, Some(v("3.4.0.Final")));
    assert!(
        intro.starts_with("What Debezium 3.4 does with the rows already in your PostgreSQL tables"),
        "{intro}"
    );
    assert!(
        !intro.contains("PostgreSQL 3.4"),
        "the plugin's version is not the database's"
    );
    assert!(
        !intro.contains("binlog") && !intro.contains("locking"),
        "{intro}"
    );
    assert!(
        snapshot_intro(Kind::MySql, None)
            .starts_with("What Debezium does with the rows already in your MySQL tables")
    );
    assert!(snapshot_intro(Kind::MySql, None).contains("`snapshot.locking.mode`"));
    assert!(snapshot_intro(Kind::MongoDb, None).contains("MongoDB collections"));
}

#[test]
fn names_are_slugged_inside_the_tenant_prefix_and_unique() {
    let taken = vec!["acme-sales-db-postgresql-cdc".to_owned()];
    assert_eq!(
        connector_name("acme-", "Sales DB", Kind::Postgres, &taken),
        "acme-sales-db-postgresql-cdc-2"
    );
    assert_eq!(
        connector_name("", "inventory", Kind::JdbcSink, &[]),
        "inventory-jdbc-sink"
    );
    assert_eq!(slug("  Acme__Corp / Prod "), "acme-corp-prod");
}

#[test]
fn the_prefix_sentence_names_the_topics_and_the_slot_and_ends() {
    assert_eq!(
        topic_names(Kind::Postgres, "acme.walk"),
        "Topics will be named `acme.walk.<schema>.<table>`, and the replication slot `acme_walk`."
    );
    assert_eq!(
        topic_names(Kind::MariaDb, "acme"),
        "Topics will be named `acme.<database>.<table>`."
    );
    assert_eq!(
        topic_names(Kind::SqlServer, "acme"),
        "Topics will be named `acme.<database>.<schema>.<table>`."
    );
    assert_eq!(
        topic_names(Kind::Postgres, " "),
        "Topics will be named `<prefix>.<schema>.<table>`; the replication slot is named after the prefix."
    );
}

#[test]
fn server_ids_avoid_the_clusters_binlog_connectors() {
    assert_eq!(next_server_id(&[]), 184_000);
    assert_eq!(next_server_id(&[184_000, 184_001]), 184_002);
    let errors = validate(Kind::MySql, &answers(), &[184_000], None);
    assert_eq!(errors[0].0, "server_id");
}

#[test]
fn the_validator_reports_every_problem_with_its_field() {
    let a = Answers {
        topic_prefix: "globex orders".into(),
        table_include: vec!["a".into()],
        table_exclude: vec!["b".into()],
        ..Answers::default()
    };
    let fields: Vec<String> = validate(Kind::MariaDb, &a, &[], Some("acme."))
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    for f in [
        "host",
        "user",
        "database",
        "topic_prefix",
        "table_exclude",
        "server_id",
        "kafka_bootstrap",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
    }
    assert_eq!(fields.iter().filter(|f| *f == "topic_prefix").count(), 2);
}
#[test]
fn events_step_sets_only_what_differs_and_knows_the_flattening_names_per_version() {
    let mut a = answers();
    let plain = generate(Kind::Postgres, Some(v("3.4.0.Final")), "n", &a);
    assert!(!plain.contains_key("transforms"));
    assert!(!plain.contains_key("tombstones.on.delete"));
    // Heartbeats are on unless turned off: the hint's 10 s, not Debezium's "off".
    assert_eq!(plain["heartbeat.interval.ms"], "10000");
    for off in [None, Some(0)] {
        let mut quiet = a.clone();
        quiet.events.heartbeat_ms = off;
        let c = generate(Kind::MySql, Some(v("3.4.0.Final")), "n", &quiet);
        assert!(!c.contains_key("heartbeat.interval.ms"), "{off:?}");
    }
    let sink = generate(Kind::JdbcSink, Some(v("3.4.0.Final")), "n", &a);
    assert!(
        !sink.contains_key("heartbeat.interval.ms"),
        "sinks have no heartbeat"
    );
    a.events = Events {
        heartbeat_ms: Some(10_000),
        transaction_metadata: true,
        tombstones: false,
        decimal_handling: "string".into(),
        time_precision: "connect".into(),
        binary_handling: "hex".into(),
        flatten: true,
        flatten_deletes: "rewrite".into(),
        ..Events::default()
    };
    let c = generate(Kind::Postgres, Some(v("3.4.0.Final")), "n", &a);
    assert_eq!(c["heartbeat.interval.ms"], "10000");
    assert_eq!(c["provide.transaction.metadata"], "true");
    assert_eq!(c["tombstones.on.delete"], "false");
    assert_eq!(c["decimal.handling.mode"], "string");
    assert_eq!(c["time.precision.mode"], "connect");
    assert_eq!(c["binary.handling.mode"], "hex");
    assert_eq!(c["transforms"], "unwrap");
    assert_eq!(
        c["transforms.unwrap.type"],
        "io.debezium.transforms.ExtractNewRecordState"
    );
    assert_eq!(
        c["transforms.unwrap.delete.tombstone.handling.mode"],
        "rewrite"
    );
    // Removed in 3.2, the only names before 2.5.
    assert!(!c.contains_key("transforms.unwrap.delete.handling.mode"));
    let old = generate(Kind::Postgres, Some(v("2.4.2.Final")), "n", &a);
    assert_eq!(old["transforms.unwrap.delete.handling.mode"], "rewrite");
    assert_eq!(old["transforms.unwrap.drop.tombstones"], "true");
    assert!(!old.contains_key("transforms.unwrap.delete.tombstone.handling.mode"));
    let mongo = generate(Kind::MongoDb, Some(v("3.4.0.Final")), "n", &a);
    assert_eq!(
        mongo["transforms.unwrap.type"],
        "io.debezium.connector.mongodb.transforms.ExtractNewDocumentState"
    );

    a.events = Events {
        outbox: true,
        outbox_topic: "acme.outbox.${routedByValue}".into(),
        ..Events::default()
    };
    let c = generate(Kind::Postgres, None, "n", &a);
    assert_eq!(c["transforms"], "outbox");
    assert_eq!(
        c["transforms.outbox.type"],
        "io.debezium.transforms.outbox.EventRouter"
    );
    assert_eq!(
        c["transforms.outbox.route.topic.replacement"],
        "acme.outbox.${routedByValue}"
    );
    a.events.flatten = true;
    assert!(
        validate(Kind::Postgres, &a, &[], None)
            .iter()
            .any(|(f, _)| f == "events.outbox")
    );
}

#[test]
fn error_handling_has_a_dlq_only_for_sinks() {
    let mut a = answers();
    a.errors = ErrorHandling {
        tolerate_all: true,
        log: true,
        log_messages: true,
        dlq_topic: "acme.dlq".into(),
        dlq_replication_factor: Some(1),
        dlq_context_headers: true,
    };
    let sink = generate(Kind::JdbcSink, None, "n", &a);
    assert_eq!(sink["errors.tolerance"], "all");
    assert_eq!(sink["errors.log.enable"], "true");
    assert_eq!(sink["errors.log.include.messages"], "true");
    assert_eq!(sink["errors.deadletterqueue.topic.name"], "acme.dlq");
    assert_eq!(sink["errors.deadletterqueue.topic.replication.factor"], "1");
    assert_eq!(
        sink["errors.deadletterqueue.context.headers.enable"],
        "true"
    );
    assert!(validate(Kind::JdbcSink, &a, &[], None).is_empty());

    // A source never gets DLQ keys, and asking for one says why.
    let source = generate(Kind::Postgres, None, "n", &a);
    assert_eq!(source["errors.tolerance"], "all");
    assert!(
        !source
            .keys()
            .any(|k| k.starts_with("errors.deadletterqueue"))
    );
    let errs = validate(Kind::Postgres, &a, &[], None);
    assert!(
        errs.iter()
            .any(|(f, m)| f == "errors.dlq_topic" && m == SOURCE_HAS_NO_DLQ),
        "{errs:?}"
    );

    a.errors.tolerate_all = false;
    assert!(
        validate(Kind::JdbcSink, &a, &[], None)
            .iter()
            .any(|(f, m)| f == "errors.dlq_topic" && m.contains("errors.tolerance=all"))
    );
    a.errors.tolerate_all = true;
    a.errors.dlq_topic = a.topics[0].clone();
    assert!(
        validate(Kind::JdbcSink, &a, &[], None)
            .iter()
            .any(|(f, _)| f == "errors.dlq_topic")
    );
}

#[test]
fn connection_answers_are_checked_before_anything_connects() {
    let mut a = answers();
    assert!(connection_errors(Kind::Postgres, &a).is_empty());
    a.host = "http://db/x".into();
    a.port = Some(0);
    a.password = crate::redact::REDACTED.into();
    a.user = " ".into();
    let fields: Vec<String> = connection_errors(Kind::Postgres, &a)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, ["user", "host", "port", "password"]);
}

#[test]
fn tls_modes_are_written_the_way_each_connector_spells_them() {
    let mut a = answers();
    a.tls_mode = "verify-full".into();
    let mode = |k| generate(k, None, "n", &a);
    assert_eq!(mode(Kind::Postgres)["database.sslmode"], "verify-full");
    assert_eq!(mode(Kind::MySql)["database.ssl.mode"], "verify_identity");
    assert_eq!(mode(Kind::SqlServer)["database.encrypt"], "true");
    a.tls_mode = "require".into();
    assert_eq!(
        generate(Kind::MariaDb, None, "n", &a)["database.ssl.mode"],
        "required"
    );
    a.tls_mode.clear();
    assert!(!generate(Kind::Postgres, None, "n", &a).contains_key("database.sslmode"));
}

#[test]
fn pasted_json_is_connects_body_or_a_bare_config() {
    let (name, c) = parse_config_json(
        r#"{"name": "acme-pg", "config": {"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "tasks.max": 1, "include.schema.changes": false}}"#,
    )
    .unwrap();
    assert_eq!(name.as_deref(), Some("acme-pg"));
    assert_eq!(c["tasks.max"], "1");
    assert_eq!(c["include.schema.changes"], "false");
    let (name, _) = parse_config_json(r#"{"connector.class": "x.Y", "name": "bare"}"#).unwrap();
    assert_eq!(name.as_deref(), Some("bare"));
    assert!(
        parse_config_json(r#"{"tasks.max": "1"}"#)
            .unwrap_err()
            .contains("connector.class")
    );
    assert!(parse_config_json(r#"{"connector.class": "x", "a": [1]}"#).is_err());
    assert!(parse_config_json("{").unwrap_err().starts_with("not JSON"));
}
