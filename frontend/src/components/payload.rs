//! A record's key or value as decoded by the server: pretty JSON, text or hex, each copyable,
//! a Debezium envelope read as its change, and a "Show all" when the server cut it.

use leptos::prelude::*;
use sluice_shared::change_event::{Decoded, Event, Shown};

use super::change_event::ChangeView;
use super::copy_button::CopyButton;

/// `1.5 KiB`, `2.3 MiB`.
pub fn bytes(n: usize) -> String {
    match n {
        0..1024 => format!("{n} B"),
        1024..1_048_576 => format!("{:.1} KiB", n as f64 / 1024.0),
        _ => format!("{:.1} MiB", n as f64 / 1_048_576.0),
    }
}

/// Hex as 16 bytes a line, bytes spaced: readable, and still plain hex when copied.
fn hex_lines(hex: &str) -> String {
    hex.as_bytes()
        .chunks(32)
        .map(|line| {
            line.chunks(2)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn Payload(
    /// "Key" or "Value".
    label: &'static str,
    decoded: Decoded,
    /// Asks for the record uncut; offered when the server cut this payload.
    #[prop(optional)]
    on_show_all: Option<Callback<()>>,
    /// Reads JSON as a Debezium change event where it is one.
    #[prop(optional)]
    events: bool,
    /// True while the uncut record is on its way.
    #[prop(optional, into)]
    loading_all: Signal<bool>,
) -> impl IntoView {
    let Decoded {
        shown,
        size,
        truncated,
    } = decoded;
    let kind = match &shown {
        Shown::Null => "null",
        Shown::Json(_) => "json",
        Shown::Text(_) => "text",
        Shown::Hex(_) => "hex",
    };
    let copy = match &shown {
        Shown::Null => None,
        Shown::Json(v) => Some(serde_json::to_string_pretty(v).unwrap_or_default()),
        Shown::Text(t) | Shown::Hex(t) => Some(t.clone()),
    };
    let event = match (&shown, events) {
        (Shown::Json(_), true) => Some(Event::read(&shown)),
        _ => None,
    };
    // What was kept of a cut payload: its text, or its hex at two characters a byte.
    let kept = match &shown {
        Shown::Text(t) => t.len(),
        Shown::Hex(h) => h.len() / 2,
        Shown::Null | Shown::Json(_) => size,
    };
    let raw_open = RwSignal::new(false);
    let body = match (shown, event) {
        (Shown::Null, _) => view! { <p class="hint payload-null">"null"</p> }.into_any(),
        (Shown::Json(_), Some(Event::Change(c))) => {
            let raw = copy.clone().unwrap_or_default();
            view! {
                <ChangeView event=c />
                <button type="button" class="secondary small" aria-expanded=move || raw_open.get().to_string()
                    data-testid="payload-raw-toggle" on:click=move |_| raw_open.update(|o| *o = !*o)>
                    {move || if raw_open.get() { "Hide JSON" } else { "Show JSON" }}
                </button>
                {move || raw_open.get().then(|| view! { <pre class="json payload-body">{raw.clone()}</pre> })}
            }
            .into_any()
        }
        (Shown::Json(_), Some(Event::SchemaChange { ddl })) => view! {
            <p><span class="badge op" data-testid="op" data-op="ddl">"schema change"</span></p>
            {ddl.map(|d| view! { <pre class="json payload-body" data-testid="ddl">{d}</pre> })}
        }
        .into_any(),
        (Shown::Json(_), _) => {
            view! { <pre class="json payload-body">{copy.clone().unwrap_or_default()}</pre> }
                .into_any()
        }
        (Shown::Text(t), _) => {
            view! { <pre class="payload-text payload-body">{t}</pre> }.into_any()
        }
        (Shown::Hex(h), _) => {
            view! { <pre class="payload-text payload-body">{hex_lines(&h)}</pre> }.into_any()
        }
    };
    view! {
        <section class="payload" data-testid="payload" data-part=label.to_lowercase() data-kind=kind>
            <div class="payload-head">
                <strong>{label}</strong>
                <span class="hint">{match kind { "null" => "null".to_owned(), k => format!("{k}, {}", bytes(size)) }}</span>
                {copy.map(|text| view! { <CopyButton text=text label=format!("Copy {}", label.to_lowercase()) /> })}
            </div>
            {truncated.then(|| view! {
                <p class="hint" data-testid="payload-truncated">{format!("Cut: the first {} of {} are shown.", bytes(kept), bytes(size))}
                    {on_show_all.map(|show| view! {
                        " " <button type="button" class="secondary small" data-testid="show-all"
                            disabled=move || loading_all.get() on:click=move |_| show.run(())>
                            {move || if loading_all.get() { "Loading…" } else { "Show all" }}
                        </button>
                    })}
                </p>
            })}
            {body}
        </section>
    }
}
