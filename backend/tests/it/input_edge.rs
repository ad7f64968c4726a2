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
        // Not UTF-8 once decoded: no string can hold it.
        "{id}" | "{class}" => Some(("%FF%FE", "path")),
        _ => None,
    }
}

/// Every garbage value a query parameter of the API could get.
const BAD_QUERY: &str =
    "limit=abc&before_ms=yesterday&include_tasks=maybe&only_failed=2&drop_slot=perhaps";

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
