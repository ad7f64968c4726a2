//! Offsets (KIP-875): view, then a guided change. Connect alters or resets offsets only
//! while the connector is STOPPED, so the panel walks through stop → change → resume.
//! Sinks edit topic / partition / offset rows; sources edit Connect's JSON (connector-specific
//! partitions such as Debezium's `{"server": prefix}`), and are shown field by field too.

use leptos::prelude::*;
use serde_json::{Map, Value, json};
use sluice_shared::health::ConnectorLag;
use sluice_shared::policy::Action as Permission;
use sluice_shared::{
    ApiError, ConnectorOffsets, ConnectorState, ConnectorType, ErrorCode, Known, PartitionOffset,
};

use super::ctx::Ctx;
use super::offset_fields::{OffsetFields, Slot};
use crate::api::{self, Lifecycle};
use crate::components::{ConfirmDialog, CopyButton, ErrorNotice, Loaded, StaleNotice};

/// A step of the walk-through, sent to Connect.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Stop,
    /// Alter to the edited offsets.
    Apply,
    Reset,
    Resume,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SinkRow {
    topic: String,
    partition: String,
    offset: String,
}

fn sink_rows(offsets: &ConnectorOffsets) -> Vec<SinkRow> {
    offsets
        .offsets
        .iter()
        .map(|o| SinkRow {
            topic: o
                .partition
                .get("kafka_topic")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            partition: o
                .partition
                .get("kafka_partition")
                .map(Value::to_string)
                .unwrap_or_default(),
            offset: o
                .offset
                .as_ref()
                .and_then(|m| m.get("kafka_offset"))
                .map(Value::to_string)
                .unwrap_or_default(),
        })
        .collect()
}

/// Rows back into an alter request; an empty offset resets that partition.
fn from_rows(rows: &[SinkRow]) -> Result<ConnectorOffsets, ApiError> {
    let invalid = |i: usize, what: &str| {
        ApiError::new(ErrorCode::InvalidInput, format!("row {}: {what}", i + 1))
    };
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let partition: u64 = r
                .partition
                .trim()
                .parse()
                .map_err(|_| invalid(i, "partition must be a number ≥ 0"))?;
            let offset = match r.offset.trim() {
                "" => None,
                o => {
                    let o: u64 = o.parse().map_err(|_| {
                        invalid(i, "offset must be a number ≥ 0, or empty to reset")
                    })?;
                    Some(Map::from_iter([("kafka_offset".to_owned(), json!(o))]))
                }
            };
            if r.topic.trim().is_empty() {
                return Err(invalid(i, "topic is required"));
            }
            Ok(PartitionOffset {
                partition: Map::from_iter([
                    ("kafka_topic".to_owned(), json!(r.topic.trim())),
                    ("kafka_partition".to_owned(), json!(partition)),
                ]),
                offset,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|offsets| ConnectorOffsets { offsets })
}

#[component]
pub fn Offsets(ctx: Ctx) -> impl IntoView {
    let current = ctx.fetch(|c, n| async move { api::offsets(&c, &n).await });
    let sink = ctx.detail.with_untracked(|d| {
        d.as_ref()
            .is_some_and(|d| d.connector_type == ConnectorType::Sink)
    });
    let (lag, slot_at) = slot_position(&ctx);
    let editing = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<SinkRow>::new());
    let text = RwSignal::new(String::new());
    let confirm_reset = RwSignal::new(false);
    // The latest step's outcome: `Ok(Some(message))` for what Connect said.
    let step = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |step: &Step| {
            let (c, n, step) = (c.clone(), n.clone(), *step);
            let edited = (step == Step::Apply).then(|| {
                if sink {
                    from_rows(&rows.get_untracked())
                } else {
                    parse_document(&text.get_untracked())
                }
            });
            async move {
                match step {
                    Step::Stop => api::lifecycle(&c, &n, Lifecycle::Stop).await.map(|()| None),
                    Step::Resume => {
                        api::lifecycle(&c, &n, Lifecycle::Resume).await?;
                        editing.try_set(false);
                        Ok(Some(
                            "Resumed: the connector continues from the new offsets.".to_owned(),
                        ))
                    }
                    Step::Apply | Step::Reset => {
                        let changed = match edited {
                            Some(request) => api::alter_offsets(&c, &n, &request?).await,
                            None => api::reset_offsets(&c, &n).await,
                        };
                        confirm_reset.try_set(false);
                        let changed = changed?;
                        current.refetch();
                        if let Some(lag) = lag {
                            lag.refetch();
                        }
                        Ok(Some(changed.message))
                    }
                }
            }
        }
    });
    let busy = step.pending();
    let detail = ctx.detail;
    let stopped = move || {
        detail.with(|d| {
            d.as_ref().is_some_and(|d| {
                d.status.connector.state == ConnectorState::Stopped && d.status.tasks.is_empty()
            })
        })
    };
    let state = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| d.status.connector.state.to_string())
                .unwrap_or_default()
        })
    };
    let start = move |_| {
        let Some(Ok(Known { value: o, .. })) = current.get_untracked() else {
            return;
        };
        rows.set(sink_rows(&o));
        text.set(serde_json::to_string_pretty(&o).unwrap_or_default());
        step.clear();
        editing.set(true);
    };
    let may_change = ctx.allows(Permission::ChangeOffsets);
    // The walk-through starts from the current offsets: not before they are here, nor from
    // what Connect said before it stopped answering.
    let loaded = move || current.with(|c| matches!(c, Some(Ok(k)) if k.stale().is_none()));
    let retry = Callback::new(move |()| current.refetch());

    view! {
        <section class="panel" data-testid="offsets">
            <div class="panel-head">
                <h2>"Offsets"</h2>
                {move || (may_change && !editing.get()).then(|| view! {
                    <button type="button" class="secondary small" data-testid="offsets-edit"
                        disabled=move || !loaded() on:click=start>"Change offsets…"</button>
                })}
            </div>
            <Loaded resource=current loading="Loading offsets…" view={move |k: Known<ConnectorOffsets>| view! {
                {k.stale().map(|(since, at)| view! {
                    <StaleNotice since_ms=since shown_ms=Some(at) what="These offsets are" retry=retry />
                })}
                {let o = k.value; if o.offsets.is_empty() {
                    view! { <p class="hint" data-testid="offsets-empty">"No committed offsets yet: the connector has not processed anything, or its offsets were reset."</p> }.into_any()
                } else {
                    let json = serde_json::to_string_pretty(&o).unwrap_or_default();
                    view! {
                        {(!sink).then(|| view! { <OffsetFields offsets=o.clone() slot_at=slot_at /> })}
                        <div class="json-block">
                            <CopyButton text=json.clone() label="Copy JSON" />
                            <pre class="json" data-testid="offsets-json">{json}</pre>
                        </div>
                    }.into_any()
                }}
            }} />
            {move || step.value().get().map(|outcome| match outcome {
                Ok(message) => message.map(|m| view! { <div class="notice notice-ok" role="status" data-testid="offsets-message">{m}</div> }).into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
            <Show when=move || editing.get()>
                <ol class="steps" data-testid="offsets-steps">
                    <li class=move || if stopped() { "step step-done" } else { "step step-now" }>
                        <strong>"1. Stop the connector"</strong>
                        {move || if stopped() {
                            view! { <span class="hint">" STOPPED, no tasks left."</span> }.into_any()
                        } else {
                            view! {
                                <span class="hint">" It is " {state} "; Connect changes offsets only while it is STOPPED. "</span>
                                <button type="button" class="primary small" data-testid="offsets-stop" on:click=move |_| { step.dispatch(Step::Stop); }>"Stop connector"</button>
                            }.into_any()
                        }}
                    </li>
                    <li class=move || if stopped() { "step step-now" } else { "step" }>
                        <strong>"2. Change the offsets"</strong>
                        {if sink {
                            view! { <SinkRows rows=rows /> }.into_any()
                        } else {
                            view! {
                                <p class="hint">"Partitions and offsets are the connector's own; Debezium uses " <code>"{\"server\": topic.prefix}"</code> ". A null offset resets that partition."</p>
                                <textarea class="json-edit" rows="10" spellcheck="false" data-testid="offsets-editor"
                                    prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
                            }.into_any()
                        }}
                        <div class="row-actions">
                            <button type="button" class="primary small" data-testid="offsets-apply" disabled=move || !stopped() || busy.get() on:click=move |_| { step.dispatch(Step::Apply); }>"Apply offsets"</button>
                            <button type="button" class="danger small" data-testid="offsets-reset" disabled=move || !stopped() || busy.get() on:click=move |_| confirm_reset.set(true)>"Reset all offsets…"</button>
                        </div>
                    </li>
                    <li class="step">
                        <strong>"3. Resume"</strong>
                        <button type="button" class="primary small" data-testid="offsets-resume" disabled=move || !stopped() on:click=move |_| { step.dispatch(Step::Resume); }>"Resume connector"</button>
                        <button type="button" class="link" on:click=move |_| editing.set(false)>"Close"</button>
                    </li>
                </ol>
            </Show>
        </section>
        {move || confirm_reset.get().then(|| view! {
            <ConfirmDialog title="Reset all offsets?" confirm_label="Reset offsets" danger=true busy=busy
                on_confirm=move || { step.dispatch(Step::Reset); } on_cancel=move || confirm_reset.set(false)>
                <p>"On resume a source starts over (a Debezium source takes a new snapshot if its snapshot mode says so); a sink re-reads from its consumer's reset policy."</p>
            </ConfirmDialog>
        })}
    }
}

/// A PostgreSQL source's slot position, from the lag measurement (which reads the slot with
/// the connector's credentials); nothing is asked for other connectors.
fn slot_position(
    ctx: &Ctx,
) -> (
    Option<LocalResource<Result<ConnectorLag, ApiError>>>,
    Signal<Slot>,
) {
    let postgres = ctx.detail.with_untracked(|d| {
        d.as_ref()
            .and_then(|d| d.connector_class.as_deref())
            .is_some_and(|c| c.ends_with(".PostgresConnector"))
    });
    let lag = postgres.then(|| ctx.fetch(|c, n| async move { api::lag(&c, &n).await }));
    let slot = Signal::derive(move || {
        let Some(lag) = lag else {
            return Slot::None;
        };
        match lag.get() {
            None => Slot::Loading,
            Some(Err(e)) => Slot::Unknown(e.message),
            Some(Ok(l)) => match l.slot_confirmed_lsn {
                Some(lsn) => Slot::ConfirmedAt(lsn),
                None => Slot::Unknown(
                    l.figures
                        .into_iter()
                        .find_map(|f| f.unknown)
                        .unwrap_or_else(|| "the slot has confirmed nothing yet".to_owned()),
                ),
            },
        }
    });
    (lag, slot)
}

/// A source's offsets as typed: Connect's own JSON document.
fn parse_document(text: &str) -> Result<ConnectorOffsets, ApiError> {
    serde_json::from_str::<ConnectorOffsets>(text).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("not an offsets document: {e}"),
        )
        .with_field("offsets")
    })
}

#[component]
fn SinkRows(rows: RwSignal<Vec<SinkRow>>) -> impl IntoView {
    let edit = move |i: usize, f: fn(&mut SinkRow, String)| {
        move |e: leptos::ev::Event| {
            let v = event_target_value(&e);
            rows.update(|r| {
                if let Some(row) = r.get_mut(i) {
                    f(row, v)
                }
            });
        }
    };
    view! {
        <table class="offset-rows" data-testid="offsets-rows">
            <thead><tr><th>"Topic"</th><th>"Partition"</th><th>"Offset (empty = reset)"</th><th></th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().enumerate().map(|(i, r)| view! {
                    <tr>
                        <td><input aria-label="Topic" prop:value=r.topic on:change=edit(i, |row, v| row.topic = v) /></td>
                        <td><input aria-label="Partition" inputmode="numeric" prop:value=r.partition on:change=edit(i, |row, v| row.partition = v) /></td>
                        <td><input aria-label="Offset" inputmode="numeric" data-testid="offset-input" prop:value=r.offset on:change=edit(i, |row, v| row.offset = v) /></td>
                        <td><button type="button" class="link" on:click=move |_| rows.update(|r| { r.remove(i); })>"Remove"</button></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <button type="button" class="secondary small" data-testid="offsets-add-row" on:click=move |_| rows.update(|r| r.push(SinkRow { topic: String::new(), partition: "0".into(), offset: "0".into() }))>"Add partition"</button>
    }
}
