//! Which records the queue page lists: the filter as typed, the one applied (a new one reads
//! from the newest record again), and the records selected among those listed.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::dlq::{DlqFilter, DlqGroups, RecordRef};
use wasm_bindgen::JsValue;

use crate::api::RecordsQuery;

/// The filter bar's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub exception: String,
    /// Set by choosing a group: the message must match exactly, so it is not typed.
    pub message: String,
    pub topic: String,
    pub text: String,
    /// `<input type=datetime-local>`'s value, local time.
    pub before: String,
}

impl Draft {
    fn query(&self) -> RecordsQuery {
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        RecordsQuery {
            filter: DlqFilter {
                exception: given(&self.exception),
                message: given(&self.message),
                topic: given(&self.topic),
                text: given(&self.text),
            },
            until_ms: local_ms(&self.before),
            cursor: None,
        }
    }
}

/// A `datetime-local` value (`2025-05-01T10:30`) as ms since the epoch; the browser reads a
/// date-time without an offset as local time.
fn local_ms(value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    ms.is_finite().then_some(ms as i64)
}

#[derive(Clone, Copy)]
pub struct Browse {
    pub draft: RwSignal<Draft>,
    pub applied: RwSignal<RecordsQuery>,
    pub selected: RwSignal<BTreeSet<RecordRef>>,
}

impl Browse {
    pub fn new() -> Self {
        Self {
            draft: RwSignal::new(Draft::default()),
            applied: RwSignal::new(RecordsQuery::default()),
            selected: RwSignal::new(BTreeSet::new()),
        }
    }

    /// The typed filter becomes the listed one; a selection among other records would mislead.
    pub fn apply(&self) {
        let query = self.draft.with_untracked(Draft::query);
        self.selected.set(BTreeSet::new());
        self.applied.set(query);
    }

    /// Lists one group's records: its exception and message, nothing else.
    pub fn show_group(&self, exception: Option<String>, message: Option<String>) {
        self.draft.set(Draft {
            exception: exception.unwrap_or_default(),
            message: message.unwrap_or_default(),
            ..Draft::default()
        });
        self.apply();
    }

    pub fn clear(&self) {
        self.draft.set(Draft::default());
        self.apply();
    }

    /// Whether the listed records are one group's.
    pub fn shows_group(&self, exception: Option<&str>, message: Option<&str>) -> bool {
        self.applied.with(|q| {
            q.filter.exception.as_deref() == exception
                && q.filter.message.as_deref() == message
                && q.filter.topic.is_none()
                && q.filter.text.is_none()
        })
    }
}

#[component]
pub fn FilterBar(
    browse: Browse,
    groups: LocalResource<Result<DlqGroups, ApiError>>,
) -> impl IntoView {
    let draft = browse.draft;
    let field = move |get: fn(&Draft) -> &String| move || draft.with(|d| get(d).clone());
    let set = move |put: fn(&mut Draft, String)| {
        move |e: leptos::ev::Event| {
            let v = event_target_value(&e);
            draft.update(|d| put(d, v));
        }
    };
    // Suggestions from the groups, so the common cases need no typing.
    let known = move |pick: fn(&sluice_shared::dlq::ErrorGroup) -> Vec<String>| {
        move || {
            let mut all: Vec<String> = groups
                .get()
                .and_then(Result::ok)
                .map(|g| g.groups.iter().flat_map(pick).collect())
                .unwrap_or_default();
            all.sort();
            all.dedup();
            all.into_iter()
                .map(|v| view! { <option value=v /> })
                .collect_view()
        }
    };
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        browse.apply();
    };
    view! {
        <form class="panel form-row dlq-filter" data-testid="dlq-filter" on:submit=submit>
            <label>"Exception"
                <input data-testid="filter-exception" placeholder="DataException" list="dlq-exceptions" autocomplete="off"
                    prop:value=field(|d| &d.exception) on:input=set(|d, v| d.exception = v) />
            </label>
            <label>"Original topic"
                <input data-testid="filter-topic" list="dlq-topics" autocomplete="off"
                    prop:value=field(|d| &d.topic) on:input=set(|d, v| d.topic = v) />
            </label>
            <label>"Text"
                <input type="search" data-testid="filter-text" placeholder="key, value, headers, message"
                    prop:value=field(|d| &d.text) on:input=set(|d, v| d.text = v) />
            </label>
            <label>"Written before"
                <input type="datetime-local" data-testid="filter-before"
                    prop:value=field(|d| &d.before) on:input=set(|d, v| d.before = v) />
            </label>
            <button type="submit" class="primary" data-testid="filter-apply">"Show records"</button>
            <button type="button" class="secondary" data-testid="filter-clear" on:click=move |_| browse.clear()>"Clear"</button>
            {move || draft.with(|d| (!d.message.is_empty()).then(|| d.message.clone())).map(|m| view! {
                <span class="chip filter-message" data-testid="filter-message" title=m.clone()>
                    "message: " {m.clone()}
                    <button type="button" class="chip-remove" aria-label="Remove the message filter"
                        on:click=move |_| { draft.update(|d| d.message.clear()); browse.apply(); }>"×"</button>
                </span>
            })}
            <datalist id="dlq-exceptions">{known(|g| g.exception_class.iter().cloned().collect())}</datalist>
            <datalist id="dlq-topics">{known(|g| g.topics.iter().cloned().collect())}</datalist>
        </form>
    }
}
