//! Every `/api/v1` route × every role (by session and by API key) × own tenant / other
//! tenant / unowned, asserting the allow or deny the shared policy prescribes. Runs on a
//! SQLite and a PostgreSQL console database. A route this file does not know fails the test.

use std::collections::BTreeSet;

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sluice_shared::ErrorCode;
use sluice_shared::bulk::BulkResponse;
use sluice_shared::policy::{Action, Principal, Resource, Role, may};

mod routes;

use routes::{ROUTES, Target};

/// (method, path) of every route the router serves under `/api/v1`, from the same table
/// that builds it.
fn registered_routes() -> BTreeSet<(String, String)> {
    sluice_backend::api::route_table()
        .into_iter()
        .map(|(method, path)| (method.to_string(), path))
        .collect()
}

#[test]
fn the_matrix_knows_every_route() {
    let known: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let registered = registered_routes();
    let unknown: Vec<_> = registered.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "routes missing from the authorization matrix: {unknown:?}"
    );
    let stale: Vec<_> = known.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "matrix entries for routes that no longer exist: {stale:?}"
    );
}

struct Who {
    label: String,
    principal: Principal,
    /// Signed in (cookie and CSRF token) or holding an API key.
    api: Api,
}

#[tokio::test]
async fn every_route_allows_and_denies_what_the_policy_says_on_sqlite_and_postgresql() {
    let client = client(1).await;
    let run = unique("mx").replace("it-", "");
    // One database after the other: Connect serialises what the walks ask of it, so two at
    // once only add rebalances.
    walk_on_fixtures("sqlite", None, &run).await;
    walk_on_fixtures("postgres", Some(fresh_postgres_url().await), &run).await;
    // Connectors the walks created (allowed creates, and deletes that were refused).
    for leftover in client
        .connector_names()
        .await
        .expect("names")
        .into_iter()
        .filter(|n| n.contains(&run))
    {
        client
            .delete_connector(&name(&leftover))
            .await
            .expect("clean up");
    }
}

/// Makes the three fixture connectors (own, another tenant's, unowned), walks every route
/// with a console on `database_url` (SQLite when `None`), and deletes them.
async fn walk_on_fixtures(kind: &str, database_url: Option<String>, run: &str) {
    let client = client(1).await;
    let conns = [
        ("own", name(&unique("acme-m"))),
        ("other", name(&unique("globex-m"))),
        ("unowned", name(&unique("nobody-m"))),
    ];
    for (whose, n) in &conns {
        // Each on a topic inside its owner's namespace, as the topic guard expects.
        let namespace = owner_of(whose).unwrap_or_else(|| "free".into());
        // With a dead-letter queue holding one record, for the DLQ routes to find.
        let mut fixture = file_sink_config(&format!("{namespace}.{}", unique("empty")));
        let dlq = format!("{namespace}.{}", unique("dlq"));
        fixture.insert("errors.deadletterqueue.topic.name".into(), dlq.clone());
        produce(&dlq, &[(None, b"{}")]).await;
        client
            .create_connector(n, &fixture, None)
            .await
            .expect("create");
    }
    let mut config = config_for(&[&connect_url(1)]);
    if let Some(url) = database_url {
        config.database_url = url;
    }
    walk(kind, config, &conns, run).await;
    for (_, n) in &conns {
        client.delete_connector(n).await.expect("delete");
    }
}

/// A case may need a connector made just for it: its name, owner, and whether it starts
/// STOPPED (offsets change only then).
type Fresh = Option<(String, Option<String>, bool)>;

async fn walk(
    kind: &str,
    config: sluice_backend::settings::Settings,
    conns: &[(&str, sluice_shared::ConnectorName)],
    run: &str,
) {
    let (base, state) = spawn_app(config).await;
    acme_and_globex(&state).await;
    state
        .store
        .set_owner("w1", conns[0].1.as_str(), "acme")
        .await
        .expect("owner");
    state
        .store
        .set_owner("w1", conns[1].1.as_str(), "globex")
        .await
        .expect("owner");
    let admin = Api::admin(&base).await;
    let fixtures = client(1).await;
    let mut fixture_configs = Vec::new();
    for (_, n) in conns {
        fixture_configs.push(fixtures.connector_config(n).await.expect("fixture config"));
    }

    // Keys to look at and revoke, one per scope.
    let mut target_keys = Vec::new();
    for (role, tenant) in [
        (Role::Viewer, Some("acme")),
        (Role::Viewer, Some("globex")),
        (Role::Support, None),
    ] {
        let k = admin
            .create_key(&key_request("target", role, tenant))
            .await
            .expect("target key");
        target_keys.push((k.info.id, tenant.map(str::to_owned)));
    }

    // A user to change, who is none of the callers.
    add_user(&state, "target-user", Role::Support, None).await;
    let target_user = state
        .store
        .user_by_name("target-user")
        .await
        .expect("target user")
        .expect("exists")
        .id;

    let mut callers = Vec::new();
    for (role, tenant) in [
        (Role::Admin, None),
        (Role::Support, None),
        (Role::Operator, Some("acme")),
        (Role::Viewer, Some("acme")),
    ] {
        let principal = Principal {
            role,
            tenant: tenant.map(str::to_owned),
        };
        let user = format!("{}-user", role.as_str());
        if role != Role::Admin {
            add_user(&state, &user, role, tenant).await;
        }
        let session = if role == Role::Admin {
            Api::admin(&base).await
        } else {
            Api::sign_in(&base, &user, &format!("{user}-password")).await
        };
        callers.push(Who {
            label: format!("{} session", role.as_str()),
            principal: principal.clone(),
            api: session,
        });
        let key = admin
            .create_key(&key_request(
                &format!("{} key", role.as_str()),
                role,
                tenant,
            ))
            .await
            .expect("caller key");
        callers.push(Who {
            label: format!("{} key", role.as_str()),
            principal,
            api: Api::with_key(&base, &key.key),
        });
    }

    let mut checked = 0;
    for who in &callers {
        for (method, path, target) in ROUTES {
            let cases: Vec<(String, Option<serde_json::Value>, Expect, Fresh)> = match target {
                Target::Public | Target::SessionOnly => continue,
                Target::SignedIn => {
                    let url = path.replace("{cluster}", "w1").replace(
                        "{class}",
                        "org.apache.kafka.connect.file.FileStreamSinkConnector",
                    );
                    // The import plan of a fixture: 200 for everyone, items say the rest.
                    let body = match *path {
                        "/api/v1/export" => Some(json!({})),
                        "/api/v1/import/plan" => Some(json!({"sluice_export": 1, "exported_at_ms": 0, "connectors": [
                            {"cluster_id": "w1", "name": conns[0].1.as_str(), "config": fixture_configs[0]}
                        ]})),
                        _ => None,
                    };
                    vec![(url, body, Expect::Ok, None)]
                }
                Target::ImportApply => conns
                    .iter()
                    .zip(&fixture_configs)
                    .map(|((whose, n), config)| {
                        let on = Resource::Connector {
                            owner: owner_of(whose),
                        };
                        let tenant = who.principal.tenant.clone();
                        let expect = if tenant.is_some() && owner_of(whose) != tenant {
                            // The fixtures' names (`it-…`) are outside every tenant's prefix:
                            // a tenant's caller is refused them by name before any lookup,
                            // whoever owns them, so the answer says nothing of their existence.
                            Expect::BadRequest
                        } else if !may(&who.principal, Action::ReadConnector, &on) {
                            Expect::NotFound
                        } else if may(&who.principal, Action::EditConfig, &on) {
                            Expect::Ok
                        } else {
                            Expect::Forbidden
                        };
                        let body = json!({"cluster_id": "w1", "name": n.as_str(), "config": config});
                        (path.to_string(), Some(body), expect, None)
                    })
                    .collect(),
                Target::Connector(action) => conns
                    .iter()
                    .map(|(whose, n)| {
                        let on = Resource::Connector {
                            owner: owner_of(whose),
                        };
                        let expect = if !may(&who.principal, Action::ReadConnector, &on) {
                            Expect::NotFound
                        } else if !may(&who.principal, *action, &on) {
                            Expect::Forbidden
                        } else if path.ends_with("/slot") {
                            // Allowed, and refused for what it is: a FileStream sink has no slot.
                            Expect::BadRequest
                        } else if path.ends_with("/redrives/{job}") {
                            // Allowed, and the job looked up: there is none by that id.
                            Expect::NoSuchJob
                        } else {
                            Expect::Ok
                        };
                        // Setting the owner it already has keeps the other cases stable.
                        let fresh = unique(&format!("{run}-del"));
                        let body = match action {
                            Action::AssignOwnership => Some(json!({"tenant": owner_of(whose)})),
                            // A dry run into the owner's namespace: counts, sends nothing.
                            Action::ReplayDlq if *method == "POST" => Some(json!({
                                "selection": {"kind": "records", "records": [{"partition": 0, "offset": 0}]},
                                "target": format!("{}.redriven", owner_of(whose).unwrap_or_else(|| "free".into())),
                                "dry_run": true,
                            })),
                            Action::EditConfig if path.ends_with("/rollback") => Some(json!({"version": 1})),
                            // Auto-restart as it is: nothing changes, the answer is the state.
                            Action::OperateConnector if *method == "PUT" => Some(json!({})),
                            // Topics inside the owner's namespace: the edit is about who may.
                            Action::EditConfig => Some(json!(file_sink_config(&format!(
                                "{}.{}",
                                owner_of(whose).unwrap_or_else(|| "free".into()),
                                unique("empty")
                            )))),
                            // Connect alters a sink's consumer-group offsets only for a topic that
                            // exists (else 500): the worker's own offsets topic always does.
                            Action::ChangeOffsets if *method == "PATCH" => Some(json!({"offsets": [
                                {"partition": {"kafka_topic": "connect-offsets", "kafka_partition": 0}, "offset": {"kafka_offset": 0}}
                            ]})),
                            _ => None,
                        };
                        // Deleting, reconfiguring, stopping and offsets use a connector made for
                        // the case, so the fixtures survive and are not restarting while later
                        // cases restart them (Connect answers 500 "Failed to start connector" to
                        // that race).
                        let offsets = *action == Action::ChangeOffsets && path.ends_with("/offsets");
                        // A refused request never reaches Connect: the fixture (same owner) does.
                        let changes_it = matches!(action, Action::DeleteConnector | Action::EditConfig)
                            && !path.ends_with("/slot")
                            || path.ends_with("/stop")
                            || path.ends_with("/quarantine")
                            || offsets;
                        if changes_it && matches!(expect, Expect::Ok) {
                            let url = path.replace("{cluster}", "w1").replace("{name}", &fresh);
                            return (url, body, expect, Some((fresh, owner_of(whose), offsets)));
                        }
                        let url = path
                            .replace("{cluster}", "w1")
                            .replace("{name}", n.as_str())
                            .replace("{task}", "0")
                            .replace("{partition}", "0")
                            .replace("{offset}", "0")
                            .replace("{job}", "no-such-job");
                        (url, body, expect, None)
                    })
                    .collect(),
                Target::KeyList => {
                    // Admins act console-wide, everyone else in their tenant.
                    let scope = who.principal.home();
                    let expect = if may(&who.principal, Action::ManageApiKeys, &scope) {
                        Expect::Ok
                    } else {
                        Expect::Forbidden
                    };
                    vec![(path.to_string(), None, expect, None)]
                }
                Target::KeyCreate => ["acme", "globex"]
                    .into_iter()
                    .map(|t| {
                        let allowed = may(
                            &who.principal,
                            Action::ManageApiKeys,
                            &Resource::Tenant(t.into()),
                        ) && Role::Viewer.grantable_by(who.principal.role);
                        let body = json!({"name": "matrix", "role": "viewer", "tenant": t});
                        (
                            path.to_string(),
                            Some(body),
                            if allowed {
                                Expect::Ok
                            } else {
                                Expect::Forbidden
                            },
                            None,
                        )
                    })
                    .collect(),
                Target::Console(action) => {
                    let allowed = may(&who.principal, *action, &Resource::Console);
                    let id = unique("t").replace("it-", "m").replace('-', "");
                    let body = match (*method, *action) {
                        ("POST", Action::ManageTenants) => {
                            Some(json!({"id": id, "display_name": "M",
                            "connector_prefix": format!("{id}-"), "topic_prefix": format!("{id}.")}))
                        }
                        // A minute's silence of one kind on the cluster: console-wide.
                        ("POST", Action::HandleAlerts) => Some(json!({"kind": "no_tasks",
                            "cluster": "w1", "duration_secs": 60, "reason": "authorization walk"})),
                        ("POST", _) if path.ends_with("/password") => {
                            Some(json!({"password": "a long enough password"}))
                        }
                        ("POST", _) => Some(
                            json!({"username": id, "password": "a long enough password", "role": "support"}),
                        ),
                        ("PATCH", Action::ManageTenants) => Some(json!({"allowed_classes": []})),
                        // No override: the tenant keeps the console's auto-restart policy.
                        ("PUT", Action::ManageTenants) => Some(json!({})),
                        // Its role and flag as they are: allowed means 200, and later cases
                        // meet the same user.
                        ("PATCH", Action::ManageUsers) => {
                            Some(json!({"role": "support", "disabled": false}))
                        }
                        _ => None,
                    };
                    // `{id}` is a tenant's, or for a user route the target user's; a delete
                    // gets a user of its own, as every allowed caller deletes one.
                    let fresh_user;
                    let id = if *method == "DELETE" && path.starts_with("/api/v1/users/") {
                        let name = unique("gone").replace('-', "");
                        add_user(&state, &name, Role::Support, None).await;
                        fresh_user = state
                            .store
                            .user_by_name(&name)
                            .await
                            .expect("fresh user")
                            .expect("exists")
                            .id;
                        fresh_user.as_str()
                    } else if path.starts_with("/api/v1/users/") {
                        target_user.as_str()
                    } else {
                        "acme"
                    };
                    vec![(
                        path.replace("{id}", id),
                        body,
                        if allowed {
                            Expect::Ok
                        } else {
                            Expect::Forbidden
                        },
                        None,
                    )]
                }
                Target::Audit => {
                    // Admins act console-wide, everyone else in their tenant.
                    let scope = who.principal.home();
                    let expect = if may(&who.principal, Action::ReadAudit, &scope) {
                        Expect::Ok
                    } else {
                        Expect::Forbidden
                    };
                    vec![(path.to_string(), None, expect, None)]
                }
                Target::Create => [Some("acme"), Some("globex"), None]
                    .into_iter()
                    .map(|asked| {
                        let own = who.principal.tenant.as_deref();
                        let effective = own.or(asked);
                        let allowed = !matches!((own, asked), (Some(o), Some(a)) if o != a)
                            && may(&who.principal, Action::CreateConnector, &effective.map_or(Resource::Console, |t| Resource::Tenant(t.into())));
                        let connector = format!("{}-{}", effective.unwrap_or("free"), unique(&format!("{run}-new")));
                        let topic = format!("{}.{}", effective.unwrap_or("free"), unique("empty"));
                        let body = json!({"name": connector, "config": file_sink_config(&topic), "tenant": asked});
                        let url = path.replace("{cluster}", "w1");
                        (url, Some(body), if allowed { Expect::Ok } else { Expect::Forbidden }, None)
                    })
                    .collect(),
                Target::Wizard => {
                    let own = who.principal.tenant.clone();
                    let allowed = may(
                        &who.principal,
                        Action::CreateConnector,
                        &own.map_or(Resource::Console, Resource::Tenant),
                    );
                    let body = if path.ends_with("/validate") {
                        Some(json!(file_sink_config(&unique("empty"))))
                    } else {
                        (*method == "POST").then(|| {
                        json!({"kind": "postgres", "answers": {
                            "host": "127.0.0.1", "port": pg_port(), "database": "inventory",
                            "user": "dbz", "password": DEMO_DB_PASSWORD, "topic_prefix": "acme.authz"}})
                        })
                    };
                    let url = path.replace("{cluster}", "w1");
                    vec![(url, body, if allowed { Expect::Ok } else { Expect::Forbidden }, None)]
                }
                Target::Unknown => vec![(
                    path.replace("{id}", &unique("nobody")),
                    None,
                    Expect::NotFound,
                    None,
                )],
                Target::Workers(action) => {
                    // A logger serves every tenant on the worker: console-wide roles only, so a
                    // tenant's session or key is refused (403).
                    let allowed = may(&who.principal, *action, &Resource::Console);
                    // The matrix's own logger at worker scope, set to the level it inherits:
                    // an allowed change alters nothing any connector logs.
                    let body = (*method == "PUT")
                        .then(|| json!({"level": "INFO", "scope": "worker"}));
                    let url = path
                        .replace("{cluster}", "w1")
                        .replace("{logger}", "sluice.authz.matrix");
                    let expect = if allowed {
                        Expect::Ok
                    } else {
                        Expect::Forbidden
                    };
                    vec![(url, body, expect, None)]
                }
                Target::Bulk => conns
                    .iter()
                    .map(|(whose, n)| {
                        let on = Resource::Connector {
                            owner: owner_of(whose),
                        };
                        let expect = if !may(&who.principal, Action::ReadConnector, &on) {
                            Expect::ItemNotFound
                        } else if may(&who.principal, Action::OperateConnector, &on) {
                            Expect::Ok
                        } else {
                            Expect::ItemForbidden
                        };
                        let body = json!({"action": "resume", "connectors": [{"cluster_id": "w1", "name": n.as_str()}]});
                        (path.to_string(), Some(body), expect, None)
                    })
                    .collect(),
                Target::Key => target_keys
                    .iter()
                    .map(|(id, tenant)| {
                        let scope = tenant.clone().map_or(Resource::Console, Resource::Tenant);
                        let expect = if may(&who.principal, Action::ManageApiKeys, &scope) {
                            Expect::Ok
                        } else {
                            Expect::NotFound
                        };
                        (path.replace("{id}", id), None, expect, None)
                    })
                    .collect(),
            };
            for (url, body, expect, fresh) in cases {
                if let Some((fresh, owner, stopped)) = fresh {
                    let c = client(1).await;
                    let initial = stopped.then_some(sluice_backend::connect::InitialState::Stopped);
                    let namespace = owner.clone().unwrap_or_else(|| "free".into());
                    c.create_connector(
                        &name(&fresh),
                        &file_sink_config(&format!("{namespace}.{fresh}")),
                        initial,
                    )
                    .await
                    .expect("fresh connector");
                    // The worker knows it before the case asks (one that has not read the
                    // config topic yet answers 404); offset changes check the state first,
                    // which exists once a worker took the connector.
                    eventually("known", std::time::Duration::from_secs(20), || async {
                        if stopped {
                            c.connector_status(&name(&fresh)).await.ok().map(drop)
                        } else {
                            c.connector_config(&name(&fresh)).await.ok().map(drop)
                        }
                    })
                    .await;
                    if let Some(owner) = owner {
                        state
                            .store
                            .set_owner("w1", &fresh, &owner)
                            .await
                            .expect("owner");
                    }
                    // Releasing needs something to release.
                    if url.ends_with("/quarantine") {
                        state
                            .store
                            .quarantine("w1", &fresh, "acme", &["globex.x"])
                            .await
                            .expect("quarantine");
                    }
                }
                // By hand and read raw: the walk judges the status (and a bulk answer's one
                // result), whatever the body, and never reads the event stream to its end.
                // A worker too busy to answer in time (other tests rebalance it) says nothing
                // about the policy: that case is asked again.
                let mut attempts = 0;
                let (status, text) = loop {
                    attempts += 1;
                    let mut request = who
                        .api
                        .raw(Method::from_bytes(method.as_bytes()).expect("method"), &url);
                    if let Some(body) = &body {
                        request = request.json(body);
                    }
                    let response = request.send().await.expect("request");
                    let status = response.status();
                    // The event stream stays open: its status is the answer.
                    let text = if url.ends_with("/events") && !url.contains("/connectors/")
                        || url.ends_with("/events/tail")
                    {
                        String::new()
                    } else {
                        response.text().await.unwrap_or_default()
                    };
                    let busy = status == StatusCode::GATEWAY_TIMEOUT
                        && text.contains("\"cluster_timeout\"");
                    if !busy || attempts == 3 {
                        break (status, text);
                    }
                };
                assert!(
                    expect.matches(status, &text),
                    "[{kind}] {} {method} {url}: expected {expect:?}, got {status}: {text}",
                    who.label
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "the walk covered {checked} cases");
}

fn owner_of(whose: &str) -> Option<String> {
    match whose {
        "own" => Some("acme".to_owned()),
        "other" => Some("globex".to_owned()),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy)]
enum Expect {
    Ok,
    Forbidden,
    NotFound,
    /// Past authorization, refused as invalid (400).
    BadRequest,
    /// Past authorization, and no redrive job has that id (404 saying so).
    NoSuchJob,
    /// A bulk answer (200) whose one result is this error.
    ItemForbidden,
    ItemNotFound,
}

impl Expect {
    fn matches(self, status: StatusCode, body: &str) -> bool {
        // The code of the first result's error, when the body is a bulk answer.
        let item_error = || {
            serde_json::from_str::<BulkResponse>(body)
                .ok()?
                .results
                .first()?
                .error
                .as_ref()
                .map(|e| e.code)
        };
        match self {
            Expect::Ok => status.is_success() && item_error().is_none(),
            Expect::Forbidden => status == StatusCode::FORBIDDEN,
            Expect::NotFound => status == StatusCode::NOT_FOUND,
            Expect::BadRequest => status == StatusCode::BAD_REQUEST,
            Expect::NoSuchJob => {
                status == StatusCode::NOT_FOUND && body.contains("no such redrive job")
            }
            Expect::ItemForbidden => {
                status.is_success() && item_error() == Some(ErrorCode::Forbidden)
            }
            Expect::ItemNotFound => {
                status.is_success() && item_error() == Some(ErrorCode::NotFound)
            }
        }
    }
}
