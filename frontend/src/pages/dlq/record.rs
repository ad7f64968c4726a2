//! One dead-letter record opened: why it failed (Connect's context headers decoded, the stack
//! trace copyable), its key and value (JSON, text or hex; a Debezium envelope as its change),
//! fetched whole when the list cut it, and its other headers.

use leptos::prelude::*;
use sluice_shared::dlq::{ErrorContext, RecordRef, Stage};
use sluice_shared::records::{Header, Record};

use super::queue::Queue;
use crate::api;
use crate::components::{CopyButton, ErrorNotice, Payload, Trace};

#[component]
pub fn RecordDetail(
    record: Record,
    q: Queue,
    /// Opens the redrive dialog for this record; `None` for who may not redrive.
    on_redrive: Option<Callback<RecordRef>>,
) -> impl IntoView {
    let at = RecordRef {
        partition: record.partition,
        offset: record.offset,
    };
    let full = RwSignal::new(None::<Record>);
    let fetch_all = Action::new_local({
        let (c, n) = (q.cluster.clone(), q.name.clone());
        move |_: &()| {
            let (c, n) = (c.clone(), n.clone());
            async move {
                let r = api::dlq_record(&c, &n, at.partition, at.offset).await?;
                full.try_set(Some(r));
                Ok::<_, sluice_shared::ApiError>(())
            }
        }
    });
    let show_all = Callback::new(move |()| {
        fetch_all.dispatch(());
    });
    let loading_all = fetch_all.pending();
    let json = serde_json::to_string_pretty(&record).unwrap_or_default();
    let error = record.error.clone();
    let headers = record.headers.clone();
    let payloads = move || {
        match full.get() {
        // Whole (up to the server's hard limit): nothing more to ask for.
        Some(r) => view! {
            <div class="payloads">
                <Payload label="Key" decoded=r.key />
                <Payload label="Value" decoded=r.value events=true />
            </div>
        }
        .into_any(),
        None => view! {
            <div class="payloads">
                <Payload label="Key" decoded=record.key.clone() on_show_all=show_all loading_all=loading_all />
                <Payload label="Value" decoded=record.value.clone() on_show_all=show_all loading_all=loading_all events=true />
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <div class="record-detail" data-testid="record-detail">
            <div class="row-actions">
                <CopyButton text=json label="Copy record as JSON" />
                {on_redrive.map(|redrive| view! {
                    <button type="button" class="secondary small" data-testid="record-redrive"
                        on:click=move |_| redrive.run(at)>"Redrive this record…"</button>
                })}
            </div>
            <ErrorFields error=error />
            {move || fetch_all.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {payloads}
            <Headers headers=headers />
        </div>
    }
}

fn stage_name(stage: &Stage) -> String {
    // Connect's own names (VALUE_CONVERTER, TASK_PUT…), as its logs and docs spell them.
    serde_json::to_value(stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[component]
fn ErrorFields(error: Option<ErrorContext>) -> impl IntoView {
    let Some(e) = error else {
        return view! {
            <p class="notice notice-warn" data-testid="no-error-context">
                "No error context: the connector writes no " <code>"__connect.errors.*"</code>
                " headers, so nothing says why this record failed or where it came from. Set "
                <code>"errors.deadletterqueue.context.headers.enable=true"</code> " for the records that fail from now on."
            </p>
        }
        .into_any();
    };
    let text = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let num = |v: Option<i64>| v.map_or_else(|| "—".into(), |n| n.to_string());
    let origin = match (&e.topic, e.partition, e.offset) {
        (Some(t), p, o) => format!(
            "{t}, partition {}, offset {}",
            num(p.map(i64::from)),
            num(o)
        ),
        (None, _, _) => "—".into(),
    };
    let trace = e.stacktrace.clone();
    view! {
        <section class="error-context" data-testid="error-context">
            <h3>"Why it failed"</h3>
            <dl class="facts">
                <dt>"Consumed from"</dt><dd data-testid="error-origin">{origin}</dd>
                <dt>"Connector"</dt><dd>{text(e.connector.clone())}{e.task.map(|t| format!(", task {t}"))}</dd>
                <dt>"Stage"</dt><dd data-testid="error-stage">{e.stage.as_ref().map_or_else(|| "—".into(), stage_name)}</dd>
                <dt>"Running"</dt><dd><code>{text(e.class_name.clone())}</code></dd>
                <dt>"Exception"</dt><dd data-testid="error-exception"><code>{text(e.exception_class.clone())}</code></dd>
                <dt>"Message"</dt><dd class="error-message" data-testid="error-message">{text(e.exception_message.clone())}</dd>
            </dl>
            {trace.map(|t| view! { <Trace label="Stack trace".to_owned() trace=t /> })}
        </section>
    }
    .into_any()
}

#[component]
fn Headers(headers: Vec<Header>) -> impl IntoView {
    if headers.is_empty() {
        return view! { <p class="hint">"No other headers."</p> }.into_any();
    }
    view! {
        <table class="diff record-headers" data-testid="record-headers">
            <thead><tr><th>"Header"</th><th>"Value"</th></tr></thead>
            <tbody>
                {headers.into_iter().map(|h| view! {
                    <tr data-key=h.name.clone()>
                        <td><code>{h.name.clone()}</code></td>
                        <td>{match h.value {
                            None => view! { <span class="hint">"null"</span> }.into_any(),
                            Some(v) if h.hex => view! { <code>{v}</code> " " <span class="hint">"(hex)"</span> }.into_any(),
                            Some(v) => v.into_any(),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
