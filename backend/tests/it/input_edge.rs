//! The input edge: malformed path segments and query strings sent to every `/api/v1` route
//! (from the router's own table) are refused with Sluice's envelope `{code, message, field?}`
//! and a 4xx, never axum's plain text and never a 5xx, before anything is looked up.

use crate::support::*;
use reqwest::{Method, StatusCode};
use sluice_shared::ErrorCode;
use sluice_shared::admin::TenantInfo;

/// A value for each kind of segment that its parser must refuse, and the field it names.
fn malformed_segment(segment: &str) -> Option<(&'static str, &'static str)> {
    match segment {
        // Upper case and a space: not a cluster id.
        "{cluster}" => Some(("Bad%20Cluster", "cluster")),
        // A slash-free name with characters Connect names may not have.
        "{name}" => Some(("bad%20name%21", "name")),
        "{task}" => Some(("first", "task")),
        "{partition}" => Some(("first", "partition")),
        "{offset}" => Some(("latest", "offset")),
        // Not a job id: spaces and punctuation.
        "{job}" => Some(("bad%20job%21", "job")),
        // A space and `!` are not in Java logger names.
        "{logger}" => Some(("bad%20logger%21", "logger")),
        // Not UTF-8 once decoded: no string can hold it.
        "{id}" | "{class}" => Some(("%FF%FE", "path")),
        _ => None,
    }
}

/// Every garbage value a query parameter of the API could get.
const BAD_QUERY: &str = "limit=abc&before_ms=yesterday&include_tasks=maybe&only_failed=2&drop_slot=perhaps&from_ms=monday";

/// Sends `method path` as `api` (an empty JSON object as the body of writes) and returns the
/// refusal, failing with exactly what the server sent when it is a success or not the envelope.
async fn refusal(api: &Api, method: &Method, path: &str) -> Refusal {
    let answer = if [Method::POST, Method::PUT, Method::PATCH].contains(method) {
        api.send_json(method.clone(), path, &serde_json::json!({}))
            .await
    } else {
        api.send(method.clone(), path).await
    };
    answer.refusal()
}

#[tokio::test]
async fn malformed_path_segments_are_refused_with_the_envelope_naming_the_segment() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, _state) = spawn_app(config_for(&[&url])).await;
    let admin = Api::admin(&base).await;
    let mut checked = 0;
    for (method, path) in sluice_backend::api::route_table() {
        let segments: Vec<&str> = path.split('/').filter(|s| s.starts_with('{')).collect();
        // Each segment malformed on its own, the others valid, so the answer names that one.
        for bad in &segments {
            let Some((value, field)) = malformed_segment(bad) else {
                panic!("{path}: a segment {bad} this test does not know how to break");
            };
            let url = path
                .replace(bad, value)
                .replace("{cluster}", "w1")
                .replace("{name}", "it-edge-absent")
                .replace("{task}", "0")
                .replace("{partition}", "0")
                .replace("{offset}", "0")
                .replace("{job}", "absent-job")
                .replace("{logger}", "sluice.edge")
                .replace("{id}", "absent")
                .replace("{class}", "org.example.Absent");
            let Refusal { status, error } = refusal(&admin, &method, &url).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {url}: {error:?}");
            assert_eq!(error.code, ErrorCode::InvalidInput, "{method} {url}");
            assert_eq!(error.field.as_deref(), Some(field), "{method} {url}");
            checked += 1;
        }
    }
    // The table holds the connector routes: a route table that came back empty proves nothing.
    assert!(checked >= 30, "only {checked} malformed segments were sent");
}

#[tokio::test]
async fn malformed_query_strings_are_refused_with_the_envelope_and_never_a_server_error() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, _state) = spawn_app(config_for(&[&url])).await;
    let admin = Api::admin(&base).await;
    let mut refused_with_field = Vec::new();
    for (method, path) in sluice_backend::api::route_table() {
        // Login and logout would change the session this test runs on.
        if path.starts_with("/api/v1/auth/") && method == Method::POST {
            continue;
        }
        let url = format!(
            "{}?{BAD_QUERY}",
            path.replace("{cluster}", "w1")
                .replace("{name}", "it-edge-absent")
                .replace("{task}", "0")
                .replace("{partition}", "0")
                .replace("{offset}", "0")
                .replace("{job}", "absent-job")
                .replace("{id}", "absent")
                .replace("{class}", "org.example.Absent")
        );
        // The request by hand: a JSON body on every method, and an answer read only when
        // it is a refusal.
        let response = admin
            .raw(method.clone(), &url)
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect("request");
        let status = response.status();
        if status.is_success() {
            // Routes without a query string ignore it (the fleet's event stream among them,
            // whose body never ends: it is not read).
            continue;
        }
        let answer = Answer::read(format!("{method} {url}"), response).await;
        assert!(
            !status.is_server_error(),
            "{method} {url}: {status} {}",
            answer.text
        );
        let Refusal { status, error } = answer.refusal();
        if status == StatusCode::BAD_REQUEST && error.code == ErrorCode::InvalidInput {
            refused_with_field.push((format!("{method} {path}"), error.field));
        }
    }
    // The routes that read a query string name the parameter that did not parse.
    for (route, field) in [
        ("GET /api/v1/audit", "limit"),
        (
            "POST /api/v1/clusters/{cluster}/connectors/{name}/restart",
            "include_tasks",
        ),
        (
            "DELETE /api/v1/clusters/{cluster}/connectors/{name}",
            "drop_slot",
        ),
        ("GET /api/v1/clusters/{cluster}/history", "from_ms"),
        (
            "GET /api/v1/clusters/{cluster}/connectors/{name}/timeline",
            "from_ms",
        ),
    ] {
        let found = refused_with_field.iter().find(|(r, _)| r == route);
        assert!(
            found.is_some_and(|(_, f)| f.as_deref() == Some(field)),
            "{route} should refuse its query at `{field}`; got {found:?}"
        );
    }
}

#[tokio::test]
async fn a_query_that_parses_still_filters() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, _state) = spawn_app(config_for(&[&url])).await;
    let admin = Api::admin(&base).await;
    for id in ["edge-a", "edge-b"] {
        let tenant = TenantInfo {
            id: id.into(),
            display_name: String::new(),
            connector_prefix: format!("{id}-"),
            topic_prefix: format!("{id}."),
            allowed_classes: Vec::new(),
            masked_fields: Vec::new(),
        };
        admin.create_tenant(&tenant).await.expect("tenant created");
    }
    let records = admin
        .audit("limit=1&action=create_tenant")
        .await
        .expect("audit");
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].action, "create_tenant");
}

/// Sends a chunked body of `size` bytes to `path` over a plain socket (reqwest sends a
/// length), authenticated with `key`; returns the status line's code and the body.
async fn chunked_post(base: &str, key: &str, path: &str, size: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.expect("head");
    let chunk = vec![b' '; 64 * 1024];
    let mut sent = 0;
    while sent < size {
        let frame = format!("{:x}\r\n", chunk.len());
        // The server may answer and close once the limit trips: stop sending then.
        if socket.write_all(frame.as_bytes()).await.is_err()
            || socket.write_all(&chunk).await.is_err()
            || socket.write_all(b"\r\n").await.is_err()
        {
            break;
        }
        sent += chunk.len();
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}

#[tokio::test]
async fn bodies_methods_and_sizes_are_refused_with_the_envelope() {
    let url = connect_url(1);
    require_up(&url).await;
    let (base, state) = spawn_app(config_for(&[&url])).await;
    acme_and_globex(&state).await;
    let admin = Api::admin(&base).await;

    // A method the route does not take: 405 with the envelope and the Allow header.
    let answer = admin.send(Method::DELETE, "/api/v1/tenants").await;
    assert!(answer.headers.contains_key("allow"), "{answer:?}");
    let wrong = answer.refusal();
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong.error.code, ErrorCode::MethodNotAllowed);

    // Too large, with a length: 413 and the envelope.
    let big = serde_json::json!({ "pad": "x".repeat(5 * 1024 * 1024) });
    let too_big = admin
        .send_json(Method::POST, "/api/v1/import/plan", &big)
        .await
        .refusal();
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE, "{too_big:?}");
    assert_eq!(too_big.error.code, ErrorCode::PayloadTooLarge);
    // Too large, chunked: the limit trips while reading, and it is still a 413.
    let key = admin
        .create_key(&key_request(
            "edge",
            sluice_shared::policy::Role::Admin,
            None,
        ))
        .await
        .expect("key");
    let (status, body) = chunked_post(&base, &key.key, "/api/v1/import/plan", 5 << 20).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("payload_too_large"), "{body}");

    // A path segment that is not UTF-8 once decoded.
    let not_utf8 = admin
        .send(Method::GET, "/api/v1/clusters/%FF%FE/connectors")
        .await
        .refusal();
    assert_eq!(not_utf8.status, StatusCode::BAD_REQUEST);

    // Unknown fields are refused, and the owner must be said, not forgotten.
    let export = admin
        .send_json(
            Method::POST,
            "/api/v1/export",
            &serde_json::json!({ "connector": [] }),
        )
        .await
        .refusal();
    assert_eq!(export.status, StatusCode::BAD_REQUEST, "{export:?}");
    assert!(export.error.message.contains("unknown field"), "{export:?}");
    let connect = client(1).await;
    let n = name(&unique("owner-edge"));
    connect
        .create_connector(&n, &file_sink_config("acme.edge"), None)
        .await
        .expect("create");
    let c = admin.connector("w1", &n);
    c.set_owner(Some("acme")).await.expect("owned");
    let forgot = admin
        .send_json(Method::PUT, &c.path("/owner"), &serde_json::json!({}))
        .await
        .refusal();
    assert_eq!(forgot.status, StatusCode::BAD_REQUEST, "{forgot:?}");
    assert!(forgot.error.message.contains("tenant"), "{forgot:?}");
    assert_eq!(
        state.store.owner("w1", n.as_str()).await.expect("owner"),
        Some("acme".into()),
        "a body without `tenant` leaves the owner as it was"
    );
    c.set_owner(None).await.expect("explicit null unassigns");
    assert_eq!(
        state.store.owner("w1", n.as_str()).await.expect("owner"),
        None
    );

    // A reference the workers cannot resolve is the config's fault: 400, not a 502.
    let mut unreadable = file_sink_config("acme.edge");
    unreadable.insert(
        "file".into(),
        "${file:/nonexistent/sluice-edge.properties:path}".into(),
    );
    let refused = admin
        .create_connector("w1", &new_connector(&unique("file-ref"), &unreadable))
        .await
        .expect_err("unreadable reference");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{refused:?}");
    assert_eq!(refused.error.code, ErrorCode::InvalidConfig);
    assert!(
        refused
            .error
            .message
            .contains("/nonexistent/sluice-edge.properties")
    );

    // A registration file puts the name beside the config: the plan takes it from there.
    let new_name = unique("named-beside");
    let mut no_name = file_sink_config("acme.edge");
    no_name.remove("name");
    let doc = sluice_shared::transfer::ExportDocument {
        sluice_export: sluice_shared::transfer::FORMAT,
        exported_at_ms: 0,
        connectors: vec![sluice_shared::transfer::ExportedConnector {
            cluster_id: "w1".into(),
            name: new_name,
            tenant: None,
            config: no_name,
        }],
    };
    let plan = admin.import_plan(&doc).await.expect("plan");
    assert_eq!(
        plan.items[0].action,
        sluice_shared::transfer::ImportAction::Create,
        "{plan:?}"
    );
    connect.delete_connector(&n).await.expect("delete");
}
