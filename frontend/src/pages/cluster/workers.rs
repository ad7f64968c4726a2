//! The workers and their task balance: one row per worker with a bar of its tasks by state,
//! scaled to the busiest worker, and a sentence saying whether the spread is even.

use leptos::prelude::*;
use sluice_shared::overview::{Balance, ClusterOverview, StateCounts, WorkerLoad};

/// A bar of `counts` by state, `scale` tasks wide (the busiest worker's), as inline SVG.
pub fn state_bar(counts: &StateCounts, scale: u32) -> impl IntoView + use<> {
    const W: f64 = 240.0;
    let unit = if scale == 0 {
        0.0
    } else {
        W / f64::from(scale)
    };
    let mut x = 0.0;
    let segments = counts
        .parts()
        .into_iter()
        .map(|(state, n)| {
            let width = f64::from(n) * unit;
            let at = x;
            x += width;
            view! {
                <rect x=at y=0 width=width height=12 class=format!("seg-{state}")>
                    <title>{format!("{n} {state}")}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <svg class="state-bar" viewBox=format!("0 0 {W} 12") width=W height=12 role="img"
            aria-label=summary(counts)>
            <rect x=0 y=0 width=W height=12 class="seg-track" />
            {segments}
        </svg>
    }
}

/// "3 running, 1 failed" (or "none").
pub fn summary(counts: &StateCounts) -> String {
    let parts: Vec<String> = counts
        .parts()
        .into_iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn verdict(b: &Balance) -> impl IntoView + use<> {
    let text = if b.workers == 0 {
        String::new()
    } else if b.unbalanced {
        format!(
            "Tasks are unbalanced: the busiest worker runs {} tasks, the idlest {}, {:.1} on average ({:.1}× the mean). \
             Connect spreads tasks again when a worker joins or leaves (after scheduled.rebalance.max.delay.ms); \
             restarting a connector's tasks also reassigns them.",
            b.max_tasks, b.min_tasks, b.mean_tasks, b.ratio
        )
    } else {
        format!(
            "Tasks are balanced: {} to {} per worker, {:.1} on average.",
            b.min_tasks, b.max_tasks, b.mean_tasks
        )
    };
    let class = if b.unbalanced {
        "balance balance-warn"
    } else {
        "balance"
    };
    view! { <p class=class data-testid="balance" data-unbalanced=b.unbalanced.to_string()>{text}</p> }
}

#[component]
pub fn Workers(o: ClusterOverview) -> impl IntoView {
    let b = o.balance.clone();
    let scale = b.max_tasks;
    let unplaced = (b.unplaced_tasks > 0).then(|| {
        view! {
            <p class="hint">{format!("{} task(s) run on no worker (unassigned): Connect assigns them at the next rebalance.", b.unplaced_tasks)}</p>
        }
    });
    let body = if o.workers.is_empty() {
        view! {
            <div class="empty" data-testid="no-workers">
                <h3>"No worker runs a connector you can see"</h3>
                <p>"Connect names its workers only through what they run. Create a connector (New connector) and its worker appears here."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <table class="connectors workers" data-testid="workers">
                <thead><tr>
                    <th>"Worker"</th><th>"Connectors"</th><th>"Tasks"</th><th>"Tasks by state"</th>
                </tr></thead>
                <tbody>
                    {o.workers.into_iter().map(|w| worker_row(w, scale)).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel" data-testid="workers-panel">
            <div class="panel-head">
                <h2>"Workers"</h2>
                <span class="hint">{format!("{} workers · {} connectors · {} tasks", b.workers, b.connectors, b.tasks)}</span>
            </div>
            {verdict(&b)}
            {unplaced}
            {body}
        </section>
    }
}

fn worker_row(w: WorkerLoad, scale: u32) -> impl IntoView {
    let WorkerLoad {
        worker_id,
        connectors,
        tasks,
    } = w;
    let shown = worker_id.clone();
    view! {
        <tr data-testid="worker" data-worker=worker_id data-tasks=tasks.total().to_string()>
            <td><code>{shown}</code></td>
            <td title=summary(&connectors)>{connectors.total()}</td>
            <td data-testid="worker-tasks">{tasks.total()}</td>
            <td class="bar-cell">{state_bar(&tasks, scale)}<span class="bar-note">{summary(&tasks)}</span></td>
        </tr>
    }
}
