//! Change events: the newest records of the connector's topics, newest first, each read as a
//! Debezium event (operation, table, log position, transaction, snapshot marker, changed
//! columns) or named as a tombstone or schema change, anything else shown as it is. A live
//! tail prepends records as they arrive.

use std::collections::HashSet;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::change_event::{Event, EventPage, Shown};
use sluice_shared::policy::Action as Permission;
use sluice_shared::records::{KafkaState, Record};

use super::ctx::Ctx;
use crate::api;
use crate::components::time::{live_ago, local_time};
use crate::components::{
    ChangeFacts, ColumnDiff, ErrorNotice, KafkaNotice, LinkState, Loaded, Payload,
};
use crate::hooks::event_source::{Link, use_event_source};

const LIMITS: [usize; 3] = [20, 50, 100];
/// Records kept on screen while tailing: enough to scroll back, few enough to stay fast.
const KEPT: usize = 500;

type Key = (String, i32, i64);

fn key_of(r: &Record) -> Key {
    (r.topic.clone(), r.partition, r.offset)
}

#[component]
pub fn Events(ctx: Ctx) -> impl IntoView {
    if !ctx.allows(Permission::ReadPayloads) {
        return view! {
            <section class="panel" data-testid="events">
                <div class="notice notice-warn" role="status" data-testid="payloads-forbidden">
                    <strong>"Change events are not shown to your role"</strong>
                    <span>"Records hold the tenant's data: they are for the tenant's operators and viewers, and for admins."</span>
                </div>
            </section>
        }
        .into_any();
    }
    let limit = RwSignal::new(50usize);
    let page = LocalResource::new({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let (c, n, limit) = (c.clone(), n.clone(), limit.get());
            async move { api::events(&c, &n, limit).await }
        }
    });
    // From the tail, newest first; the next page read includes them, so it starts over then.
    let arrived = RwSignal::new(Vec::<Record>::new());
    let tailing = RwSignal::new(false);
    let tail_error = RwSignal::new(None::<ApiError>);
    let reload = move || {
        arrived.set(Vec::new());
        page.refetch();
    };
    // While Connect has recorded no topic for it, look again every few seconds: a new
    // source's first records arrive some seconds after it starts.
    if let Ok(every) = set_interval_with_handle(
        move || {
            if page
                .get_untracked()
                .and_then(Result::ok)
                .is_some_and(|p| p.topics.is_empty())
            {
                page.refetch();
            }
        },
        std::time::Duration::from_secs(5),
    ) {
        on_cleanup(move || every.clear());
    }
    let tail_possible = move || {
        page.get()
            .and_then(Result::ok)
            .is_some_and(|p| p.kafka == KafkaState::Reachable && !p.topics.is_empty())
    };
    let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
    view! {
        <section class="panel" data-testid="events">
            <div class="panel-head">
                <h2>"Change events"</h2>
                <label class="inline-field">"Show the newest "
                    <select data-testid="events-limit" aria-label="How many records"
                        prop:value=move || limit.get().to_string()
                        on:change=move |e| {
                            if let Ok(l) = event_target_value(&e).parse() {
                                arrived.set(Vec::new());
                                limit.set(l);
                            }
                        }>
                        {LIMITS.into_iter().map(|l| view! { <option value=l.to_string()>{l}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="secondary small" data-testid="events-refresh" on:click=move |_| reload()>"Refresh"</button>
                <label class="inline-field">
                    <input type="checkbox" role="switch" data-testid="events-tail" prop:checked=move || tailing.get()
                        disabled=move || !tail_possible() && !tailing.get()
                        on:change=move |e| { tail_error.set(None); tailing.set(event_target_checked(&e)); } />
                    " Live tail"
                </label>
                {move || tailing.get().then(|| view! {
                    <Tail cluster=c.clone() name=n.clone() arrived=arrived tailing=tailing failed=tail_error />
                })}
            </div>
            {move || tail_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Loaded resource=page loading="Reading the newest records…" view=move |p| view! { <EventList page=p arrived=arrived /> } />
        </section>
    }
    .into_any()
}

/// The open stream while the toggle is on: unmounting it (toggle off, leaving the page) closes it.
#[component]
fn Tail(
    cluster: String,
    name: String,
    arrived: RwSignal<Vec<Record>>,
    tailing: RwSignal<bool>,
    failed: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let link = use_event_source(
        api::events_tail(&cluster, &name),
        &["ready", "record"],
        // Live once the server follows every partition from its end, not when it connects.
        false,
        move |event, data| match event {
            "ready" => {}
            "record" => {
                if let Ok(r) = serde_json::from_str::<Record>(&data) {
                    arrived.update(|a| {
                        a.insert(0, r);
                        a.truncate(KEPT);
                    });
                }
            }
            _ => {
                // The server ends the stream after an error; reconnecting would repeat it.
                let e = serde_json::from_str::<ApiError>(&data).unwrap_or_else(|_| {
                    ApiError::new(sluice_shared::ErrorCode::Internal, "the live tail failed")
                });
                failed.set(Some(e));
                tailing.set(false);
            }
        },
    );
    // Refused outright (Kafka not configured, the connector gone): say so, like an error event.
    Effect::new(move || {
        if link.get() == Link::Closed {
            failed.set(Some(ApiError::new(
                sluice_shared::ErrorCode::Internal,
                "the live tail was refused; refresh the records and turn it on again",
            )));
            tailing.set(false);
        }
    });
    view! { <LinkState link=link testid="tail-state" /> }
}

#[component]
fn EventList(page: EventPage, arrived: RwSignal<Vec<Record>>) -> impl IntoView {
    let EventPage {
        kafka,
        topics,
        records,
    } = page;
    if topics.is_empty() {
        return view! {
            <KafkaNotice state=kafka />
            <div class="empty" data-testid="events-no-topics">
                <h3>"No topics recorded for this connector yet"</h3>
                <p>"Connect records a connector's topics as records flow through it: a source that has not captured a change yet, or whose active topics were reset, has none. Change a row in a captured table: this view looks again every 5 seconds."</p>
            </div>
        }
        .into_any();
    }
    let shown_topics = topics.join(", ");
    let listed = Memo::new(move |_| {
        // Tailed records the page already holds (a refresh raced the stream) show once.
        let mut seen = HashSet::new();
        arrived.with(|a| {
            a.iter()
                .chain(records.iter())
                .filter(|r| seen.insert(key_of(r)))
                .take(KEPT)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <KafkaNotice state=kafka />
        <p class="hint" data-testid="events-topics">{format!("From {}: ", if topics.len() == 1 { "topic" } else { "topics" })}<code>{shown_topics}</code></p>
        {move || listed.with(Vec::is_empty).then(|| view! {
            <div class="empty" data-testid="events-empty">
                <h3>"No records yet"</h3>
                <p>"These topics hold nothing (or retention removed it). Turn on the live tail to see changes as they are captured."</p>
            </div>
        })}
        <ol class="events">
            <For each=move || listed.get() key=key_of children=|r| view! { <EventItem record=r /> } />
        </ol>
    }
    .into_any()
}

#[component]
fn EventItem(record: Record) -> impl IntoView {
    let event = Event::read(&record.value.shown);
    let (kind, op) = match &event {
        Event::Tombstone => ("tombstone", String::new()),
        Event::SchemaChange { .. } => ("schema_change", String::new()),
        Event::Change(c) => ("change", c.op.clone()),
        Event::Other => ("other", String::new()),
    };
    let open = RwSignal::new(false);
    let key = key_text(&record.key.shown);
    let head = match event.clone() {
        Event::Change(c) => view! { <ChangeFacts event=c /> }.into_any(),
        Event::Tombstone => view! {
            <span class="badge op" data-testid="op" data-op="tombstone">"tombstone"</span>
            <span class="hint">"the delete before it is now compactable for key "</span><code>{key}</code>
        }
        .into_any(),
        Event::SchemaChange { ddl } => view! {
            <span class="badge op" data-testid="op" data-op="ddl">"schema change"</span>
            <code class="event-ddl">{ddl.unwrap_or_default()}</code>
        }
        .into_any(),
        Event::Other => view! { <span class="badge" data-testid="op" data-op="other">"record"</span> }.into_any(),
    };
    let body = match event {
        Event::Change(c) => view! { <ColumnDiff changes=c.changes /> }.into_any(),
        Event::Other => view! { <Payload label="Value" decoded=record.value.clone() /> }.into_any(),
        Event::Tombstone | Event::SchemaChange { .. } => ().into_any(),
    };
    let where_ = format!("{} [{}] @{}", record.topic, record.partition, record.offset);
    view! {
        <li class="event" data-testid="event-row" data-kind=kind data-op=op data-topic=record.topic.clone()
            data-partition=record.partition.to_string() data-offset=record.offset.to_string()>
            <div class="event-head">
                {head}
                <span class="event-where worker" title=local_time(record.timestamp_ms)>{where_}" · "{live_ago(record.timestamp_ms)}</span>
                <button type="button" class="secondary small" data-testid="event-expand" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Close" } else { "Key & JSON" }}</button>
            </div>
            {body}
            {move || open.get().then(|| view! {
                <div class="payloads">
                    <Payload label="Key" decoded=record.key.clone() />
                    <Payload label="Value" decoded=record.value.clone() />
                </div>
            })}
        </li>
    }
}

/// A key in one short line (a tombstone's only content).
fn key_text(key: &Shown) -> String {
    let text = match key {
        Shown::Null => "null".to_owned(),
        Shown::Json(v) => serde_json::to_string(v).unwrap_or_default(),
        Shown::Text(t) | Shown::Hex(t) => t.clone(),
    };
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(120).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}
