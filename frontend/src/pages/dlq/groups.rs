//! The queue's records grouped by what went wrong ("37 × DataException — Converting byte[] to
//! Kafka Connect data failed"), largest first; choosing a group lists its records.

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::dlq::{DlqGroups, ErrorGroup};

use super::filter::Browse;
use crate::components::Loaded;

#[component]
pub fn Groups(browse: Browse, groups: LocalResource<Result<DlqGroups, ApiError>>) -> impl IntoView {
    view! {
        <section class="panel" data-testid="dlq-groups">
            <div class="panel-head">
                <h2>"What went wrong"</h2>
                <button type="button" class="secondary small" data-testid="dlq-groups-refresh" on:click=move |_| groups.refetch()>"Group again"</button>
            </div>
            <Loaded resource=groups loading="Grouping the newest records…" view=move |g| group_list(browse, g) />
        </section>
    }
}

fn group_list(browse: Browse, g: DlqGroups) -> impl IntoView {
    if g.groups.is_empty() {
        return view! { <p class="hint" data-testid="dlq-groups-empty">"No records to group: the queue is empty."</p> }.into_any();
    }
    let partial = (!g.complete).then(|| {
        view! { <p class="hint" data-testid="dlq-groups-partial">{format!("Grouped from the newest {} records; older ones are not counted.", g.scanned)}</p> }
    });
    view! {
        <ul class="groups">{g.groups.into_iter().map(|group| view! { <GroupItem browse=browse group=group /> }).collect_view()}</ul>
        {partial}
    }
    .into_any()
}

#[component]
fn GroupItem(browse: Browse, group: ErrorGroup) -> impl IntoView {
    let ErrorGroup {
        exception_class,
        exception_message,
        count,
        first_offset,
        last_offset,
        topics,
    } = group;
    let short = exception_class
        .as_deref()
        .map(|c| c.rsplit('.').next().unwrap_or(c).to_owned());
    let topics = topics.into_iter().collect::<Vec<_>>().join(", ");
    let offsets = if first_offset == last_offset {
        format!("offset {first_offset}")
    } else {
        format!("offsets {first_offset}–{last_offset}")
    };
    let from = if topics.is_empty() {
        offsets
    } else {
        format!("from {topics} · {offsets}")
    };
    let Some(short) = short else {
        // Nothing to filter on: these records carry no context headers.
        return view! {
            <li class="group group-unknown" data-testid="dlq-group" data-count=count.to_string()>
                <span class="group-count">{format!("{count} ×")}</span>
                <span>"No error context"</span>
                <span class="hint">" — the connector wrote no " <code>"__connect.errors.*"</code> " headers, so nothing says why these failed. " {from}</span>
            </li>
        }
        .into_any();
    };
    let (class, message) = (exception_class.clone(), exception_message.clone());
    let active = Signal::derive(move || browse.shows_group(class.as_deref(), message.as_deref()));
    let (class, message) = (exception_class.clone(), exception_message.clone());
    view! {
        <li class="group">
            <button type="button" class=move || if active.get() { "group-pick group-on" } else { "group-pick" }
                data-testid="dlq-group" data-exception=exception_class.clone().unwrap_or_default() data-count=count.to_string()
                aria-pressed=move || active.get().to_string() title="List these records"
                on:click=move |_| browse.show_group(class.clone(), message.clone())>
                <span class="group-count">{format!("{count} ×")}</span>
                <strong title=exception_class.clone().unwrap_or_default()>{short}</strong>
                {exception_message.clone().map(|m| view! { <span class="group-message">" — " {m}</span> })}
                <span class="hint group-from">{from}</span>
            </button>
        </li>
    }
    .into_any()
}
