//! Redaction, form by form: hidden, reported, restored, stable.

use super::*;

use crate::test_support::config as cfg;

/// Redacts one value under a key that is not itself a secret: the shape alone decides.
fn shape(value: &str) -> String {
    redact_value("connection.string", value, &HashSet::new())
}

#[test]
fn redacts_by_definition_and_by_pattern_but_keeps_provider_references() {
    let config = cfg(&[
        ("database.password", "hunter2"),
        ("custom.secret.thing", "s"),
        (
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
        ),
        ("ssl.key.password", "k"),
        ("my.opaque", "shh"),
        ("database.user", "dbz"),
        (
            "key.converter",
            "org.apache.kafka.connect.json.JsonConverter",
        ),
        (
            "schema.history.internal.producer.ssl.truststore.password",
            "${file:/etc/s.properties:ts}",
        ),
    ]);
    let typed: HashSet<String> = ["my.opaque".to_owned()].into();
    let r = redact_config(&config, &typed);
    for k in [
        "database.password",
        "custom.secret.thing",
        "sasl.jaas.config",
        "ssl.key.password",
        "my.opaque",
    ] {
        assert_eq!(r[k], REDACTED, "{k}");
    }
    assert_eq!(r["database.user"], "dbz");
    assert_eq!(
        r["key.converter"],
        "org.apache.kafka.connect.json.JsonConverter"
    );
    assert_eq!(
        r["schema.history.internal.producer.ssl.truststore.password"],
        "${file:/etc/s.properties:ts}"
    );
}

#[test]
fn hides_credentials_inside_connection_strings() {
    assert_eq!(
        redact_credentials_in_value("mongodb://app:s3cret@db1:27017,db2/?replicaSet=rs0"),
        "mongodb://app:[redacted]@db1:27017,db2/?replicaSet=rs0"
    );
    assert_eq!(
        redact_credentials_in_value("jdbc:sqlserver://db:1433;user=sa;password=Pa55;encrypt=true"),
        "jdbc:sqlserver://db:1433;user=sa;password=[redacted];encrypt=true"
    );
    assert_eq!(
        redact_credentials_in_value("jdbc:postgresql://db/wh?user=u&password=p"),
        "jdbc:postgresql://db/wh?user=u&password=[redacted]"
    );
    assert_eq!(
        redact_credentials_in_value("jdbc:postgresql://db:5432/wh"),
        "jdbc:postgresql://db:5432/wh"
    );
    assert_eq!(
        redact_credentials_in_value("http://user@host/x"),
        "http://user@host/x"
    );
}

#[test]
fn secret_named_url_and_jdbc_parameters_are_hidden_whatever_their_case() {
    for (value, want) in [
        (
            "jdbc:postgresql://h/db?user=u&sslpassword=s3cret&ssl=true",
            "jdbc:postgresql://h/db?user=u&sslpassword=[redacted]&ssl=true",
        ),
        (
            "jdbc:postgresql://h/db?password=s3cret",
            "jdbc:postgresql://h/db?password=[redacted]",
        ),
        (
            "jdbc:sqlserver://h:1433;user=sa;password=x;databaseName=d",
            "jdbc:sqlserver://h:1433;user=sa;password=[redacted];databaseName=d",
        ),
        (
            "jdbc:sqlserver://h;databaseName=d;Password=P@ss#1",
            "jdbc:sqlserver://h;databaseName=d;Password=[redacted]",
        ),
        (
            "jdbc:sqlserver://h;PASSWORD={a;b}}c};user=sa",
            "jdbc:sqlserver://h;PASSWORD=[redacted];user=sa",
        ),
        (
            "Driver={ODBC Driver 18};Server=h;UID=u;PWD=x;",
            "Driver={ODBC Driver 18};Server=h;UID=u;PWD=[redacted];",
        ),
        ("Password=x;Server=h", "Password=[redacted];Server=h"),
        (
            "https://h/api?api_key=k1&client_secret=k2&access_token=k3&q=1",
            "https://h/api?api_key=[redacted]&client_secret=[redacted]&access_token=[redacted]&q=1",
        ),
        (
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc==;EndpointSuffix=x",
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[redacted];EndpointSuffix=x",
        ),
        (
            "https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=AbC%2Bd",
            "https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=[redacted]",
        ),
    ] {
        assert_eq!(shape(value), want, "{value}");
    }
    // `sslkey`, `sslcert`, `passfile` are paths to files, not the secrets themselves.
    let paths = "jdbc:postgresql://h/db?sslmode=verify-full&sslkey=/k/client.pk8&sslcert=/k/c.pem&passfile=/p";
    assert_eq!(shape(paths), paths);
}

#[test]
fn a_mongodb_password_may_hold_slash_colon_question_hash_and_at() {
    for (value, want) in [
        (
            "mongodb://user:pa/ss@h1:27017,h2:27017/?replicaSet=rs0",
            "mongodb://user:[redacted]@h1:27017,h2:27017/?replicaSet=rs0",
        ),
        (
            "mongodb://user:p:a?s#s@w/o@h1/admin?authSource=admin",
            "mongodb://user:[redacted]@h1/admin?authSource=admin",
        ),
        (
            "mongodb+srv://app:pa/ss@cluster0.example.net/wh?retryWrites=true",
            "mongodb+srv://app:[redacted]@cluster0.example.net/wh?retryWrites=true",
        ),
        (
            "redis://:only-a-password@cache:6379/0",
            "redis://:[redacted]@cache:6379/0",
        ),
    ] {
        assert_eq!(shape(value), want, "{value}");
    }
}

#[test]
fn a_uri_anywhere_in_a_value_is_checked() {
    assert_eq!(
        shape(r#"{"uri":"https://app:pw@api.example.com/v1","n":1}"#),
        r#"{"uri":"https://app:[redacted]@api.example.com/v1","n":1}"#
    );
    assert_eq!(
        shape("http://a:p1@h1:8083,http://b:p2@h2:8083"),
        "http://a:[redacted]@h1:8083,http://b:[redacted]@h2:8083"
    );
    assert_eq!(
        shape("primary mongodb://u:p/w@h1/ then mongodb://h2:27017/"),
        "primary mongodb://u:[redacted]@h1/ then mongodb://h2:27017/"
    );
}

#[test]
fn ports_paths_queries_and_ipv6_hosts_are_not_passwords() {
    for value in [
        "http://host:8080/x?email=a@b.example",
        "http://host/x?email=a:b@c.example",
        "mongodb://h1:27017,h2:27017/db?appName=a@b",
        "jdbc:sqlserver://db:1433;databaseName=wh;user=sa@corp",
        "http://[::1]:8083/connectors?x=a@b",
        "http://user@host:8080/x?y=a:b@c",
        "https://schema-registry:8081",
        "jdbc:postgresql://db:5432/wh?sslmode=require",
    ] {
        assert_eq!(shape(value), value);
    }
}

#[test]
fn a_libpq_password_is_hidden_by_libpq_quoting_rules() {
    for (value, want) in [
        (
            "host=h port=5432 user=u password=secret dbname=d",
            "host=h port=5432 user=u password=[redacted] dbname=d",
        ),
        (
            r"host=h user=u password='a b\'c' dbname=d",
            "host=h user=u password=[redacted] dbname=d",
        ),
        (
            r"password = a\ b;c&d host=h",
            "password = [redacted] host=h",
        ),
        (
            "host=h sslpassword=k sslkey=/k/client.key passfile=/p",
            "host=h sslpassword=[redacted] sslkey=/k/client.key passfile=/p",
        ),
        (
            "host=h password='unterminated dbname=d",
            "host=h password=[redacted]",
        ),
    ] {
        assert_eq!(shape(value), want, "{value}");
    }
    let no_secret = "host=h port=5432 user=u dbname=d sslmode=require";
    assert_eq!(shape(no_secret), no_secret);
}

#[test]
fn keys_named_pwd_passphrase_jaas_or_user_info_are_secrets() {
    for key in [
        "database.pwd",
        "source_pwd",
        "snowflake.private.key.passphrase",
        "snowflake.private.key",
        "ssl.keystore.key",
        "x.y.jaas",
        "producer.override.sasl.jaas.config",
        "consumer.override.sasl.jaas.config",
        "value.converter.basic.auth.user.info",
        "datadog.api_key",
        "azblob.account.key",
        "gcs.credentials.json",
        "bearer.auth.token",
        "oauth.client.secret",
        "database.sslpassword",
    ] {
        assert!(is_secret_key(key), "{key}");
    }
}

#[test]
fn harmless_debezium_jdbc_and_connect_keys_stay_readable() {
    for key in [
        "key.converter",
        "value.converter",
        "key.converter.schemas.enable",
        "key.converter.schema.registry.url",
        "value.converter.basic.auth.credentials.source",
        "topic.prefix",
        "message.key.columns",
        "transforms.unwrap.add.fields",
        "primary.key.fields",
        "primary.key.mode",
        "pk.mode",
        "pk.fields",
        "insert.mode",
        "delete.enabled",
        "key.ignore",
        "snapshot.select.statement.overrides",
        "table.include.list",
        "column.exclude.list",
        "database.user",
        "database.sslkey",
        "database.sslcert",
        "database.sslrootcert",
        "database.ssl.keystore",
        "ssl.keystore.location",
        "ssl.keystore.type",
        "ssl.keymanager.algorithm",
        "ssl.keystore.certificate.chain",
        "sasl.mechanism",
        "sasl.oauthbearer.token.endpoint.url",
        "producer.override.sasl.oauthbearer.token.endpoint.url",
        "s3.credentials.provider.class",
        "config.providers.file.class",
        "connection.user",
        "connection.url",
    ] {
        assert!(!is_secret_key(key), "{key}");
    }
}

#[test]
fn jaas_configs_are_hidden_whole_under_any_key() {
    for value in [
        r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";"#,
        r#"org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";"#,
        r#"org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="c" clientSecret="s";"#,
        "com.example.CustomLoginModule sufficient apiSecret=\"s\";",
    ] {
        assert_eq!(shape(value), REDACTED, "{value}");
    }
    // A login class on its own is configuration.
    let class = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    assert_eq!(shape(class), class);
}

#[test]
fn pem_private_keys_are_hidden_but_certificates_stay() {
    for value in [
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----",
        r#"{"private_key":"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"}"#,
    ] {
        assert_eq!(shape(value), REDACTED, "{value}");
    }
    let cert = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----";
    assert_eq!(shape(cert), cert);
}

#[test]
fn provider_references_stay_visible_inside_values() {
    for value in [
        "jdbc:postgresql://h/db?user=u&password=${file:/s.properties:pw}",
        "mongodb://${file:/s.properties:user}:${file:/s.properties:pw}@h/",
        "mongodb://app:${env:MONGO_PW}@h/",
        "host=h user=u password=${file:/s.properties:pw}",
        "${vault:secret/data/db:url}",
    ] {
        assert_eq!(shape(value), value);
    }
}

#[test]
fn harmless_values_are_untouched() {
    let none = HashSet::new();
    let config = cfg(&[
        (
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector",
        ),
        ("table.include.list", "public.tokens,public.secrets"),
        ("column.exclude.list", "public.users.password"),
        (
            "message.key.columns",
            "inventory.customers:id;inventory.orders:id",
        ),
        ("transforms.route.regex", "([^.]+)\\.([^.]+)\\.([^.]+)"),
        (
            "snapshot.select.statement.overrides.public.users",
            "SELECT id, email FROM public.users WHERE password_reset = false AND id > ?",
        ),
        (
            "heartbeat.action.query",
            "INSERT INTO heartbeat (ts) VALUES (now())",
        ),
        ("topic.creation.default.cleanup.policy", "compact"),
        ("database.sslkey", "/etc/keys/client.key"),
        ("notification.email", "ops@example.com"),
        ("transforms.filter.condition", "$[?(@.status == 'active')]"),
        ("topics", "orders;payments&refunds"),
    ]);
    assert_eq!(redact_config(&config, &none), config);
    assert!(redacted_view(&config, &none).redacted_keys.is_empty());
}

#[test]
fn every_credential_form_is_hidden_reported_restored_and_stable() {
    let none = HashSet::new();
    let forms = credential_forms();
    let secrets: HashSet<_> = forms.iter().map(|(_, _, s)| *s).collect();
    assert_eq!(secrets.len(), forms.len(), "each form has its own secret");
    let stored: BTreeMap<String, String> = forms
        .iter()
        .map(|(k, v, _)| ((*k).to_owned(), v.clone()))
        .collect();
    let view = redacted_view(&stored, &none);
    for (key, value, secret) in &forms {
        assert!(
            value.contains(secret),
            "{key}: the corpus carries its secret"
        );
        let shown = &view.config[*key];
        assert!(!shown.contains(secret), "{key} leaks: {shown}");
        assert!(shown.contains(REDACTED), "{key}: {shown}");
        assert!(view.redacted_keys.iter().any(|k| k == key), "{key}");
    }
    assert_eq!(
        redact_config(&view.config, &none),
        view.config,
        "idempotent"
    );
    assert_eq!(restore_secrets(&view.config, &stored, &none), Ok(stored));
}

#[test]
fn partial_redaction_keeps_the_rest_of_the_value_readable() {
    let forms: BTreeMap<_, _> = credential_forms()
        .into_iter()
        .map(|(k, v, _)| (k, v))
        .collect();
    for (key, readable) in [
        (
            "leakscan.jdbc.url",
            ["db:5432/wh", "user=app", "sslmode=require"],
        ),
        (
            "leakscan.mongodb.uri",
            ["app:", "db1:27017,db2:27017", "replicaSet=rs0"],
        ),
        (
            "leakscan.libpq.quoted",
            ["host=db", "user=app", "dbname=wh"],
        ),
        (
            "leakscan.eventhubs",
            [
                "sb://ns.servicebus",
                "SharedAccessKeyName=send",
                "Endpoint=",
            ],
        ),
    ] {
        let shown = shape(&forms[key]);
        for part in readable {
            assert!(shown.contains(part), "{key}: {part} in {shown}");
        }
    }
}

#[test]
fn editing_a_redacted_config_keeps_the_stored_secrets() {
    let stored = cfg(&[
        ("database.password", "hunter2"),
        ("connection.url", "mongodb://app:s3cret@db/"),
        ("database.user", "dbz"),
    ]);
    let none = HashSet::new();
    let mut edited = redact_config(&stored, &none);
    edited.insert("database.user".into(), "dbz2".into());
    let restored = restore_secrets(&edited, &stored, &none).unwrap();
    assert_eq!(restored["database.password"], "hunter2");
    assert_eq!(restored["connection.url"], "mongodb://app:s3cret@db/");
    assert_eq!(restored["database.user"], "dbz2");

    let mut changed = edited.clone();
    changed.insert("database.password".into(), "new-pass".into());
    assert_eq!(
        restore_secrets(&changed, &stored, &none).unwrap()["database.password"],
        "new-pass"
    );

    let mut orphan = edited;
    orphan.insert("new.password".into(), REDACTED.into());
    assert_eq!(
        restore_secrets(&orphan, &stored, &none).unwrap_err(),
        ["new.password"]
    );
}

#[test]
fn a_value_edited_around_its_hidden_part_is_reported_not_sent() {
    let none = HashSet::new();
    let stored = cfg(&[
        (
            "connection.url",
            "jdbc:postgresql://db/wh?user=u&password=p",
        ),
        ("conninfo", "host=db user=u password='a b' dbname=wh"),
    ]);
    let view = redact_config(&stored, &none);
    assert_eq!(
        view["conninfo"],
        "host=db user=u password=[redacted] dbname=wh"
    );
    assert_eq!(restore_secrets(&view, &stored, &none), Ok(stored.clone()));

    let mut moved = view.clone();
    moved.insert(
        "connection.url".into(),
        "jdbc:postgresql://other/wh?user=u&password=[redacted]".into(),
    );
    assert_eq!(
        restore_secrets(&moved, &stored, &none).unwrap_err(),
        ["connection.url"]
    );

    let mut retyped = view;
    retyped.insert(
        "connection.url".into(),
        "jdbc:postgresql://other/wh?user=u&password=q".into(),
    );
    assert_eq!(
        restore_secrets(&retyped, &stored, &none).unwrap()["connection.url"],
        "jdbc:postgresql://other/wh?user=u&password=q"
    );
}

#[test]
fn multibyte_and_truncated_values_never_split_a_character() {
    for value in [
        "mongodb://üser:pä/ß@hôst:27017/ü?x=é",
        "mongodb://ü:€@",
        "jdbc:x://h;password=пароль;user=ü",
        "jdbc:x://h;password={пар}}оль};user=ü",
        "host=хост password='пар\\оль' dbname=é",
        "host=h password=п\\ä",
        "host=h password=\\",
        "x ${ü:é://ä:ö@h",
        "://",
        "a://:@",
        "password=",
        "?password",
        "-----BEGIN ",
        "-----BEGIN ü PRIVATE KEY",
        "ü€𝄞 LoginModule",
    ] {
        let once = shape(value);
        assert_eq!(shape(&once), once, "idempotent: {value}");
    }
    assert_eq!(
        shape("mongodb://üser:pä/ß@hôst:27017/ü?x=é"),
        "mongodb://üser:[redacted]@hôst:27017/ü?x=é"
    );
    assert_eq!(
        shape("host=хост password='пар\\оль' dbname=é"),
        "host=хост password=[redacted] dbname=é"
    );
}
