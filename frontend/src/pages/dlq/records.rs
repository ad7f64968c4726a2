//! The queue's records, newest first, a page at a time: "Load older" goes on from the
//! server's cursor and says how many records were read when the filter skipped some. Each
//! record opens in place; checkboxes select records to redrive.

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::dlq::{DlqPage, RecordRef, Selection};
use sluice_shared::policy::Action as Permission;
use sluice_shared::records::Record;

use super::filter::Browse;
use super::queue::Queue;
use super::record::RecordDetail;
use super::redrive::Ask;
use crate::api::{self, RecordsQuery};
use crate::components::ErrorNotice;
use crate::components::time::{live_ago, local_time};

/// The pages read so far for one filter.
#[derive(Debug, Clone, Default)]
struct Listing {
    records: Vec<Record>,
    next: Option<String>,
    scanned: u64,
    budget_spent: bool,
}

impl Listing {
    fn add(&mut self, page: DlqPage) {
        self.records.extend(page.records);
        self.next = page.next;
        self.scanned += page.scanned;
        self.budget_spent = page.budget_spent;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Reading,
    Failed,
    /// Every record was read and none is listed.
    Empty,
    /// None of the records read so far matched; older ones may.
    NoMatchYet(u64),
    Rows,
}

fn place(r: &Record) -> RecordRef {
    RecordRef {
        partition: r.partition,
        offset: r.offset,
    }
}

#[component]
pub fn Records(q: Queue, browse: Browse, ask: RwSignal<Option<Ask>>) -> impl IntoView {
    // Another filter reads from the newest record again: the list starts over.
    move || {
        let query = browse.applied.get();
        view! { <RecordList q=q.clone() browse=browse query=query ask=ask /> }
    }
}

#[component]
fn RecordList(
    q: Queue,
    browse: Browse,
    query: RecordsQuery,
    ask: RwSignal<Option<Ask>>,
) -> impl IntoView {
    let listing = RwSignal::new(None::<Listing>);
    let read = Action::new_local({
        let (c, n, query) = (q.cluster.clone(), q.name.clone(), query.clone());
        move |cursor: &Option<String>| {
            let query = RecordsQuery {
                cursor: cursor.clone(),
                ..query.clone()
            };
            let (c, n) = (c.clone(), n.clone());
            async move {
                let page = api::dlq_records(&c, &n, &query).await?;
                listing.try_update(|l| l.get_or_insert_default().add(page));
                Ok::<_, ApiError>(())
            }
        }
    });
    read.dispatch(None);
    let may_redrive = {
        let q = q.clone();
        Signal::derive(move || q.allows(Permission::ReplayDlq))
    };
    let selected = browse.selected;
    let filtered = !query.filter.is_empty() || query.until_ms.is_some();
    let failure = move || read.value().get().and_then(Result::err);
    let read_on = move || {
        let cursor = listing.with_untracked(|l| l.as_ref().and_then(|l| l.next.clone()));
        read.dispatch(cursor);
    };
    let on_redrive = Callback::new(move |at: RecordRef| {
        ask.set(Some(Ask {
            selection: Selection::Records { records: vec![at] },
            time_jump: false,
        }))
    });
    let toolbar = {
        let query = query.clone();
        move || {
            let query = query.clone();
            let redrive_selected = move |_| {
                let records = selected.get_untracked().into_iter().collect();
                ask.set(Some(Ask {
                    selection: Selection::Records { records },
                    time_jump: false,
                }));
            };
            let redrive_matching = move |_| {
                ask.set(Some(Ask {
                    selection: Selection::Filter {
                        filter: query.filter.clone(),
                    },
                    time_jump: query.until_ms.is_some(),
                }));
            };
            view! {
                <div class="dlq-toolbar" data-testid="dlq-toolbar">
                    {may_redrive.get().then(|| view! {
                        <span data-testid="selected-count">{move || format!("{} selected", selected.with(|s| s.len()))}</span>
                        <button type="button" class="secondary small" data-testid="redrive-selected"
                            disabled=move || selected.with(|s| s.is_empty()) on:click=redrive_selected>"Redrive selected…"</button>
                        <button type="button" class="secondary small" data-testid="redrive-matching" on:click=redrive_matching>
                            {if filtered { "Redrive all matching the filter…" } else { "Redrive all…" }}
                        </button>
                    })}
                    <span class="hint dlq-count" data-testid="dlq-scanned">{move || listing.with(|l| l.as_ref().map(|l| {
                        let shown = l.records.len();
                        if l.scanned > shown as u64 {
                            format!("{shown} shown, {} read to find them", l.scanned)
                        } else {
                            format!("{shown} shown")
                        }
                    }))}</span>
                </div>
            }
        }
    };
    let all_selected = move || {
        listing.with(|l| {
            l.as_ref().is_some_and(|l| {
                !l.records.is_empty()
                    && selected.with(|s| l.records.iter().all(|r| s.contains(&place(r))))
            })
        })
    };
    let toggle_all = move |_| {
        let every = all_selected();
        listing.with_untracked(|l| {
            selected.update(|s| {
                for r in l.iter().flat_map(|l| &l.records) {
                    if every {
                        s.remove(&place(r));
                    } else {
                        s.insert(place(r));
                    }
                }
            })
        });
    };
    // What the panel shows; a memo, so another page of rows extends the table instead of
    // rebuilding it (opened records stay open).
    let shape = Memo::new(move |_| {
        listing.with(|l| match l {
            None if read.pending().get() => Shape::Reading,
            None => Shape::Failed,
            Some(l) if !l.records.is_empty() => Shape::Rows,
            Some(l) if l.next.is_some() => Shape::NoMatchYet(l.scanned),
            Some(_) => Shape::Empty,
        })
    });
    let q_rows = q.clone();
    let table = move || {
        let q = q_rows.clone();
        view! {
            <table class="connectors dlq-records" data-testid="dlq-records">
                <thead><tr>
                    {may_redrive.get().then(|| view! {
                        <th class="check"><input type="checkbox" aria-label="Select every listed record" data-testid="record-select-all"
                            prop:checked=all_selected on:change=toggle_all /></th>
                    })}
                    <th>"Written"</th><th>"Partition:offset"</th><th>"Consumed from"</th><th>"Exception"</th><th>"Message"</th><th></th>
                </tr></thead>
                <tbody>
                    <For each=move || listing.with(|l| l.as_ref().map(|l| l.records.clone()).unwrap_or_default())
                        key=place
                        children=move |r| view! { <RecordRow record=r q=q.clone() selected=selected may_redrive=may_redrive on_redrive=on_redrive /> } />
                </tbody>
            </table>
        }
    };
    view! {
        <section class="panel" data-testid="dlq-records-panel">
            <div class="panel-head"><h2>"Records, newest first"</h2></div>
            {toolbar}
            {move || match shape.get() {
                Shape::Reading => view! { <p class="loading">"Reading the queue…"</p> }.into_any(),
                Shape::Failed => failure().map(|e| view! {
                    <ErrorNotice error=e />
                    <button type="button" class="secondary small" on:click=move |_| { read.dispatch(None); }>"Try again"</button>
                }).into_any(),
                Shape::Empty if filtered => view! {
                    <div class="empty" data-testid="dlq-no-matches">
                        <h3>"No record matches"</h3>
                        <p>"Every record of the queue was read."</p>
                        <button type="button" class="secondary" on:click=move |_| browse.clear()>"Clear the filter"</button>
                    </div>
                }.into_any(),
                Shape::Empty => view! {
                    <div class="empty" data-testid="dlq-empty">
                        <h3>"The queue is empty"</h3>
                        <p>"Every record this connector consumed went through (or retention has deleted the ones that failed)."</p>
                    </div>
                }.into_any(),
                Shape::NoMatchYet(scanned) => view! {
                    <div class="empty" data-testid="dlq-no-matches">
                        <h3>"No match yet"</h3>
                        <p>{format!("None of the newest {scanned} records read matches; older ones may.")}</p>
                        <button type="button" class="secondary" data-testid="dlq-load-older" disabled=move || read.pending().get()
                            on:click=move |_| read_on()>"Read further"</button>
                    </div>
                }.into_any(),
                Shape::Rows => table().into_any(),
            }}
            {move || listing.with(|l| l.as_ref().filter(|l| !l.records.is_empty()).map(|l| (l.next.is_some(), l.budget_spent, l.scanned))).map(|(more, spent, scanned)| view! {
                <div class="pager">
                    {spent.then(|| view! { <span class="hint" data-testid="dlq-budget-spent">{format!("Reading stopped after {scanned} records without filling the page; “Load older” reads on.")}</span> })}
                    {if more {
                        view! {
                            <button type="button" class="secondary small" data-testid="dlq-load-older" disabled=move || read.pending().get()
                                on:click=move |_| read_on()>{move || if read.pending().get() { "Reading…" } else { "Load older" }}</button>
                        }.into_any()
                    } else {
                        view! { <span class="hint" data-testid="dlq-oldest">"The oldest record the queue holds."</span> }.into_any()
                    }}
                </div>
            })}
            // A later page that failed: the records already listed stay.
            {move || listing.with(|l| l.is_some()).then(failure).flatten().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

#[component]
fn RecordRow(
    record: Record,
    q: Queue,
    selected: RwSignal<std::collections::BTreeSet<RecordRef>>,
    may_redrive: Signal<bool>,
    on_redrive: Callback<RecordRef>,
) -> impl IntoView {
    let at = place(&record);
    let open = RwSignal::new(false);
    let error = record.error.clone().unwrap_or_default();
    let short = error.exception_short().map(str::to_owned);
    let short_shown = short.clone().unwrap_or_else(|| "—".into());
    let origin = error
        .topic
        .clone()
        .map(|t| match (error.partition, error.offset) {
            (Some(p), Some(o)) => format!("{t} [{p}] @{o}"),
            _ => t,
        });
    let label = format!("{}:{}", at.partition, at.offset);
    let columns = if may_redrive.get_untracked() { 7 } else { 6 };
    view! {
        <tr data-testid="dlq-record" data-partition=at.partition.to_string() data-offset=at.offset.to_string()
            data-exception=short.clone().unwrap_or_default() class=move || if open.get() { "record-open" } else { "" }>
            {may_redrive.get_untracked().then(|| view! {
                <td class="check"><input type="checkbox" data-testid="record-select" aria-label=format!("Select record {label}")
                    prop:checked=move || selected.with(|s| s.contains(&at))
                    on:change=move |e| { let on = event_target_checked(&e); selected.update(|s| { if on { s.insert(at); } else { s.remove(&at); } }); } /></td>
            })}
            <td class="worker" title=local_time(record.timestamp_ms)>{live_ago(record.timestamp_ms)}</td>
            <td><code>{label.clone()}</code></td>
            <td class="worker">{origin.unwrap_or_else(|| "—".into())}</td>
            <td title=error.exception_class.clone().unwrap_or_default()>{short_shown}</td>
            <td class="record-message">{error.exception_message.clone().unwrap_or_default()}</td>
            <td class="actions">
                <button type="button" class="secondary small" data-testid="record-expand" aria-expanded=move || open.get().to_string()
                    aria-label=move || format!("{} record {label}", if open.get() { "Close" } else { "Open" })
                    on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Close" } else { "Open" }}</button>
            </td>
        </tr>
        {move || open.get().then(|| view! {
            <tr class="record-detail-row"><td colspan=columns.to_string()>
                <RecordDetail record=record.clone() q=q.clone() on_redrive=may_redrive.get_untracked().then_some(on_redrive) />
            </td></tr>
        })}
    }
}
