//! Failures per connector and hour as a grid: darker is more.

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::health::FailureHeatmap;

use crate::components::time::local_time;
use crate::routes::Page;

const CELL_H: f64 = 16.0;

#[component]
pub fn Heatmap(map: FailureHeatmap) -> impl IntoView {
    let most = map
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.1))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let buckets = map.buckets.max(1);
    let cell_w = 100.0 / f64::from(buckets);
    let unit = if map.bucket_ms >= 86_400_000 {
        "day"
    } else {
        "hour"
    };
    let cluster = map.cluster_id.clone();
    let rows = map
        .rows
        .into_iter()
        .map(|r| {
            let href = Page::Connector {
                cluster: cluster.clone(),
                name: r.connector.clone(),
            }
            .href();
            let cells = r
                .cells
                .iter()
                .map(|(i, n)| {
                    let at = map.from_ms + i64::from(*i) * map.bucket_ms;
                    // At least a visible tint for one failure.
                    let opacity = 0.2 + 0.8 * (*n as f64 / most);
                    view! {
                        <rect x=format!("{:.3}", f64::from(*i) * cell_w) y="0" width=format!("{cell_w:.3}") height=CELL_H
                            class="heat" fill-opacity=format!("{opacity:.2}")>
                            <title>{format!("{n} failure(s) in the {unit} from {}", local_time(Some(at)))}</title>
                        </rect>
                    }
                })
                .collect_view();
            let label = r.connector.clone();
            view! {
                <div class="heat-row" data-testid="heat-row" data-connector=r.connector.clone()>
                    <A href=href attr:class="connector-name heat-label">{label}</A>
                    <svg class="heat-cells" viewBox=format!("0 0 100 {CELL_H}") preserveAspectRatio="none" role="img"
                        aria-label=format!("{} failures", r.total)>
                        {cells}
                    </svg>
                    <span class="heat-total">{r.total}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="heatmap" data-testid="heatmap">
            {rows}
            <div class="heat-row heat-axis">
                <span class="heat-label"></span>
                <span class="heat-cells-axis"><span>{local_time(Some(map.from_ms))}</span><span>"now"</span></span>
                <span class="heat-total"></span>
            </div>
            {(map.more > 0).then(|| view! { <p class="hint">{format!("{} more connectors failed less often.", map.more)}</p> })}
        </div>
    }
}
