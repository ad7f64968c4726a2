//! A connector's health: what auto-restart is doing about it (and the acknowledgement a
//! persistent failure waits for), its lag (with what Debezium reports of itself), and its
//! timeline — one lane per instance coloured by state, with restarts, escalations and config
//! changes marked, then every entry with its trace.
//! Drawn as small SVG: no chart crate for Leptos is both small and able to draw state lanes.

use std::time::Duration;

use leptos::prelude::*;
use sluice_shared::ConnectorState;
use sluice_shared::health::{
    AutoRestart, AutoRestartChange, AutoRestartStatus, DebeziumMetrics, LagMeasure, PolicyOverride,
    PolicySource, TimelineEntry, Transition, lanes, span_words,
};
use sluice_shared::policy::Action as Permission;

use super::ctx::Ctx;
use crate::api;
use crate::components::time::local_time;
use crate::components::{ErrorNotice, Trace};
use crate::hooks::use_polled;

const EVERY: Duration = Duration::from_secs(5);

#[component]
pub fn Health(ctx: Ctx) -> impl IntoView {
    view! {
        <AutoRestartPanel ctx=ctx.clone() />
        <LagPanel ctx=ctx.clone() />
        <TimelinePanel ctx=ctx />
    }
}

/// "12.3 MiB" for bytes, "1,234" for records.
fn amount(value: u64, measure: LagMeasure) -> String {
    match measure.unit() {
        "bytes" => {
            let v = value as f64;
            match value {
                0..1024 => format!("{value} B"),
                1024..1_048_576 => format!("{:.1} KiB", v / 1024.0),
                1_048_576..1_073_741_824 => format!("{:.1} MiB", v / 1_048_576.0),
                _ => format!("{:.2} GiB", v / 1_073_741_824.0),
            }
        }
        unit => format!("{value} {unit}"),
    }
}

fn lag_words(m: LagMeasure) -> &'static str {
    match m {
        LagMeasure::WalBytes => "WAL not yet confirmed by the slot",
        LagMeasure::BinlogBytes => "Binlog behind the server",
        LagMeasure::Records => "Records not yet consumed",
    }
}

/// The last day's samples as a line, with the highest value named.
fn sparkline(history: &[(i64, u64)], measure: Option<LagMeasure>) -> impl IntoView + use<> {
    let (w, h) = (600.0, 60.0);
    let (t0, t1) = (
        history[0].0,
        history[history.len() - 1].0.max(history[0].0 + 1),
    );
    let top = history.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let points = history
        .iter()
        .map(|(t, v)| {
            let x = w * (t - t0) as f64 / (t1 - t0) as f64;
            let y = h - 2.0 - (h - 4.0) * (*v as f64 / top as f64);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let most = measure.map_or(top.to_string(), |m| amount(top, m));
    view! {
        <div class="lag-history">
            <svg class="sparkline" data-testid="lag-history" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none"
                role="img" aria-label="Lag over the last day">
                <polyline points=points />
            </svg>
            <span class="hint">{format!("since {}, highest {most}", local_time(Some(t0)))}</span>
        </div>
    }
}

/// What Debezium reports of itself: streaming lag and the snapshot's progress.
fn debezium_view(d: DebeziumMetrics) -> impl IntoView {
    let streaming = d.streaming.map(|s| {
        let behind = s.ms_behind_source.map_or_else(
            || "unknown: no change streamed since the task started".to_owned(),
            span_words,
        );
        view! {
            <li data-testid="dbz-streaming">
                <strong>"Streaming behind the source: "</strong>
                <span data-testid="dbz-behind">{behind}</span>
                {(s.connected == Some(false)).then(|| view! { " " <span class="chip chip-failed">"not connected"</span> })}
                <div class="hint">{format!(
                    "{} since the task started{}",
                    match s.events_seen.unwrap_or(0) {
                        1 => "1 change event".to_owned(),
                        n => format!("{n} change events"),
                    },
                    s.ms_since_last_event.map(|m| format!(", the last {} ago", span_words(m))).unwrap_or_default()
                )}</div>
            </li>
        }
    });
    let snapshot = d.snapshot.map(|p| {
        let state = match (p.running, p.completed, p.aborted, p.paused) {
            (_, _, true, _) => "aborted",
            (true, _, _, true) => "paused",
            (true, _, _, _) => "running",
            (_, true, _, _) => "completed",
            _ => "not run",
        };
        let rows = p.rows_scanned.map(|r| format!(", {r} rows read")).unwrap_or_default();
        let took = match p.duration_s {
            Some(0) => " in under a second".to_owned(),
            Some(s) => format!(" in {}", span_words(s as i64 * 1000)),
            None => String::new(),
        };
        view! {
            <li data-testid="dbz-snapshot" data-state=state>
                <strong>"Snapshot: "</strong>{state}
                {p.tables_done().map(|(done, total)| view! {
                    <div class="progress">
                        <progress max=total.max(1) value=done></progress>
                        <span data-testid="dbz-tables">{format!("{done} of {total} tables{rows}{took}")}</span>
                    </div>
                })}
            </li>
        }
    });
    view! {
        <div class="debezium" data-testid="debezium-metrics">
            <h3>"Reported by Debezium"</h3>
            {d.unknown.map(|why| view! {
                <p><span class="chip" data-testid="dbz-unknown">"unknown"</span>" "<span class="hint">{why}</span></p>
            })}
            <ul class="lag-figures">{streaming}{snapshot}</ul>
            <div class="hint">{format!("From {}", d.source)}</div>
        </div>
    }
}

/// How far behind it is, measured at the source or in Kafka, with where each figure is from.
#[component]
fn LagPanel(ctx: Ctx) -> impl IntoView {
    let lag = use_polled(Duration::from_secs(15), {
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            async move { api::lag(&c, &n).await }
        }
    });
    view! {
        <section class="panel" data-testid="lag">
            <div class="panel-head"><h2>"Lag"</h2></div>
            {move || match lag.get() {
                None => view! { <p class="loading">"Measuring…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(l)) => view! {
                    {l.not_measured.clone().map(|why| view! { <p class="hint" data-testid="lag-not-measured">{why}</p> })}
                    <ul class="lag-figures">
                        {l.figures.iter().map(|f| view! {
                            <li data-testid="lag-figure" data-measure=format!("{:?}", f.measure)>
                                <strong>{lag_words(f.measure)}": "</strong>
                                {match f.value {
                                    Some(v) => view! { <span data-testid="lag-value">{amount(v, f.measure)}</span> }.into_any(),
                                    None => view! { <span class="chip" data-testid="lag-unknown">"unknown"</span>
                                        " " <span class="hint">{f.unknown.clone()}</span> }.into_any(),
                                }}
                                <div class="hint">{format!("From {}", f.source)}</div>
                            </li>
                        }).collect_view()}
                    </ul>
                    {(l.history.len() >= 2).then(|| sparkline(&l.history, l.figures.first().map(|f| f.measure)))}
                    {l.debezium.clone().map(debezium_view)}
                    {l.last_activity_ms.map(|t| view! {
                        <p data-testid="last-activity">"Last change handled: " {local_time(Some(t))}</p>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

/// "0 s, 2 min, 6 min" for a backoff schedule.
fn waits(secs: &[u64]) -> String {
    secs.iter()
        .map(|s| match s {
            0 => "at once".to_owned(),
            s if s % 60 == 0 => format!("{} min", s / 60),
            s => format!("{s} s"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn status_chip(s: AutoRestartStatus) -> impl IntoView {
    let (class, label) = match s {
        AutoRestartStatus::Off => ("chip", "off"),
        AutoRestartStatus::Paused => ("chip chip-paused", "paused"),
        AutoRestartStatus::Watching => ("chip chip-running", "watching"),
        AutoRestartStatus::Waiting => ("chip chip-warn", "restarting on schedule"),
        AutoRestartStatus::PersistentFailure => ("chip chip-failed", "persistent failure"),
    };
    view! { <span class=class data-testid="auto-restart-status">{label}</span> }
}

#[component]
fn AutoRestartPanel(ctx: Ctx) -> impl IntoView {
    let state = use_polled(EVERY, {
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            async move { api::auto_restart(&c, &n).await }
        }
    });
    let may = ctx.allows(Permission::OperateConnector);
    let change = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |change: &AutoRestartChange| {
            let (c, n, change) = (c.clone(), n.clone(), change.clone());
            async move {
                let answer = api::change_auto_restart(&c, &n, &change).await;
                state.refetch();
                answer
            }
        }
    });
    let ack = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |_: &()| {
            let (c, n) = (c.clone(), n.clone());
            async move {
                let answer = api::acknowledge_failure(&c, &n).await;
                state.refetch();
                answer
            }
        }
    });
    let editing = RwSignal::new(false);
    // A poll that changes nothing must not rebuild the buttons: a click whose press and
    // release straddle a rebuild lands on neither element and is lost.
    let shown = Memo::new(move |_| state.get());
    view! {
        <section class="panel" data-testid="auto-restart">
            <div class="panel-head"><h2>"Auto-restart"</h2></div>
            {move || match shown.get() {
                None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(a)) => summary(a, may, change, ack, editing).into_any(),
            }}
            {move || change.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {move || ack.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {move || (editing.get() && may).then(|| state.get().and_then(Result::ok).map(|a| view! {
                <PolicyForm current=a change=change editing=editing />
            }))}
        </section>
    }
}

fn summary(
    a: AutoRestart,
    may: bool,
    change: Action<AutoRestartChange, Result<AutoRestart, sluice_shared::ApiError>>,
    ack: Action<(), Result<AutoRestart, sluice_shared::ApiError>>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let p = &a.policy;
    let source = match a.source {
        PolicySource::Console => "the console's default",
        PolicySource::Tenant => "the tenant's policy",
        PolicySource::Connector => "this connector's own policy",
    };
    let rule = if p.enabled {
        format!(
            "Failed tasks are restarted {}; after {} attempts without recovery the connector is a persistent failure. Healthy for {} min after a restart starts the count over.",
            waits(&p.backoff_secs),
            p.max_attempts,
            p.monitor_secs / 60
        )
    } else {
        "Failures are not restarted automatically.".to_owned()
    };
    let paused = a.track.paused;
    let persistent = a.status == AutoRestartStatus::PersistentFailure;
    view! {
        <p>{status_chip(a.status)} " " <span class="hint">{format!("From {source}. ")}</span>{rule}</p>
        {(a.track.attempts > 0).then(|| view! {
            <p data-testid="auto-restart-attempts">{format!("Attempts so far: {} of {}", a.track.attempts, p.max_attempts)}
                {a.track.last_attempt_ms.map(|t| format!(", the last at {}", local_time(Some(t))))}
                {a.next_attempt_ms.map(|t| format!("; next at {}", local_time(Some(t))))}
            </p>
        })}
        {persistent.then(|| view! {
            <div class="notice notice-error" role="alert" data-testid="persistent-failure">
                <p><strong>"Restarts did not fix it."</strong>{format!(
                    " {} automatic restarts since {}; none are tried until someone acknowledges. Fix the cause first (the trace below says what it is): acknowledging starts the attempts over at once.",
                    a.track.attempts, local_time(a.track.persistent_since_ms))}</p>
                {may.then(|| view! {
                    <button type="button" class="primary" data-testid="acknowledge" disabled=move || ack.pending().get()
                        on:click=move |_| { ack.dispatch(()); }>"Acknowledge and restart"</button>
                })}
            </div>
        })}
        {may.then(|| view! {
            <div class="actions">
                <button type="button" class="secondary small" data-testid="auto-restart-pause"
                    disabled=move || change.pending().get()
                    on:click=move |_| { change.dispatch(AutoRestartChange { paused: Some(!paused), policy: None }); }>
                    {if paused { "Resume auto-restart" } else { "Pause auto-restart" }}</button>
                <button type="button" class="secondary small" data-testid="auto-restart-edit"
                    on:click=move |_| editing.update(|e| *e = !*e)>"Change policy…"</button>
            </div>
        })}
    }
}

/// This connector's override: every field shown with the policy in force, saved as given.
#[component]
fn PolicyForm(
    current: AutoRestart,
    change: Action<AutoRestartChange, Result<AutoRestart, sluice_shared::ApiError>>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let p = current.policy.clone();
    let enabled = RwSignal::new(p.enabled);
    let backoff = RwSignal::new(
        p.backoff_secs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    );
    let max = RwSignal::new(p.max_attempts.to_string());
    let monitor = RwSignal::new(p.monitor_secs.to_string());
    let local_error = RwSignal::new(None::<String>);
    let has_own = current.connector_override.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let backoff_secs: Result<Vec<u64>, _> = backoff
            .get()
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::parse::<u64>)
            .collect();
        let (Ok(backoff_secs), Ok(max_attempts), Ok(monitor_secs)) = (
            backoff_secs,
            max.get().trim().parse::<u32>(),
            monitor.get().trim().parse::<u64>(),
        ) else {
            local_error.set(Some(
                "Waits, attempts and the monitor window are whole numbers of seconds.".into(),
            ));
            return;
        };
        local_error.set(None);
        change.dispatch(AutoRestartChange {
            policy: Some(PolicyOverride {
                enabled: Some(enabled.get()),
                backoff_secs: Some(backoff_secs),
                max_attempts: Some(max_attempts),
                monitor_secs: Some(monitor_secs),
            }),
            paused: None,
        });
        editing.set(false);
    };
    view! {
        <form class="form-row" data-testid="auto-restart-form" on:submit=submit>
            <label class="check"><input type="checkbox" prop:checked=move || enabled.get()
                on:change=move |ev| enabled.set(event_target_checked(&ev)) data-testid="policy-enabled" />" Restart automatically"</label>
            <label>"Waits before each attempt (seconds)"
                <input type="text" prop:value=move || backoff.get() on:input=move |ev| backoff.set(event_target_value(&ev)) data-testid="policy-backoff" /></label>
            <label>"Attempts"
                <input type="number" min="1" max="100" prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev)) data-testid="policy-max" /></label>
            <label>"Healthy for (seconds) to start over"
                <input type="number" min="10" prop:value=move || monitor.get() on:input=move |ev| monitor.set(event_target_value(&ev)) data-testid="policy-monitor" /></label>
            <button type="submit" class="primary" data-testid="policy-save">"Save for this connector"</button>
            {has_own.then(|| view! {
                <button type="button" class="secondary" data-testid="policy-inherit"
                    on:click=move |_| { change.dispatch(AutoRestartChange { policy: Some(PolicyOverride::default()), paused: None }); editing.set(false); }>
                    "Use the tenant's policy"</button>
            })}
            {move || local_error.get().map(|e| view! { <p class="form-error notice notice-error">{e}</p> })}
        </form>
    }
}

/// How far back the timeline looks.
const RANGES: [(&str, i64); 3] = [
    ("1 h", 3_600_000),
    ("24 h", 86_400_000),
    ("7 d", 7 * 86_400_000),
];

#[component]
fn TimelinePanel(ctx: Ctx) -> impl IntoView {
    let range = RwSignal::new(RANGES[0].1);
    let timeline = use_polled(EVERY, {
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            let from = js_sys::Date::now() as i64 - range.get();
            async move { api::timeline(&c, &n, from).await }
        }
    });
    view! {
        <section class="panel" data-testid="timeline">
            <div class="panel-head"><h2>"Timeline"</h2>
                <div class="segmented" role="group" aria-label="Range">
                    {RANGES.into_iter().map(|(label, ms)| view! {
                        <button type="button" class=move || if range.get() == ms { "tab tab-on" } else { "tab" }
                            aria-pressed=move || (range.get() == ms).to_string()
                            on:click=move |_| range.set(ms)>{label}</button>
                    }).collect_view()}
                </div>
            </div>
            {move || match timeline.get() {
                None => view! { <p class="loading">"Loading timeline…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(t)) if t.entries.is_empty() => view! {
                    <p class="hint" data-testid="timeline-empty">"Nothing happened in this range. State changes appear here within one scheduler interval; try a longer range."</p>
                }.into_any(),
                Some(Ok(t)) => view! {
                    <Lanes entries=t.entries.clone() from_ms=t.from_ms to_ms=t.to_ms />
                    {t.truncated.then(|| view! { <p class="hint">"Only the newest 1,000 entries of each kind are shown; pick a shorter range."</p> })}
                    <ol class="timeline-entries" data-testid="timeline-entries">
                        {t.entries.iter().rev().map(entry_row).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}

fn state_class(s: Option<&ConnectorState>) -> &'static str {
    match s {
        Some(ConnectorState::Running) => "lane-running",
        Some(ConnectorState::Failed) => "lane-failed",
        Some(ConnectorState::Paused | ConnectorState::Stopped) => "lane-idle",
        Some(ConnectorState::Restarting | ConnectorState::Unassigned) => "lane-pending",
        Some(ConnectorState::Unknown(_)) | None => "lane-none",
    }
}

const LABEL_W: f64 = 110.0;
const WIDTH: f64 = 1000.0;
const LANE_H: f64 = 18.0;
const GAP: f64 = 6.0;

#[component]
fn Lanes(entries: Vec<TimelineEntry>, from_ms: i64, to_ms: i64) -> impl IntoView {
    // From a little before the first entry, not the range's start: a connector made ten
    // minutes ago fills the width instead of a sliver at its right edge.
    let first = entries
        .iter()
        .map(TimelineEntry::at_ms)
        .min()
        .unwrap_or(from_ms);
    let from_ms = from_ms.max(first - (to_ms - first) / 20 - 1000);
    let rows = lanes(&entries, from_ms, to_ms);
    let span = (to_ms - from_ms).max(1) as f64;
    let x = move |ms: i64| LABEL_W + (WIDTH - LABEL_W) * ((ms - from_ms) as f64 / span);
    let height = (rows.len().max(1) as f64) * (LANE_H + GAP) + 16.0;
    let marks: Vec<(f64, String, &'static str)> = entries
        .iter()
        .filter_map(|e| match e {
            TimelineEntry::Action {
                at_ms,
                action,
                actor,
                ..
            } => {
                let class = match action.as_str() {
                    "auto_restart" | "restart" | "restart_task" => "mark-restart",
                    "persistent_failure" => "mark-escalate",
                    "persistent_failure_acknowledged" => "mark-ack",
                    _ => "mark-change",
                };
                Some((
                    x(*at_ms),
                    format!(
                        "{} by {actor}, {}",
                        action_words(action),
                        local_time(Some(*at_ms))
                    ),
                    class,
                ))
            }
            TimelineEntry::Alert {
                at_ms,
                alert,
                change,
                ..
            } => Some((
                x(*at_ms),
                format!(
                    "Alert {change}: {}, {}",
                    alert.label(),
                    local_time(Some(*at_ms))
                ),
                if change == "fired" {
                    "mark-alert"
                } else {
                    "mark-alert-resolved"
                },
            )),
            TimelineEntry::State(_) => None,
        })
        .collect();
    view! {
        <svg class="lanes" data-testid="lanes" viewBox=format!("0 0 {WIDTH} {height}") preserveAspectRatio="none" role="img"
            aria-label="States over time, one row per connector and task">
            {rows.into_iter().enumerate().map(|(i, lane)| {
                let y = i as f64 * (LANE_H + GAP);
                let label = lane.instance.task.map_or("connector".to_owned(), |t| format!("task {t}"));
                view! {
                    <text x="0" y=y + LANE_H - 5.0 class="lane-label">{label}</text>
                    {lane.segments.into_iter().map(|s| {
                        let (x0, x1) = (x(s.from_ms), x(s.to_ms));
                        let title = format!("{}: {} – {}", s.state.as_ref().map_or("unknown", ConnectorState::as_str),
                            local_time(Some(s.from_ms)), local_time(Some(s.to_ms)));
                        view! {
                            <rect x=x0 y=y width=(x1 - x0).max(1.0) height=LANE_H class=state_class(s.state.as_ref())
                                data-state=s.state.as_ref().map_or("", ConnectorState::as_str).to_owned()><title>{title}</title></rect>
                        }
                    }).collect_view()}
                }
            }).collect_view()}
            {marks.into_iter().map(|(mx, title, class)| view! {
                <line x1=mx x2=mx y1="0" y2=height - 14.0 class=class><title>{title}</title></line>
            }).collect_view()}
            <text x=LABEL_W y=height - 2.0 class="lane-axis">{local_time(Some(from_ms))}</text>
            <text x=WIDTH y=height - 2.0 class="lane-axis" text-anchor="end">"now"</text>
        </svg>
    }
}

fn action_words(action: &str) -> String {
    match action {
        "auto_restart" => "Restarted automatically".into(),
        "restart" => "Restarted".into(),
        "restart_task" => "Task restarted".into(),
        "persistent_failure" => "Declared a persistent failure".into(),
        "persistent_failure_acknowledged" => "Persistent failure acknowledged".into(),
        "auto_restart_policy" => "Auto-restart changed".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            s
        }
    }
}

fn transition_words(t: &Transition) -> String {
    let who = t
        .instance
        .task
        .map_or("Connector".to_owned(), |n| format!("Task {n}"));
    let on = t
        .worker
        .as_deref()
        .map(|w| format!(" on {w}"))
        .unwrap_or_default();
    match (&t.from, &t.to) {
        (None, Some(to)) => format!("{who} seen {to}{on}"),
        (Some(from), Some(to)) if from == to => format!("{who} moved{on} ({to})"),
        (Some(from), Some(to)) => format!("{who} {from} → {to}{on}"),
        (_, None) => format!("{who} gone"),
    }
}

fn entry_row(e: &TimelineEntry) -> impl IntoView + use<> {
    match e.clone() {
        TimelineEntry::State(t) => {
            let failed = t.to == Some(ConnectorState::Failed);
            view! {
                <li class=if failed { "entry entry-failed" } else { "entry" } data-testid="timeline-entry" data-kind="state">
                    <span class="entry-time">{local_time(Some(t.at_ms))}</span>
                    <span>{transition_words(&t)}</span>
                    {t.trace.clone().map(|trace| view! { <Trace label="Trace".to_owned() trace=trace /> })}
                </li>
            }
            .into_any()
        }
        TimelineEntry::Action {
            at_ms,
            actor,
            action,
            detail,
            result,
        } => {
            let attempt = detail
                .as_deref()
                .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                .and_then(|d| {
                    Some((
                        d.get("attempt")?.as_u64()?,
                        d.get("max_attempts")?.as_u64()?,
                    ))
                })
                .map(|(a, m)| format!(" (attempt {a} of {m})"))
                .unwrap_or_default();
            view! {
                <li class="entry entry-action" data-testid="timeline-entry" data-kind="action" data-action=action.clone()>
                    <span class="entry-time">{local_time(Some(at_ms))}</span>
                    <span>{format!("{}{attempt} by {actor}", action_words(&action))}</span>
                    {(result != "ok").then(|| view! { <span class="chip chip-failed">{result.clone()}</span> })}
                </li>
            }
            .into_any()
        }
        TimelineEntry::Alert {
            at_ms,
            alert,
            severity,
            change,
            summary,
        } => {
            let class = if change == "fired" {
                "entry entry-alert"
            } else {
                "entry"
            };
            view! {
                <li class=class data-testid="timeline-entry" data-kind="alert" data-alert=alert.as_str() data-change=change.clone()>
                    <span class="entry-time">{local_time(Some(at_ms))}</span>
                    <span class=format!("chip chip-{}", severity.as_str())>{severity.as_str()}</span>
                    <span>{format!("Alert {change}: {summary}")}</span>
                </li>
            }
            .into_any()
        }
    }
}
