//! Hostile input against every `/api/v1` write route (from the router's own table) and every
//! route naming a connector: broken, deep, huge and mistyped JSON bodies, names built to
//! escape their path segment, and writes without or with a forged CSRF token. Each gets a 4xx
//! with the envelope, never a 5xx, and not one request reaches Connect: they all pass through
//! a counting proxy that must stay silent while the walk runs.

use std::time::Duration;

use crate::support::*;
use reqwest::{Method, StatusCode};

/// Bodies no write route can take, with what each plays.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    vec![
        ("cut-off JSON", br#"{"name": "a", "config": {"#.to_vec()),
        ("JSON nested 10,000 deep", deep.into_bytes()),
        ("a string instead of an object", br#""connector""#.to_vec()),
        ("a number instead of an object", b"42".to_vec()),
        ("an array instead of an object", b"[1, 2, 3]".to_vec()),
        ("a NUL and control characters", b"{\"name\": \"a\x00b\x07\x1b[2J\"}".to_vec()),
        ("not UTF-8", b"{\"name\": \"\xff\xfe\"}".to_vec()),
        ("an empty body", Vec::new()),
        (
            "a 64 KB name with a script in a config value",
            serde_json::to_vec(&serde_json::json!({
                "name": "a".repeat(64 * 1024),
                "config": {"connector.class": "<script>alert(1)</script>", "x": "\" onerror=\"alert(1)"},
            }))
            .expect("json"),
        ),
    ]
}

/// Connector names built to leave their segment or fool a reader, percent-encoded as sent.
fn hostile_names() -> Vec<(&'static str, String)> {
    vec![
        // `.` and `..` are resolved by every HTTP client before sending (`…/./status` arrives
        // as `…/status`): a connector named so is refused in the create body below.
        ("an encoded slash", "a%2Fb".to_owned()),
        ("an encoded parent path", "..%2F..%2Fadmin".to_owned()),
        ("a double-encoded slash", "a%252Fb".to_owned()),
        ("a right-to-left mark", "abc%E2%80%AEgnp.exe".to_owned()),
        ("a NUL", "a%00b".to_owned()),
        ("a control character", "a%07b".to_owned()),
        (
            "a script tag",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_owned(),
        ),
        (
            "an event handler",
            "x%22%20onerror%3D%22alert(1)".to_owned(),
        ),
        // 32 KB: a 64 KB one would not fit the 64 KB an HTTP URI may have at all (the body
        // walk sends a 64 KB name).
        ("32 KB", "a".repeat(32 * 1024)),
    ]
}

fn fill(path: &str, name: &str) -> String {
    path.replace("{cluster}", "w1")
        .replace("{name}", name)
        .replace("{task}", "0")
        .replace("{partition}", "0")
        .replace("{offset}", "0")
        .replace("{job}", "absent-job")
        .replace("{logger}", "sluice.hostile")
        .replace("{id}", "absent")
        .replace("{class}", "org.example.Absent")
}

/// Sends `method url` (with `body` as JSON when given) and reads the answer; a failure names
/// the request without its (possibly 32 KB) path.
async fn send(api: &Api, method: &Method, url: &str, body: Option<Vec<u8>>) -> Answer {
    let shown: String = url.chars().take(120).collect();
    let mut request = api.raw(method.clone(), url);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {shown}: {e}"));
    Answer::read(format!("{method} {shown}"), response).await
}

fn is_write(method: &Method) -> bool {
    [Method::POST, Method::PUT, Method::PATCH].contains(method)
}

/// Write routes that take no body, so no body can be wrong for them: an action named by the
/// path alone (they are walked with hostile names and tokens instead).
const NO_BODY: [&str; 9] = [
    "/auth/logout",
    "/alerts/{id}/ack",
    "/pause",
    "/resume",
    "/stop",
    "/connectors/{name}/restart",
    "/tasks/{task}/restart",
    "/topics/reset",
    "/auto-restart/acknowledge",
];

fn takes_body(path: &str) -> bool {
    !NO_BODY.iter().any(|suffix| path.ends_with(suffix))
}

#[tokio::test]
async fn hostile_bodies_names_and_tokens_get_a_4xx_envelope_and_never_reach_connect() {
    let connect = client(1).await;
    let n = name(&unique("hostile"));
    connect
        .create_connector(&n, &file_sink_config(&unique("hostile-topic")), None)
        .await
        .expect("create");
    let proxy = counting_proxy(&connect_url(1)).await;
    let mut config = config_for(&[&proxy.url]);
    // Nothing of the console's own may call Connect while the walk runs.
    config.health.interval = Duration::from_secs(3600);
    config.health.lag_interval = Duration::ZERO;
    let (base, _state) = spawn_app(config).await;
    let admin = Api::admin(&base).await;
    // Whatever start-up asks of Connect is done before counting.
    let mut before = proxy.requests();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = proxy.requests();
        if now == before {
            break;
        }
        before = now;
    }

    // Requests the proxy saw while each hostile one was answered, by what was sent.
    let mut reached: Vec<String> = Vec::new();
    let mut seen = before;
    let mut tally = |what: &str| {
        let now = proxy.requests();
        if now != seen {
            reached.push(format!("{what} ({} calls)", now - seen));
            seen = now;
        }
    };
    let refused = |what: &str, answer: Answer| {
        let Refusal { status, error } = answer.refusal();
        assert!(status.is_client_error(), "{what}: {status} {error:?}");
        assert!(!error.message.is_empty(), "{what}: an empty message");
    };
    let routes = sluice_backend::api::route_table();
    for suffix in NO_BODY {
        assert!(
            routes
                .iter()
                .any(|(m, p)| is_write(m) && p.ends_with(suffix)),
            "no write route ends with {suffix}: the list is out of date"
        );
    }
    let mut sent = 0;
    for (method, path) in routes.iter().filter(|(m, _)| is_write(m)) {
        let url = fill(path, n.as_str());
        for (what, body) in hostile_bodies().into_iter().filter(|_| takes_body(path)) {
            let answer = send(&admin, method, &url, Some(body)).await;
            let shown = format!("{method} {url} with {what}");
            refused(&shown, answer);
            tally(&shown);
            sent += 1;
        }
        // A cookie-authenticated write without the token, or with a made-up one: 403. Signing
        // in has no session to protect yet.
        let public = path.ends_with("/auth/login");
        // Signing out without the token is refused too; with it, it would end this session.
        for token in [None, Some("forged-token")].into_iter().filter(|_| !public) {
            let answer = admin
                .with_csrf(token)
                .send_json(method.clone(), &url, &serde_json::json!({}))
                .await;
            let Refusal { status, .. } = answer.refusal();
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{method} {url} with token {token:?}"
            );
            tally(&format!("{method} {url} with token {token:?}"));
            sent += 1;
        }
    }
    for (method, path) in routes.iter().filter(|(_, p)| p.contains("{name}")) {
        for (what, bad) in hostile_names() {
            let url = fill(path, &bad);
            let body = is_write(method).then(|| b"{}".to_vec());
            let answer = send(&admin, method, &url, body).await;
            let shown = format!("{method} {} with {what}", fill(path, "…"));
            refused(&shown, answer);
            tally(&shown);
            sent += 1;
        }
    }
    // Names a URL would resolve are no connector names: `../config` would reach `config`.
    for dots in [".", ".."] {
        let body = new_connector(dots, &file_sink_config("hostile-dots"));
        let refusal = admin
            .create_connector("w1", &body)
            .await
            .expect_err("a dot segment as a name");
        assert_eq!(
            refusal.status,
            StatusCode::BAD_REQUEST,
            "{dots}: {refusal:?}"
        );
        assert_eq!(
            refusal.error.field.as_deref(),
            Some("name"),
            "{dots}: {refusal:?}"
        );
        tally(&format!("create a connector named {dots}"));
        sent += 1;
    }

    // A session that ended and a key that was revoked are refused the same way.
    let gone = Api::admin(&base).await;
    gone.logout().await.expect("sign out");
    let key = admin
        .create_key(&key_request(
            "hostile",
            sluice_shared::policy::Role::Admin,
            None,
        ))
        .await
        .expect("key");
    admin.revoke_key(&key.info.id).await.expect("revoke");
    let revoked = Api::with_key(&base, &key.key);
    for api in [&gone, &revoked] {
        for (method, path) in routes
            .iter()
            .filter(|(m, p)| is_write(m) && !p.ends_with("/auth/login"))
        {
            let url = fill(path, n.as_str());
            let Refusal { status, .. } = api
                .send_json(method.clone(), &url, &serde_json::json!({}))
                .await
                .refusal();
            assert!(
                matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
                "{method} {url}: {status}"
            );
            tally(&format!("{method} {url} signed out or revoked"));
            sent += 1;
        }
    }

    assert!(sent > 300, "only {sent} hostile requests were sent");
    assert!(
        reached.is_empty(),
        "{} of {sent} hostile requests reached Connect:\n{}",
        reached.len(),
        reached.join("\n")
    );
    connect.delete_connector(&n).await.expect("delete");
}
