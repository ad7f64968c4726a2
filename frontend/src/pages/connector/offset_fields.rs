//! A source's committed offsets field by field, as people read them: PostgreSQL LSNs also in
//! PostgreSQL's `0/1D58048` form, event times as UTC date-times, and where a PostgreSQL
//! source's replication slot has confirmed up to, beside the offset it should follow.

use leptos::prelude::*;
use sluice_shared::ConnectorOffsets;
use sluice_shared::offsets::readable::{SlotGap, confirmable_lsn, format_lsn, readable_fields};

/// What is known of the connector's replication slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Not a PostgreSQL source: no slot to show.
    None,
    Loading,
    /// Its `confirmed_flush_lsn`.
    ConfirmedAt(u64),
    /// Why its position could not be read.
    Unknown(String),
}

#[component]
pub fn OffsetFields(
    offsets: ConnectorOffsets,
    #[prop(into)] slot_at: Signal<Slot>,
) -> impl IntoView {
    view! {
        <div class="offset-readable" data-testid="offsets-readable">
            {offsets.offsets.into_iter().map(|p| {
                let partition = serde_json::to_string(&p.partition).unwrap_or_default();
                let offset = p.offset.unwrap_or_default();
                let confirmable = confirmable_lsn(&offset);
                let rows = readable_fields(&offset).into_iter().map(|f| view! {
                    <tr data-key=f.key.clone()>
                        <th><code>{f.key.clone()}</code></th>
                        <td class="offset-value">{f.value}</td>
                        <td class="offset-readable-value" data-testid="offset-readable">{f.readable}</td>
                    </tr>
                }).collect_view();
                view! {
                    <table class="offset-fields" data-testid="offset-partition">
                        <caption>"Partition " <code>{partition}</code></caption>
                        <tbody>{rows}</tbody>
                    </table>
                    {confirmable.map(|lsn| view! { <SlotLine offset_lsn=lsn slot_at=slot_at /> })}
                }
            }).collect_view()}
        </div>
    }
}

/// "slot confirmed at 0/…" beside the offset's own position, and what a difference means.
#[component]
fn SlotLine(offset_lsn: u64, slot_at: Signal<Slot>) -> impl IntoView {
    move || slot_line(offset_lsn, slot_at.get())
}

fn slot_line(offset_lsn: u64, slot: Slot) -> AnyView {
    match slot {
        Slot::None => ().into_any(),
        Slot::Loading => {
            view! { <p class="hint slot-position">"Reading the replication slot…"</p> }.into_any()
        }
        Slot::Unknown(why) => view! {
            <p class="hint slot-position" data-testid="slot-unknown">"Slot position unknown: " {why}</p>
        }
        .into_any(),
        Slot::ConfirmedAt(lsn) => view! {
            <div class="slot-position" data-testid="slot-confirmed" data-lsn=lsn.to_string()>
                <p>"Slot confirmed at " <code>{format_lsn(lsn)}</code>
                    "; the offset's position is " <code>{format_lsn(offset_lsn)}</code> "."</p>
                <p class="hint">{SlotGap::between(offset_lsn, lsn).explanation()}</p>
            </div>
        }
        .into_any(),
    }
}
