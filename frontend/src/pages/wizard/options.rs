//! Steps 4–6: the snapshot mode (only those this connector and version accept), what the
//! change events look like, and error handling — with the truth about sources and DLQs.

use leptos::prelude::*;
use sluice_shared::templates::{self, Kind, SOURCE_HAS_NO_DLQ, Version};

use super::fields::{AnswerCheck, AnswerInput, AnswerSelect, FieldError, first_error};
use super::nav::StepNav;
use super::state::Wizard;
use crate::components::CodeText;

#[component]
pub fn SnapshotStep(w: Wizard) -> impl IntoView {
    let kind = w.kind().unwrap_or(Kind::Postgres);
    // Without a version from the plugin list, offer what current Debezium accepts.
    let version = w.version(kind).unwrap_or(Version { major: 3, minor: 0 });
    let modes = templates::snapshot_modes(kind, version);
    if w.answers.with_untracked(|a| a.snapshot_mode.is_empty())
        && let Some(first) = modes.first()
    {
        w.answers
            .update(|a| a.snapshot_mode = first.name.to_owned());
    }
    view! {
        <form class="panel wizard-panel" data-testid="wizard-snapshot"
            on:submit=move |e| { e.prevent_default(); w.next() }>
            <h2>"Snapshot"</h2>
            <p class="hint" data-testid="snapshot-intro"><CodeText text=templates::snapshot_intro(kind, w.version(kind)) /></p>
            <fieldset class="choices">
                <legend class="visually-hidden">"Snapshot mode"</legend>
                {modes.into_iter().enumerate().map(|(i, m)| view! {
                    <label class="choice">
                        <input type="radio" name="snapshot" value=m.name data-testid=format!("snapshot-{}", m.name)
                            prop:checked=move || w.answers.with(|a| a.snapshot_mode == m.name)
                            on:change=move |_| w.answers.update(|a| a.snapshot_mode = m.name.to_owned()) />
                        <span class="choice-title"><code>{m.name}</code>{(i == 0).then_some(" (default)")}</span>
                        <span class="choice-doc">{m.explanation}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <StepNav w=w blocked=Signal::derive(|| None::<String>) />
        </form>
    }
}

#[component]
pub fn EventsStep(w: Wizard) -> impl IntoView {
    let kind = w.kind().unwrap_or(Kind::Postgres);
    let relational = kind != Kind::MongoDb;
    let blocked = Signal::derive(move || first_error(w, &["events"]));
    view! {
        <form class="panel wizard-panel" data-testid="wizard-events"
            on:submit=move |e| { e.prevent_default(); if blocked.get_untracked().is_none() { w.next() } }>
            <h2>"Change events"</h2>
            <div class="form-grid">
                <AnswerInput w=w label="Heartbeat interval (ms)" field="events.heartbeat_ms"
                    get=|a| a.events.heartbeat_ms.map(|m| m.to_string()).unwrap_or_default()
                    set=|a, v| a.events.heartbeat_ms = v.trim().parse().ok()
                    placeholder="off".into()
                    help="Emits a heartbeat so offsets advance on quiet tables; on PostgreSQL it keeps the slot from holding WAL. On by default at 10000 (10 s); empty or 0 turns it off." />
                {relational.then(|| view! {
                    <AnswerSelect w=w label="Decimals" field="decimal_handling"
                        get=|a| a.events.decimal_handling.clone() set=|a, v| a.events.decimal_handling = v
                        options=&[("", "precise (default): exact, but base64 bytes in JSON"), ("string", "string: exact and readable"), ("double", "double: readable, may lose precision")]
                        help="How NUMERIC/DECIMAL columns are written." />
                    <AnswerSelect w=w label="Times" field="time_precision"
                        get=|a| a.events.time_precision.clone() set=|a, v| a.events.time_precision = v
                        options=&[("", "adaptive (default): the column's own precision"), ("adaptive_time_microseconds", "adaptive, TIME always in microseconds"), ("connect", "connect: Kafka Connect's logical types (milliseconds)")]
                        help="How DATE, TIME and TIMESTAMP columns are written." />
                })}
                <AnswerSelect w=w label="Binary columns" field="binary_handling"
                    get=|a| a.events.binary_handling.clone() set=|a, v| a.events.binary_handling = v
                    options=&[("", "bytes (default)"), ("base64", "base64"), ("base64-url-safe", "base64, URL-safe"), ("hex", "hex")]
                    help="How BYTEA/BLOB/BINARY values are written." />
            </div>
            <fieldset class="choices">
                <AnswerCheck w=w label="Transaction metadata" id="transaction_metadata"
                    get=|a| a.events.transaction_metadata set=|a, v| a.events.transaction_metadata = v
                    help="Adds a transaction block to each event and BEGIN/END markers on <prefix>.transaction, so consumers can group changes by transaction." />
                <AnswerCheck w=w label="Tombstones after deletes" id="tombstones"
                    get=|a| a.events.tombstones set=|a, v| a.events.tombstones = v
                    help="Follows each delete with a null-value record so log compaction can drop the key. Keep on for compacted topics." />
                <AnswerCheck w=w label="Flatten to the row (ExtractNewRecordState)" id="flatten"
                    get=|a| a.events.flatten set=|a, v| a.events.flatten = v
                    help="Writes just the new row instead of Debezium's before/after envelope: what most sinks expect." />
            </fieldset>
            <Show when=move || w.answers.with(|a| a.events.flatten)>
                <AnswerSelect w=w label="Deletes when flattened" field="flatten_deletes"
                    get=|a| a.events.flatten_deletes.clone() set=|a, v| a.events.flatten_deletes = v
                    options=&[("", "tombstone (default): keep only the tombstone"), ("rewrite", "rewrite: the deleted row with __deleted=true"), ("rewrite-with-tombstone", "rewrite, and keep the tombstone"), ("drop", "drop deletes")]
                    help="The flattened stream has no envelope, so deletes need a representation." />
            </Show>
            <fieldset class="choices">
                <AnswerCheck w=w label="Outbox Event Router" id="outbox"
                    get=|a| a.events.outbox set=|a, v| a.events.outbox = v
                    help="Turns rows of an outbox table (id, aggregatetype, aggregateid, type, payload) into events routed by aggregate type. Capture only the outbox table." />
            </fieldset>
            <Show when=move || w.answers.with(|a| a.events.outbox)>
                <AnswerInput w=w label="Outbox topic" field="events.outbox_topic"
                    get=|a| a.events.outbox_topic.clone() set=|a, v| a.events.outbox_topic = v
                    placeholder="outbox.event.${routedByValue}".into()
                    help="${routedByValue} is the row's aggregatetype. Keep it inside your tenant's topic namespace." />
            </Show>
            <FieldError w=w field="events.outbox" />
            <StepNav w=w blocked=blocked />
        </form>
    }
}

#[component]
pub fn ErrorsStep(w: Wizard) -> impl IntoView {
    let kind = w.kind().unwrap_or(Kind::Postgres);
    let blocked = Signal::derive(move || first_error(w, &["errors"]));
    view! {
        <form class="panel wizard-panel" data-testid="wizard-errors"
            on:submit=move |e| { e.prevent_default(); if blocked.get_untracked().is_none() { w.next() } }>
            <h2>"Error handling"</h2>
            {kind.is_source().then(|| view! {
                <div class="notice notice-warn" role="note" data-testid="no-source-dlq">
                    <strong>"Sources have no dead letter queue"</strong>
                    <span>{SOURCE_HAS_NO_DLQ}</span>
                </div>
            })}
            <fieldset class="choices">
                <label class="choice">
                    <input type="radio" name="tolerance" data-testid="tolerance-none"
                        prop:checked=move || w.answers.with(|a| !a.errors.tolerate_all)
                        on:change=move |_| w.answers.update(|a| a.errors.tolerate_all = false) />
                    <span class="choice-title"><code>"errors.tolerance=none"</code>" (default)"</span>
                    <span class="choice-doc">"The task fails on the first record it cannot convert or transform; nothing is lost, someone has to look."</span>
                </label>
                <label class="choice">
                    <input type="radio" name="tolerance" data-testid="tolerance-all"
                        prop:checked=move || w.answers.with(|a| a.errors.tolerate_all)
                        on:change=move |_| w.answers.update(|a| a.errors.tolerate_all = true) />
                    <span class="choice-title"><code>"errors.tolerance=all"</code></span>
                    <span class="choice-doc">{if kind.is_source() {
                        "Skips such records and keeps running. For this source that means change events are dropped silently."
                    } else {
                        "Skips such records and keeps running; with a dead letter queue they are kept there for inspection."
                    }}</span>
                </label>
            </fieldset>
            <fieldset class="choices">
                <AnswerCheck w=w label="Log tolerated errors" id="errors_log"
                    get=|a| a.errors.log set=|a, v| a.errors.log = v
                    help="Writes each skipped record's error to the worker log (errors.log.enable)." />
                <Show when=move || w.answers.with(|a| a.errors.log)>
                    <AnswerCheck w=w label="…including the record" id="errors_log_messages"
                        get=|a| a.errors.log_messages set=|a, v| a.errors.log_messages = v
                        help="Also logs keys, values and headers. They may hold personal data; logs are rarely protected like topics." />
                </Show>
            </fieldset>
            {(!kind.is_source()).then(|| view! {
                <h3>"Dead letter queue"</h3>
                <div class="form-grid">
                    <AnswerInput w=w label="DLQ topic" field="errors.dlq_topic"
                        get=|a| a.errors.dlq_topic.clone() set=|a, v| a.errors.dlq_topic = v.trim().to_owned()
                        placeholder="(none)".into()
                        help="Records that fail conversion, a transform or (Debezium JDBC sink 3.1+) the write itself, as they were read." />
                    <AnswerInput w=w label="DLQ replication factor" field="errors.dlq_replication_factor"
                        get=|a| a.errors.dlq_replication_factor.map(|r| r.to_string()).unwrap_or_default()
                        set=|a, v| a.errors.dlq_replication_factor = v.trim().parse().ok()
                        placeholder="3 (Connect's default)".into()
                        help="Must not exceed the number of brokers; a single-broker cluster needs 1." />
                </div>
                <fieldset class="choices">
                    <AnswerCheck w=w label="Context headers" id="dlq_context_headers"
                        get=|a| a.errors.dlq_context_headers set=|a, v| a.errors.dlq_context_headers = v
                        help="Adds __connect.errors.* headers (topic, partition, offset, exception) so each dead letter says where it came from and why." />
                </fieldset>
            })}
            <FieldError w=w field="errors.dlq_topic" />
            <FieldError w=w field="errors.dlq_replication_factor" />
            <StepNav w=w blocked=blocked />
        </form>
    }
}
