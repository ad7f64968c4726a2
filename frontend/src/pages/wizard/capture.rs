//! Step 3: what to capture. Tables come from the real catalog (with the connector's own
//! credentials); include / exclude patterns and column exclusions are previewed live with
//! Debezium's matching rule, and ticking a table writes its exact pattern.

use leptos::prelude::*;
use sluice_shared::catalog::{Patterns, ToggleRefused, preview, split_list, toggle_table};
use sluice_shared::templates::{Answers, Kind};

use super::fields::{FieldError, first_error};
use super::nav::StepNav;
use super::state::Wizard;
use crate::components::ErrorNotice;

/// Reads the catalog again; the preview waits for the new list.
fn load(w: Wizard, kind: Kind) {
    w.catalog.clear();
    w.catalog.dispatch(w.probe(kind));
}

/// A comma-separated pattern list bound to one of the answers' lists. The text is kept as
/// typed (a trailing comma survives); the list is what the config gets.
#[component]
fn PatternInput(
    w: Wizard,
    label: &'static str,
    id: &'static str,
    get: fn(&Answers) -> Vec<String>,
    set: fn(&mut Answers, Vec<String>),
    text: RwSignal<String>,
    help: &'static str,
) -> impl IntoView {
    let errors = Memo::new(move |_| {
        match Patterns::parse(&w.answers.with(get)) {
        Ok(_) => Vec::new(),
        Err(errs) => errs
            .into_iter()
            .map(|e| {
                format!(
                    "Cannot preview `{}` ({}). Debezium reads Java regular expressions: Connect's validation at review decides.",
                    e.pattern,
                    e.message.lines().last().unwrap_or("").trim()
                )
            })
            .collect(),
    }
    });
    view! {
        <div class="wizard-field">
            <label><span class="field-label">{label}</span>
                <input type="text" data-testid=format!("answer-{id}") autocomplete="off" spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |e| { let v = event_target_value(&e); w.answers.update(|a| set(a, split_list(&v))); text.set(v); } />
            </label>
            <p class="field-doc">{help}</p>
            {move || errors.get().into_iter().map(|m| view! { <p class="field-warn" data-testid="pattern-warning">{m}</p> }).collect_view()}
        </div>
    }
}

#[component]
pub fn CaptureStep(w: Wizard) -> impl IntoView {
    let kind = w.kind().unwrap_or(Kind::Postgres);
    let listable = matches!(kind, Kind::Postgres | Kind::MySql | Kind::MariaDb);
    if listable && w.catalog.value().with_untracked(Option::is_none) {
        load(w, kind);
    }
    let include = RwSignal::new(w.answers.with_untracked(|a| a.table_include.join(", ")));
    let exclude = RwSignal::new(w.answers.with_untracked(|a| a.table_exclude.join(", ")));
    let columns = RwSignal::new(w.answers.with_untracked(|a| a.column_exclude.join(", ")));
    let identifier = match kind {
        Kind::Postgres | Kind::SqlServer | Kind::Oracle => "schema.table",
        Kind::MongoDb => "database.collection",
        _ => "database.table",
    };
    let (inc_label, exc_label) = if kind == Kind::MongoDb {
        ("Collections to capture", "Collections to leave out")
    } else {
        ("Tables to capture", "Tables to leave out")
    };
    let selection = Memo::new(move |_| {
        let tables = match w.catalog.value().get() {
            Some(Ok(c)) => c.tables,
            _ => return None,
        };
        w.answers.with(|a| {
            let inc = Patterns::parse(&a.table_include).ok()?;
            let exc = Patterns::parse(&a.table_exclude).ok()?;
            let col = Patterns::parse(&a.column_exclude).ok()?;
            Some(
                tables
                    .iter()
                    .zip(preview(&tables, &inc, &exc, &col))
                    .map(|(t, s)| (t.clone(), s))
                    .collect::<Vec<_>>(),
            )
        })
    });
    // Ticking writes an include list (see `toggle_table`): a table created later is never
    // captured unseen because someone unticked another.
    let refused = RwSignal::new(false);
    let toggle = move |identifier: String, captured: bool| {
        let captured_now: Vec<String> = selection
            .get_untracked()
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, s)| s.captured)
            .map(|(_, s)| s.identifier)
            .collect();
        let mut outcome = Ok(());
        w.answers.update(|a| {
            outcome = toggle_table(
                &mut a.table_include,
                &mut a.table_exclude,
                &identifier,
                captured,
                &captured_now,
            );
        });
        refused.set(outcome == Err(ToggleRefused::LastTable));
        w.answers.with_untracked(|a| {
            include.set(a.table_include.join(", "));
            exclude.set(a.table_exclude.join(", "));
        });
    };
    // A pattern the preview cannot read (Java-only syntax such as lookarounds) does not block:
    // Debezium's own validation at review is the judge.
    let blocked = Signal::derive(move || first_error(w, &["table_exclude"]));
    view! {
        <form class="panel wizard-panel" data-testid="wizard-capture"
            on:submit=move |e| { e.prevent_default(); if blocked.get_untracked().is_none() { w.next() } }>
            <h2>"What to capture"</h2>
            <p class="hint">{format!("Comma-separated regular expressions, each matched against the whole {identifier} (case-insensitive). Leave both lists empty to capture everything, tables created later included. Ticking tables below writes an include list: a table created later is captured only if a pattern names it. Use an include list or an exclude list, not both.")}</p>
            <div class="form-grid">
                <PatternInput w=w label=inc_label id="table_include" text=include
                    get=|a| a.table_include.clone() set=|a, v| a.table_include = v
                    help="e.g. public\\.orders, public\\.order_.*" />
                <PatternInput w=w label=exc_label id="table_exclude" text=exclude
                    get=|a| a.table_exclude.clone() set=|a, v| a.table_exclude = v
                    help="e.g. audit\\..*" />
                {(kind != Kind::MongoDb).then(|| view! {
                    <PatternInput w=w label="Columns to leave out" id="column_exclude" text=columns
                        get=|a| a.column_exclude.clone() set=|a, v| a.column_exclude = v
                        help="Matched against schema.table.column: e.g. public\\.customers\\.ssn" />
                })}
            </div>
            <FieldError w=w field="table_exclude" />
            {listable.then(|| view! {
                <div class="panel-head">
                    <h3>"Preview"</h3>
                    <span class="hint" data-testid="capture-summary">{move || match (selection.get(), w.catalog.value().with(|c| matches!(c, Some(Ok(_))))) {
                        (Some(s), _) => {
                            let n = s.iter().filter(|(_, sel)| sel.captured).count();
                            format!("{n} of {} tables captured", s.len())
                        }
                        (None, true) => "No preview while a pattern cannot be read".to_owned(),
                        (None, false) => String::new(),
                    }}</span>
                    <button type="button" class="secondary small" on:click=move |_| load(w, kind)>"Reload tables"</button>
                </div>
                {move || refused.get().then(|| view! {
                    <p class="field-warn" role="status" data-testid="capture-last-table">"At least one table stays ticked: with no table named, the connector would capture every table."</p>
                })}
                {move || match w.catalog.value().get() {
                    None => view! { <p class="loading">"Reading the catalog…"</p> }.into_any(),
                    Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                    Some(Ok(c)) if c.tables.is_empty() => view! {
                        <div class="empty"><h3>"No tables visible"</h3>
                        <p>"This user sees no tables in this database. Grant SELECT on the tables to capture, then reload."</p></div>
                    }.into_any(),
                    Some(Ok(c)) => view! {
                        {c.truncated.then(|| view! { <p class="hint">"Only the first 2,000 tables are listed; patterns still apply to all."</p> })}
                        <table class="connectors capture" data-testid="capture-preview">
                            <thead><tr><th class="check"></th><th>"Table"</th><th>"Columns"</th></tr></thead>
                            <tbody>
                                {move || selection.get().unwrap_or_default().into_iter().map(|(t, sel)| {
                                    let id = sel.identifier.clone();
                                    let captured = sel.captured;
                                    let excluded = sel.excluded_columns.clone();
                                    view! {
                                        <tr data-table=id.clone() data-captured=captured.to_string() class:capture-off=!captured>
                                            <td class="check"><input type="checkbox" prop:checked=captured aria-label=format!("Capture {id}")
                                                on:change={ let id = id.clone(); move |_| toggle(id.clone(), captured) } /></td>
                                            <td class="connector-name">{id.clone()}</td>
                                            <td class="columns">{t.columns.into_iter().map(|c| {
                                                let off = excluded.contains(&c);
                                                view! { <span class="column" class:column-off=off data-column=c.clone()>{c.clone()}</span> }
                                            }).collect_view()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            })}
            <StepNav w=w blocked=blocked />
        </form>
    }
}
