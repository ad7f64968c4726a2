//! States over time as stacked areas: running at the bottom, failed on top where it shows.

use leptos::prelude::*;
use sluice_shared::health::{StateCounts, StatePoint};

use crate::components::time::local_time;

const W: f64 = 1000.0;
const H: f64 = 220.0;
const AXIS: f64 = 18.0;
const LEFT: f64 = 44.0;

/// Bottom to top, with their CSS classes.
const LAYERS: [(usize, &str); 6] = [
    (0, "running"),
    (1, "paused"),
    (2, "stopped"),
    (4, "unassigned"),
    (5, "restarting"),
    (3, "failed"),
];

/// The connectors' (`tasks = false`) or tasks' states over `from_ms..to_ms`.
#[component]
pub fn StackedStates(
    points: Vec<StatePoint>,
    from_ms: i64,
    to_ms: i64,
    bucket_ms: i64,
    tasks: bool,
) -> impl IntoView {
    let counts = |p: &StatePoint| -> [f64; 6] {
        if tasks {
            p.tasks.values()
        } else {
            p.connectors.values()
        }
    };
    let top = points
        .iter()
        .map(|p| counts(p).iter().sum::<f64>())
        .fold(0.0_f64, f64::max)
        .max(1.0)
        .ceil();
    // From a little before the first sample, not the range's start: a console started an hour
    // ago fills the width instead of a sliver at the right edge.
    let first = points.first().map_or(from_ms, |p| p.at_ms);
    let from_ms = from_ms.max(first - (to_ms - first) / 20 - bucket_ms);
    let span = (to_ms - from_ms).max(1) as f64;
    let x = move |ms: i64| LEFT + (W - LEFT) * ((ms - from_ms) as f64 / span).clamp(0.0, 1.0);
    let y = move |v: f64| (H - AXIS) * (1.0 - v / top);
    // Each point's cumulative heights, bottom layer first.
    let stacks: Vec<(i64, [f64; 7])> = points
        .iter()
        .map(|p| {
            let c = counts(p);
            let mut acc = [0.0; 7];
            for (i, (state, _)) in LAYERS.iter().enumerate() {
                acc[i + 1] = acc[i] + c[*state];
            }
            (p.at_ms, acc)
        })
        .collect();
    // Steps: each bucket is flat across its width, so one sample is a bar, not a line.
    let layers = LAYERS
        .iter()
        .enumerate()
        .map(|(i, (_, class))| {
            let edge = |t: i64, v: f64| {
                let (x0, x1) = (x(t), x(t + bucket_ms));
                let y = y(v);
                [format!("{x0:.1},{y:.1}"), format!("{x1:.1},{y:.1}")]
            };
            let upper = stacks.iter().flat_map(|(t, acc)| edge(*t, acc[i + 1]));
            let lower = stacks.iter().rev().flat_map(|(t, acc)| {
                let [a, b] = edge(*t, acc[i]);
                [b, a]
            });
            let d = upper.chain(lower).collect::<Vec<_>>().join(" ");
            view! { <polygon points=d class=format!("area-{class}") /> }
        })
        .collect_view();
    // A hover target per point, saying what it holds.
    let step = (W - LEFT) * (bucket_ms as f64 / span);
    let hovers = points
        .iter()
        .map(|p| {
            let c = StateCounts::from_values(counts(p));
            let title = format!(
                "{}: {:.0} running, {:.0} paused, {:.0} stopped, {:.0} failed, {:.0} unassigned, {:.0} restarting",
                local_time(Some(p.at_ms)),
                c.running,
                c.paused,
                c.stopped,
                c.failed,
                c.unassigned,
                c.restarting
            );
            view! {
                <rect x=x(p.at_ms) y="0" width=step.max(1.0) height=H - AXIS class="hover"><title>{title}</title></rect>
            }
        })
        .collect_view();
    let label = if tasks { "tasks" } else { "connectors" };
    view! {
        <svg class="stacked" data-testid="stacked-states" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none"
            role="img" aria-label=format!("Number of {label} in each state over time")>
            <line x1=LEFT x2=W y1=H - AXIS y2=H - AXIS class="axis" />
            <text x=LEFT - 6.0 y="12" class="axis-label" text-anchor="end">{format!("{top:.0}")}</text>
            <text x=LEFT - 6.0 y=H - AXIS class="axis-label" text-anchor="end">"0"</text>
            {layers}
            {hovers}
            <text x=LEFT y=H - 4.0 class="axis-label">{local_time(Some(from_ms))}</text>
            <text x=W y=H - 4.0 class="axis-label" text-anchor="end">"now"</text>
        </svg>
        <p class="legend">
            {LAYERS.iter().rev().map(|(_, class)| view! { <span class=format!("key key-{class}")>{*class}</span> }).collect_view()}
        </p>
    }
}
