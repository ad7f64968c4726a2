//! Alerts: what is wrong now (most severe first, live), silences in force, how the webhooks'
//! deliveries are going, and past alerts page by page. Acknowledge and silence sit on each
//! alert for whoever the shared policy lets handle it.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::ApiError;
use sluice_shared::health::{
    AlertList, AlertStatus, AlertView, NewSilence, Severity, SilenceView, WebhookStatus,
};
use sluice_shared::policy::Action as Permission;

use crate::api::{self, Session};
use crate::components::time::{ago, live_ago, local_time};
use crate::components::{ErrorNotice, Loaded};
use crate::hooks::use_polled;
use crate::routes::Page;

const EVERY: Duration = Duration::from_secs(5);

/// Silence lengths offered, in seconds.
const DURATIONS: [(u64, &str); 5] = [
    (3600, "1 hour"),
    (4 * 3600, "4 hours"),
    (86_400, "1 day"),
    (3 * 86_400, "3 days"),
    (7 * 86_400, "1 week"),
];

#[component]
pub fn AlertsPage() -> impl IntoView {
    let session = Session::get();
    let open = use_polled(EVERY, || api::alerts(false, None));
    let silences = use_polled(EVERY, api::silences);
    let refresh = move || {
        open.refetch();
        silences.refetch();
    };
    let staff = move || session.may_at_home(Permission::HandleAlerts);
    view! {
        <h1 class="page-title">"Alerts"</h1>
        <p class="hint">"A connector or task FAILED for a while, a cluster that does not answer, auto-restart giving up, a dead-letter queue receiving records, a running connector without tasks. "
            "Webhooks hear each alert once when it fires and once when it resolves; a silence keeps them quiet until it ends."</p>
        <section class="panel" data-testid="open-alerts">
            <div class="panel-head"><h2>"Open"</h2></div>
            <Loaded resource=open loading="Loading alerts…" view={move |list: AlertList| open_table(list, refresh)} />
        </section>
        <section class="panel" data-testid="silences">
            <div class="panel-head"><h2>"Silences"</h2></div>
            <Loaded resource=silences loading="Loading silences…" view={move |list: Vec<SilenceView>| silence_table(list, refresh)} />
        </section>
        <Show when=staff>
            <Webhooks />
        </Show>
        <PastAlerts />
    }
}

fn severity_chip(s: Severity) -> impl IntoView {
    let class = match s {
        Severity::Critical => "chip chip-failed",
        Severity::Warning => "chip chip-warn",
    };
    view! { <span class=class data-testid="alert-severity">{s.as_str()}</span> }
}

/// Where the alert points: the connector's page, else the cluster (and the DLQ's topic).
fn subject(a: &AlertView) -> impl IntoView + use<> {
    let connector = a.connector.clone().map(|name| {
        let href = Page::Connector {
            cluster: a.cluster.clone(),
            name: name.clone(),
        }
        .href();
        view! { <A href=href attr:class="connector-name">{name}</A> }
    });
    view! {
        <span class="alert-subject">
            {connector}
            <span class="cluster-id">{a.cluster.clone()}</span>
            {a.subject.clone().map(|t| view! { <code>{t}</code> })}
        </span>
    }
}

fn open_table(list: AlertList, refresh: impl Fn() + Copy + Send + Sync + 'static) -> AnyView {
    if list.alerts.is_empty() {
        return view! {
            <div class="empty" data-testid="no-alerts">
                <h3>"Nothing is wrong right now"</h3>
                <p>"Alerts appear here the moment a condition is seen, and fire once it has held long enough. Turn on auto-restart from a connector's Health tab so that failures are retried before anyone is paged."</p>
            </div>
        }
        .into_any();
    }
    let firing = list
        .alerts
        .iter()
        .filter(|a| a.status == AlertStatus::Firing)
        .count();
    view! {
        <p class="hint" data-testid="alert-counts">{format!("{firing} firing, {} pending", list.alerts.len() - firing)}</p>
        <table class="connectors alerts">
            <thead><tr><th>"Severity"</th><th>"Alert"</th><th>"About"</th><th>"Since"</th><th>"State"</th><th></th></tr></thead>
            <tbody>
                {list.alerts.into_iter().map(|a| view! { <AlertRow alert=a refresh=refresh /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AlertRow(alert: AlertView, refresh: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = alert.id.clone();
    let ack = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let answer = api::acknowledge_alert(&id).await;
            refresh();
            answer
        }
    });
    let silencing = RwSignal::new(false);
    let state = match alert.status {
        AlertStatus::Pending => "pending",
        AlertStatus::Firing => "firing",
        AlertStatus::Resolved => "resolved",
    };
    let may_ack = alert.may_handle && alert.acked_by.is_none();
    let may_silence = alert.may_handle && alert.silenced_by.is_none();
    let scope = NewSilence {
        kind: Some(alert.kind),
        cluster: Some(alert.cluster.clone()),
        connector: alert.connector.clone(),
        duration_secs: 3600,
        reason: String::new(),
    };
    view! {
        <tr data-testid="alert" data-kind=alert.kind.as_str() data-status=state data-cluster=alert.cluster.clone()
            data-connector=alert.connector.clone().unwrap_or_default()>
            <td>{severity_chip(alert.severity)}</td>
            <td><strong>{alert.kind.label()}</strong><div class="alert-summary">{alert.summary.clone()}</div></td>
            <td>{subject(&alert)}</td>
            <td title=local_time(Some(alert.since_ms))>{live_ago(Some(alert.since_ms))}</td>
            <td>
                <span class=if state == "firing" { "chip chip-failed" } else { "chip" } data-testid="alert-state">{state}</span>
                {alert.silenced_by.is_some().then(|| view! { " " <span class="chip chip-paused" data-testid="alert-silenced">"silenced"</span> })}
                {alert.acked_by.clone().map(|by| view! {
                    <div class="hint" data-testid="alert-acked">{let acked = alert.acked_ms; move || format!("acknowledged by {by} {}", ago(acked))}</div>
                })}
            </td>
            <td class="row-actions">
                {may_ack.then(|| view! {
                    <button type="button" class="secondary small" data-testid="alert-ack"
                        disabled=move || ack.pending().get()
                        on:click=move |_| { ack.dispatch(id.clone()); }>"Acknowledge"</button>
                })}
                {may_silence.then(|| view! {
                    <button type="button" class="secondary small" data-testid="alert-silence"
                        on:click=move |_| silencing.update(|s| *s = !*s)>"Silence…"</button>
                })}
            </td>
        </tr>
        {move || ack.value().get().and_then(Result::err).map(|e| view! {
            <tr><td colspan="6"><ErrorNotice error=e /></td></tr>
        })}
        {move || silencing.get().then(|| view! {
            <tr class="silence-row"><td colspan="6">
                <SilenceForm scope=scope.clone() done=move || { silencing.set(false); refresh(); } />
            </td></tr>
        })}
    }
}

/// How long and why, for a silence of one alert's kind, cluster and connector.
#[component]
fn SilenceForm(scope: NewSilence, done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let duration = RwSignal::new(scope.duration_secs);
    let reason = RwSignal::new(String::new());
    let save = Action::new_local(move |new: &NewSilence| {
        let new = new.clone();
        async move {
            let answer = api::add_silence(&new).await;
            if answer.is_ok() {
                done();
            }
            answer
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(NewSilence {
            duration_secs: duration.get_untracked(),
            reason: reason.get_untracked(),
            ..scope.clone()
        });
    };
    let error = move || save.value().get().and_then(Result::err);
    view! {
        <form class="silence-form" data-testid="silence-form" on:submit=submit>
            <label>"For "
                <select data-testid="silence-duration" prop:value=move || duration.get().to_string()
                    on:change=move |ev| duration.set(event_target_value(&ev).parse().unwrap_or(3600))>
                    {DURATIONS.iter().map(|(s, label)| view! { <option value=s.to_string()>{*label}</option> }).collect_view()}
                </select>
            </label>
            <label class="grow">"Why "
                <input type="text" data-testid="silence-reason" required maxlength="500" autofocus
                    placeholder="e.g. database migration until 18:00"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="silence-save" disabled=move || save.pending().get()>"Silence"</button>
            {move || error().map(|e: ApiError| view! { <ErrorNotice error=e /> })}
        </form>
    }
}

fn scope_words(s: &SilenceView) -> String {
    let kind = s
        .kind
        .map_or("every alert".to_owned(), |k| k.label().to_owned());
    match (&s.cluster, &s.connector) {
        (Some(c), Some(n)) => format!("{kind} of {n} on {c}"),
        (Some(c), None) => format!("{kind} on cluster {c}"),
        _ => format!("{kind} everywhere"),
    }
}

fn silence_table(
    list: Vec<SilenceView>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> AnyView {
    if list.is_empty() {
        return view! { <p class="hint" data-testid="no-silences">"No silences in force. Silence an open alert from its row."</p> }.into_any();
    }
    let end = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let answer = api::end_silence(&id).await;
            refresh();
            answer
        }
    });
    view! {
        <table class="connectors alerts">
            <thead><tr><th>"Silences"</th><th>"Until"</th><th>"By"</th><th>"Why"</th><th></th></tr></thead>
            <tbody>
                {list.into_iter().map(|s| {
                    let id = s.id.clone();
                    view! {
                        <tr data-testid="silence">
                            <td>{scope_words(&s)}</td>
                            <td>{local_time(Some(s.until_ms))}</td>
                            <td>{s.by.clone()}</td>
                            <td>{s.reason.clone()}</td>
                            <td class="row-actions">{s.may_end.then(|| view! {
                                <button type="button" class="secondary small" data-testid="silence-end"
                                    on:click=move |_| { end.dispatch(id.clone()); }>"End now"</button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {move || end.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
    }
    .into_any()
}

#[component]
fn Webhooks() -> impl IntoView {
    let hooks = use_polled(Duration::from_secs(10), api::webhooks);
    view! {
        <section class="panel" data-testid="webhooks">
            <div class="panel-head"><h2>"Webhooks"</h2></div>
            <Loaded resource=hooks loading="Loading webhooks…" view=webhook_table />
        </section>
    }
}

fn webhook_table(list: Vec<WebhookStatus>) -> AnyView {
    if list.is_empty() {
        return view! {
            <p class="hint" data-testid="no-webhooks">"No webhook is configured: alerts are only shown here. Add "
                <code>"[[alerts.webhooks]]"</code>" with a name and url (generic JSON or format = \"slack\") to the console's configuration."</p>
        }
        .into_any();
    }
    list.into_iter()
        .map(|w| {
            let events = w
                .events
                .iter()
                .map(|e| format!("{e:?}").to_lowercase())
                .collect::<Vec<_>>()
                .join(" and ");
            let health = if w.failed_last_day > 0 || w.retrying_error.is_some() {
                "chip chip-failed"
            } else {
                "chip chip-running"
            };
            view! {
                <div class="webhook" data-testid="webhook" data-name=w.name.clone()>
                    <p>
                        <strong>{w.name.clone()}</strong>" "
                        <span class="hint">{format!("{} body, {events}, {} and above", w.format, w.min_severity.as_str())}</span>" "
                        <span class=health data-testid="webhook-counts">{format!("{} delivered, {} failed in the last day, {} waiting",
                            w.delivered_last_day, w.failed_last_day, w.pending)}</span>
                        <span class="hint">{let delivered = w.last_delivered_ms; move || format!(" · last delivered {}", ago(delivered))}</span>
                    </p>
                    {w.retrying_error.clone().map(|e| view! {
                        <p class="notice notice-error" data-testid="webhook-retrying">{format!("Retrying: {e}")}</p>
                    })}
                    {(!w.recent_failures.is_empty()).then(|| view! {
                        <ul class="webhook-failures">
                            {w.recent_failures.iter().map(|f| view! {
                                <li data-testid="webhook-failure">{format!("{} · {} “{}” given up after {} attempts: {}",
                                    local_time(Some(f.at_ms)), f.event, f.summary, f.attempts, f.error)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn PastAlerts() -> impl IntoView {
    let before = RwSignal::new(None::<i64>);
    let page = LocalResource::new(move || {
        let b = before.get();
        async move { api::alerts(true, b).await }
    });
    view! {
        <section class="panel" data-testid="past-alerts">
            <div class="panel-head">
                <h2>"Past alerts"</h2>
                <Show when=move || before.get().is_some()>
                    <button type="button" class="link" on:click=move |_| before.set(None)>"Newest"</button>
                </Show>
            </div>
            <Loaded resource=page loading="Loading past alerts…" view=move |list: AlertList| {
                if list.alerts.is_empty() {
                    return view! { <p class="hint">"No alert has resolved yet."</p> }.into_any();
                }
                let next = list.next_before_ms;
                view! {
                    <table class="connectors">
                        <thead><tr><th>"Severity"</th><th>"Alert"</th><th>"About"</th><th>"Fired"</th><th>"Resolved"</th><th>"Acknowledged"</th></tr></thead>
                        <tbody>
                            {list.alerts.into_iter().map(|a| view! {
                                <tr data-testid="past-alert" data-kind=a.kind.as_str()>
                                    <td>{severity_chip(a.severity)}</td>
                                    <td><strong>{a.kind.label()}</strong><div class="alert-summary">{a.summary.clone()}</div></td>
                                    <td>{subject(&a)}</td>
                                    <td>{local_time(a.fired_ms)}</td>
                                    <td>{local_time(a.resolved_ms)}</td>
                                    <td>{a.acked_by.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    {next.map(|n| view! {
                        <button type="button" class="secondary small" data-testid="past-older" on:click=move |_| before.set(Some(n))>"Older"</button>
                    })}
                }.into_any()
            } />
        </section>
    }
}

/// The count of firing alerts beside the nav link, polled slowly.
#[component]
pub fn AlertsBadge() -> impl IntoView {
    let open = use_polled(Duration::from_secs(10), || api::alerts(false, None));
    move || {
        let firing = open.get().and_then(Result::ok).map_or(0, |l| {
            l.alerts
                .iter()
                .filter(|a| a.status == AlertStatus::Firing)
                .count()
        });
        (firing > 0)
            .then(|| view! { <span class="nav-count" data-testid="alerts-firing">{firing}</span> })
    }
}
