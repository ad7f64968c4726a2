//! A Debezium change event as an operator reads it: the operation as a badge, the table, where
//! in the database's log it happened, its transaction and snapshot marker, and the columns it
//! changed as a before / after table.

use leptos::prelude::*;
use serde_json::Value;
use sluice_shared::change_event::{ChangeEvent, ColumnChange};
use sluice_shared::history::ConfigChange;

use super::diff_table::DiffTable;
use super::time::local_time;

/// What Debezium's `op` code means.
pub fn op_label(op: &str) -> &str {
    match op {
        "c" => "create",
        "u" => "update",
        "d" => "delete",
        "r" => "read (snapshot)",
        "t" => "truncate",
        "m" => "message",
        other => other,
    }
}

#[component]
pub fn OpBadge(op: String) -> impl IntoView {
    let class = match op.as_str() {
        "c" => "badge op op-create",
        "u" => "badge op op-update",
        "d" => "badge op op-delete",
        "t" => "badge op op-truncate",
        _ => "badge op",
    };
    view! { <span class=class data-testid="op" data-op=op.clone()>{op_label(&op).to_owned()}</span> }
}

/// `lsn 24023128 · txId 771`: whichever position fields the connector writes.
pub fn position_text(position: &[(String, String)]) -> String {
    position
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Table, log position, transaction, snapshot marker and when it happened, in one line.
#[component]
pub fn ChangeFacts(event: ChangeEvent) -> impl IntoView {
    view! {
        <span class="change-facts">
            <OpBadge op=event.op.clone() />
            <code class="change-table" data-testid="change-table">{event.table.clone().unwrap_or_else(|| "—".into())}</code>
            {(!event.position.is_empty()).then(|| view! {
                <span class="change-position" data-testid="change-position" title="Position in the database's log">{position_text(&event.position)}</span>
            })}
            {event.transaction_id.clone().map(|t| view! { <span class="change-tx" data-testid="change-tx">"tx " {t}</span> })}
            {event.snapshot.clone().map(|s| view! { <span class="chip chip-pending" data-testid="change-snapshot" title="Written by a snapshot, not read from the log">"snapshot: " {s}</span> })}
            {event.source_ts_ms.map(|t| view! { <span class="hint" title="When the database made the change">{local_time(Some(t))}</span> })}
        </span>
    }
}

/// The columns an event changed; an insert or delete lists every column.
#[component]
pub fn ColumnDiff(changes: Vec<ColumnChange>) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="hint" data-testid="column-diff-empty">"No column changed (the row images are equal)."</p> }.into_any();
    }
    let rows: Vec<ConfigChange> = changes
        .into_iter()
        .map(|c| ConfigChange {
            key: c.column,
            before: c.before.as_ref().map(cell),
            after: c.after.as_ref().map(cell),
        })
        .collect();
    view! { <div data-testid="column-diff"><DiffTable changes=rows key_label="Column" /></div> }
        .into_any()
}

/// A column value as text: strings without quotes, everything else as JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A whole change event: its facts, then its column diff.
#[component]
pub fn ChangeView(event: ChangeEvent) -> impl IntoView {
    let changes = event.changes.clone();
    view! {
        <div class="change" data-testid="change-event">
            <ChangeFacts event=event />
            <ColumnDiff changes=changes />
        </div>
    }
}
