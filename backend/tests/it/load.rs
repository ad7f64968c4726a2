//! 200 API clients at once for 60 s on loopback (`LOAD_SECONDS` to change), reads and writes
//! mixed, against the real stack: not one answer may be a 5xx, and the latencies are
//! printed. The server shares one thread with its clients here (a `tokio::test` runtime) and
//! is a debug build, so the figures are an upper bound; `dev/bench` measures the release
//! build alone.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use tokio::sync::Mutex;

use crate::support::*;

const CLIENTS: usize = 200;

/// What one request of the mix is. Most read what the console answers itself (the shared
/// fleet, the cluster list, the audit log, policies, alerts); one client in 20 changes
/// connectors' state in Connect, one in 20 their auto-restart policy (the console's database
/// and audit log), one in 20 reads a connector's page (several Connect calls). Connect is
/// shared with the tests running beside this one, so its share is kept small: what Connect
/// costs under load is `dev/bench`'s to measure.
fn request(
    client: usize,
    round: usize,
    connectors: &[String],
) -> (Method, String, Option<serde_json::Value>) {
    let c = &connectors[(client + round) % connectors.len()];
    let one = format!("/api/v1/clusters/w1/connectors/{c}");
    match (client % 20, round % 10) {
        (0, 0) => (Method::PUT, format!("{one}/pause"), None),
        (0, 5) => (Method::PUT, format!("{one}/resume"), None),
        (1, 0 | 5) => (
            Method::PUT,
            format!("{one}/auto-restart"),
            Some(
                serde_json::json!({"policy": {"enabled": round.is_multiple_of(20), "backoff_secs": [5], "max_attempts": 3, "monitor_secs": 60}}),
            ),
        ),
        (2, 0 | 5) => (Method::GET, one, None),
        (_, 0 | 4 | 8) => (Method::GET, "/api/v1/fleet".into(), None),
        (_, 1 | 6) => (Method::GET, "/api/v1/clusters".into(), None),
        (_, 2) => (Method::GET, format!("{one}/auto-restart"), None),
        (_, 3 | 7) => (Method::GET, "/api/v1/alerts".into(), None),
        _ => (Method::GET, "/api/v1/audit?limit=20".into(), None),
    }
}

/// Each client sends one request a second: 200 a second in all, a fraction of a core of the
/// debug build, so the tests beside this one keep theirs.
const PACE: Duration = Duration::from_secs(1);

#[tokio::test]
async fn two_hundred_clients_for_a_minute_get_no_5xx() {
    let seconds: u64 = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let connect = client(1).await;
    let connectors: Vec<String> = (0..5).map(|_| unique("load")).collect();
    for n in &connectors {
        connect
            .create_connector(&name(n), &file_sink_config(&unique("load-topic")), None)
            .await
            .expect("connector");
    }
    let (base, _state) = spawn_app(config_for(&[&connect_url(1)])).await;
    let api = Arc::new(Api::admin(&base).await);
    let connectors = Arc::new(connectors);
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (api, connectors, latencies, failures) = (
                api.clone(),
                connectors.clone(),
                latencies.clone(),
                failures.clone(),
            );
            tokio::spawn(async move {
                let mut mine = Vec::new();
                let mut round = 0;
                let mut tick = tokio::time::interval(PACE);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                while Instant::now() < until {
                    tick.tick().await;
                    let (method, path, body) = request(client, round, &connectors);
                    let started = Instant::now();
                    let answer = match &body {
                        Some(b) => api.send_json(method.clone(), &path, b).await,
                        None => api.send(method.clone(), &path).await,
                    };
                    mine.push(started.elapsed());
                    if answer.status.is_server_error() {
                        failures.lock().await.push(format!(
                            "{method} {path}: {} {}",
                            answer.status, answer.text
                        ));
                    }
                    round += 1;
                }
                latencies.lock().await.extend(mine);
            })
        })
        .collect();
    for c in clients {
        c.await.expect("client");
    }
    for n in connectors.iter() {
        let _ = connect.delete_connector(&name(n)).await;
    }
    let mut all = latencies.lock().await.clone();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    println!(
        "load: {CLIENTS} clients, {seconds} s, {} requests ({:.0}/s): p50 {:?}, p99 {:?}, max {:?}",
        all.len(),
        all.len() as f64 / seconds as f64,
        at(0.5),
        at(0.99),
        at(1.0)
    );
    let failures = failures.lock().await;
    assert!(
        failures.is_empty(),
        "{} of {} answers were 5xx, first: {:?}",
        failures.len(),
        all.len(),
        failures.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        all.len() > CLIENTS * 10,
        "the clients were served: {}",
        all.len()
    );
}
