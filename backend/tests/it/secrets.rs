//! A real database password in a real Debezium connector never reaches an API response, a
//! log line or the audit log.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_shared::policy::Role;
use sluice_shared::redact::REDACTED;
use sluice_shared::{ConnectorState, RedactedConfig};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_connectors_database_password_never_leaves_in_responses_logs_or_audit() {
    let logs = Captured::default();
    let writer = logs.clone();
    // The process-wide subscriber: a thread-scoped one (`set_default`) missed the server's
    // lines now and then, because other tests on other threads had already cached their
    // callsites' interest. Every test of the binary logs into this capture from here on, so
    // the check below also covers every other server this binary runs.
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let client = client(1).await;
    let id = unique("acme-secret");
    let (n, slot) = (name(&id), id.replace('-', "_"));
    // Its topics inside acme's namespace: the console's topic guard would otherwise stop it
    // (and refuse the operator's restart below) as soon as it compared them.
    client
        .create_connector(&n, &pg_source_config(&format!("acme.{slot}"), &slot), None)
        .await
        .expect("create");
    eventually("connector running", Duration::from_secs(60), || async {
        client
            .connector_status(&n)
            .await
            .ok()
            .filter(|s| s.connector.state == ConnectorState::Running && s.tasks.len() == 1)
    })
    .await;

    let (base, state) = spawn_app(config_for(&[&connect_url(1)])).await;
    state
        .store
        .create_tenant("acme", "Acme", "acme-", "acme.", &[], &[])
        .await
        .expect("tenant");
    state
        .store
        .set_owner("w1", n.as_str(), "acme")
        .await
        .expect("owner");
    add_user(&state, "sam", Role::Support, None).await;
    let admin = Api::admin(&base).await;
    let support = Api::sign_in(&base, "sam", "sam-password").await;
    let key = admin
        .create_key(&key_request("ops", Role::Operator, Some("acme")))
        .await
        .expect("key created");
    let operator = Api::with_key(&base, &key.key);

    // Every answer is kept raw: the password must not appear anywhere in it, in any field.
    let mut answers = Vec::new();
    for api in [&admin, &support, &operator] {
        for path in ["/api/v1/clusters", "/api/v1/clusters/w1/connectors"] {
            answers.push(api.send(Method::GET, path).await);
        }
        for what in ["/status", "/config"] {
            let path = api.connector("w1", &n).path(what);
            answers.push(api.send(Method::GET, &path).await);
        }
    }
    let restart = operator
        .connector("w1", &n)
        .path("/restart?include_tasks=true");
    let restart = operator.send(Method::POST, &restart).await;
    assert!(restart.status.is_success(), "{restart:?}");
    answers.push(restart);
    answers.push(admin.send(Method::GET, "/api/v1/api-keys").await);

    let config: RedactedConfig = answers[3]
        .body(StatusCode::OK)
        .expect("admin's config view");
    assert_eq!(config.config["database.password"], REDACTED);
    assert_eq!(
        config.config["database.user"], "dbz",
        "only secrets are hidden"
    );
    assert!(
        config
            .redacted_keys
            .contains(&"database.password".to_owned())
    );
    for answer in &answers {
        assert!(
            !answer.text.contains(DEMO_DB_PASSWORD),
            "a response carried the password: {answer:?}"
        );
    }

    // Every other shape a credential takes in a connector config (a URL query, a MongoDB URI
    // whose password holds `/`, a libpq string, `*.pwd`, JAAS under any key, a PEM key, …):
    // created through the console, then read back every way the console shows a config.
    let forms = sluice_shared::redact::credential_forms();
    let leaky = format!("acme-{}", &unique("leakscan")[3..]);
    let mut with_forms = file_sink_config("acme.leakscan");
    for (key, value, _) in &forms {
        with_forms.insert((*key).to_owned(), value.clone());
    }
    let created = admin
        .send_json(
            Method::POST,
            "/api/v1/clusters/w1/connectors",
            &sluice_shared::CreateConnector {
                tenant: Some("acme".into()),
                ..new_connector(&leaky, &with_forms)
            },
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let shown: RedactedConfig = admin
        .connector("w1", &leaky)
        .config()
        .await
        .expect("config");
    for (key, _, _) in &forms {
        assert!(
            shown.redacted_keys.contains(&(*key).to_owned()),
            "{key} is reported as redacted"
        );
    }
    let mut form_answers = vec![created];
    for api in [&admin, &support, &operator] {
        let c = api.connector("w1", &leaky);
        for what in ["/config", "/config/history", ""] {
            form_answers.push(api.send(Method::GET, &c.path(what)).await);
        }
        form_answers.push(
            api.send_json(Method::POST, "/api/v1/export", &serde_json::json!({}))
                .await,
        );
    }
    // The editor's round trip: the redacted config validated and saved back unchanged.
    let c = operator.connector("w1", &leaky);
    form_answers.push(
        operator
            .send_json(Method::PUT, &c.path("/config/validate"), &shown.config)
            .await,
    );
    let saved = operator
        .send_json(Method::PUT, &c.path("/config"), &shown.config)
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{saved:?}");
    form_answers.push(saved);
    let stored = client
        .connector_config(&name(&leaky))
        .await
        .expect("Connect's config");
    for (key, value, _) in &forms {
        assert_eq!(&stored[*key], value, "saving the redacted view kept {key}");
    }
    let audit = state.store.audit(None, 100).await.expect("audit");
    for (_, _, secret) in &forms {
        for answer in &form_answers {
            assert!(!answer.text.contains(secret), "{secret} leaked: {answer:?}");
        }
        assert!(
            !format!("{audit:?}").contains(secret),
            "{secret} in the audit"
        );
    }

    let audit = state.store.audit(None, 100).await.expect("audit");
    assert!(!audit.is_empty(), "the restart was audited");
    assert!(!format!("{audit:?}").contains(DEMO_DB_PASSWORD));

    let captured = String::from_utf8(logs.0.lock().expect("logs").clone()).expect("utf-8 logs");
    assert!(
        captured.contains("signed in"),
        "the capture saw the server's logs"
    );
    assert!(captured.contains(n.as_str()), "and its Connect calls");
    assert!(
        !captured.contains(DEMO_DB_PASSWORD),
        "a log line carried the password"
    );
    for (_, _, secret) in &forms {
        assert!(!captured.contains(secret), "a log line carried {secret}");
    }
    client
        .delete_connector(&name(&leaky))
        .await
        .expect("delete");

    client.delete_connector(&n).await.expect("delete");
    let pool = sqlx::PgPool::connect(&pg_admin_url("inventory"))
        .await
        .expect("pg");
    drop_slot(&pool, &slot).await;
}
