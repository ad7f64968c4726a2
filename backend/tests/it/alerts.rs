//! Alerts beyond one connector: a cluster that does not answer fires a console-wide alert;
//! a silence keeps webhooks quiet until it ends; tenants see the cluster's alert but may not
//! silence or acknowledge it; acknowledgements and silences reach an audit webhook.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use sluice_backend::settings::WebhookFormat;
use sluice_shared::health::{
    AlertKind, AlertList, AlertStatus, AlertView, SilenceView, WebhookEvents,
};
use sluice_shared::policy::Role;

use crate::support::*;

async fn cluster_alert(api: &Api, cluster: &str) -> Option<AlertView> {
    let list: AlertList = api.get("/api/v1/alerts").await.ok()?;
    list.alerts
        .into_iter()
        .find(|a| a.kind == AlertKind::ClusterUnreachable && a.cluster == cluster)
}

#[tokio::test]
async fn an_unreachable_cluster_alerts_everyone_but_a_silence_keeps_webhooks_quiet_until_it_ends() {
    // w2 points at a port nobody listens on.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let dead_url = format!("http://{}", dead.local_addr().expect("addr"));
    drop(dead);
    let mut settings = config_for(&[&connect_url(1), &dead_url]);
    settings.health.interval = Duration::from_secs(1);
    settings.alerts.unreachable_for = Duration::from_secs(2);
    let hook = Receiver::start(0).await;
    let audit = Receiver::start(0).await;
    settings.alerts.webhooks = vec![
        hook.settings("ops", WebhookFormat::Generic, &[WebhookEvents::Alerts]),
        audit.settings("audit", WebhookFormat::Generic, &[WebhookEvents::Audit]),
    ];
    let (base, state) = spawn_app(settings).await;
    acme_and_globex(&state).await;
    add_user(&state, "ops-acme", Role::Operator, Some("acme")).await;
    let admin = Api::admin(&base).await;
    let operator = Api::sign_in(&base, "ops-acme", "ops-acme-password").await;

    // Silenced before it fires.
    let bad = admin
        .create::<_, SilenceView>(
            "/api/v1/alerts/silences",
            &serde_json::json!({"cluster": "w2", "duration_secs": 10, "reason": ""}),
        )
        .await
        .unwrap_err();
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error.field.as_deref(), Some("duration_secs"));
    let silence: SilenceView = admin
        .create(
            "/api/v1/alerts/silences",
            &serde_json::json!({"kind": "cluster_unreachable", "cluster": "w2",
                "duration_secs": 3600, "reason": "worker being replaced"}),
        )
        .await
        .expect("silence");
    let refused = operator
        .create::<_, SilenceView>(
            "/api/v1/alerts/silences",
            &serde_json::json!({"cluster": "w2", "duration_secs": 3600, "reason": "mine"}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a cluster is everyone's"
    );

    let alert = eventually("w2's alert fires", Duration::from_secs(30), || async {
        cluster_alert(&admin, "w2")
            .await
            .filter(|a| a.status == AlertStatus::Firing)
    })
    .await;
    assert_eq!(alert.silenced_by.as_deref(), Some(silence.id.as_str()));
    assert!(alert.summary.contains("w2"), "{}", alert.summary);
    assert!(
        cluster_alert(&admin, "w1").await.is_none(),
        "the live cluster is fine"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        !hook
            .bodies()
            .iter()
            .any(|b| b["kind"] == "cluster_unreachable"),
        "silenced: {:?}",
        hook.bodies()
    );

    // A tenant's operator sees the cluster's alert and may not handle it.
    let seen = cluster_alert(&operator, "w2")
        .await
        .expect("tenants see it");
    assert!(!seen.may_handle);
    let ack = operator
        .post::<_, AlertView>(
            &format!("/api/v1/alerts/{}/ack", alert.id),
            &serde_json::json!({}),
        )
        .await
        .unwrap_err();
    assert_eq!(ack.status, StatusCode::FORBIDDEN);

    // The silence ends: the webhook hears of the alert now.
    let ended = admin
        .act(
            Method::DELETE,
            &format!("/api/v1/alerts/silences/{}", silence.id),
        )
        .await
        .expect("end the silence");
    assert_eq!(ended, StatusCode::NO_CONTENT);
    let told = eventually(
        "the webhook hears of it",
        Duration::from_secs(20),
        || async {
            hook.bodies()
                .into_iter()
                .find(|b| b["kind"] == "cluster_unreachable" && b["cluster"] == "w2")
        },
    )
    .await;
    assert_eq!(
        (told["status"].as_str(), told["severity"].as_str()),
        (Some("firing"), Some("critical"))
    );
    let acked: AlertView = admin
        .post(
            &format!("/api/v1/alerts/{}/ack", alert.id),
            &serde_json::json!({}),
        )
        .await
        .expect("ack");
    assert_eq!(acked.acked_by.as_deref(), Some("admin"));

    // The audit webhook got the silence, its end and the acknowledgement, as the audit log has them.
    eventually(
        "the audit webhook hears it all",
        Duration::from_secs(20),
        || async {
            let actions: Vec<String> = audit
                .bodies()
                .iter()
                .filter(|b| b["event"] == "audit" && b["cluster"] == "w2")
                .filter_map(|b| b["action"].as_str().map(str::to_owned))
                .collect();
            [
                "alert_silenced",
                "alert_silence_ended",
                "alert_acknowledged",
            ]
            .iter()
            .all(|a| actions.iter().any(|x| x == a))
            .then_some(())
        },
    )
    .await;
    assert!(
        audit.bodies().iter().all(|b| b["event"] == "audit"),
        "the audit webhook takes no alerts"
    );
    let metrics = admin.send(Method::GET, "/metrics").await;
    assert!(
        metrics
            .text
            .lines()
            .any(|l| l.starts_with("sluice_alerts_open{")
                && l.contains("kind=\"cluster_unreachable\"")),
        "{}",
        metrics.text
    );
}
