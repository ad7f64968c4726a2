//! The queue at a glance, refreshed every few seconds: records held, the newest one's age,
//! growth over the last hour and day, and the settings that make it less useful than it looks.

use leptos::prelude::*;
use sluice_shared::dlq::DlqSummary;

use crate::components::DlqSettings;
use crate::components::time::{live_ago_or, local_time};

#[component]
pub fn Summary(summary: DlqSummary) -> impl IntoView {
    let growth = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), |n| format!("+{n}"));
    let depth = match (summary.exists, summary.depth) {
        (false, _) => "0".to_owned(),
        (true, Some(n)) => n.to_string(),
        (true, None) => "—".to_owned(),
    };
    view! {
        <section class="panel dlq-summary" data-testid="dlq-summary" data-topic=summary.topic.clone()>
            <div class="stats">
                <div class="stat"><span class="stat-value" data-testid="dlq-depth">{depth}</span><span class="stat-label">"records held"</span></div>
                <div class="stat" title=local_time(summary.newest_ms)>
                    <span class="stat-value" data-testid="dlq-newest">{live_ago_or(summary.newest_ms, "—")}</span>
                    <span class="stat-label">"newest record"</span>
                </div>
                <div class="stat" title="Records written in the last hour (from sampled high watermarks; — until a sample is an hour old)">
                    <span class="stat-value" data-testid="dlq-growth-hour">{growth(summary.growth.last_hour)}</span><span class="stat-label">"last hour"</span>
                </div>
                <div class="stat" title="Records written in the last day (— until a sample is a day old)">
                    <span class="stat-value" data-testid="dlq-growth-day">{growth(summary.growth.last_day)}</span><span class="stat-label">"last day"</span>
                </div>
            </div>
            <p class="dlq-topic">"Topic " <code>{summary.topic.clone()}</code> " "
                <DlqSettings context_headers=summary.context_headers tolerates_errors=summary.tolerates_errors /></p>
            {(!summary.tolerates_errors).then(|| view! {
                <p class="field-warn">"With " <code>"errors.tolerance"</code> " other than " <code>"all"</code>
                    ", the first failure stops the task: records reach this queue only after it is set to " <code>"all"</code> "."</p>
            })}
            {(!summary.context_headers).then(|| view! {
                <p class="field-warn">"Without " <code>"errors.deadletterqueue.context.headers.enable=true"</code>
                    " records say neither why they failed nor where they came from: groups are empty and a redrive needs a target topic."</p>
            })}
            {(!summary.exists).then(|| view! {
                <p class="hint" data-testid="dlq-not-created">"Nothing has failed yet: Connect creates the topic with the first record it cannot process."</p>
            })}
        </section>
    }
}
