//! Bulk actions on a selection: the bar with one button per action and Export, the
//! confirmation listing what each connector would undergo, and the per-connector results.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sluice_shared::ApiError;
use sluice_shared::bulk::{BulkAction, BulkRequest, BulkResponse, ConnectorRef, Effect};
use sluice_shared::fleet::Fleet;
use sluice_shared::transfer::ExportRequest;

use super::selection::{Key, Selection, connector_ref, refs};
use crate::api;
use crate::components::download::download_json;
use crate::components::{ConfirmDialog, ErrorNotice};

/// The selection's actions; `pending` opens the confirmation for one.
#[component]
pub fn BulkBar(
    selected: Selection,
    pending: RwSignal<Option<BulkAction>>,
    results: RwSignal<Option<BulkResponse>>,
) -> impl IntoView {
    // Downloads the selected connectors' configs (secrets as sentinels).
    let export = Action::new_local(move |_: &()| {
        let req = ExportRequest {
            connectors: refs(selected),
            tenant: None,
        };
        async move {
            let doc = api::export(&req).await?;
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            download_json("sluice-export.json", &text);
            Ok::<_, ApiError>(())
        }
    });
    view! {
        <div class="bulk-bar" data-testid="bulk-bar">
            <span>{move || selected.with(BTreeSet::len)} " selected"</span>
            {BulkAction::ALL.into_iter().map(|a| view! {
                <button type="button" class="secondary" data-testid=format!("bulk-{}", a.label().to_lowercase().replace(' ', "-"))
                    on:click=move |_| { results.set(None); pending.set(Some(a)); }>
                    {a.label()}
                </button>
            }).collect_view()}
            <button type="button" class="secondary" data-testid="bulk-export" on:click=move |_| { export.dispatch(()); }>"Export"</button>
            <button type="button" class="link" on:click=move |_| selected.set(BTreeSet::new())>"Clear selection"</button>
        </div>
        {move || export.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
    }
}

/// Lists what the action changes and what it skips, then sends only the changes.
#[component]
pub fn BulkConfirm(
    action: BulkAction,
    feed: RwSignal<Fleet>,
    selected: Selection,
    results: RwSignal<Option<BulkResponse>>,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let plan: Vec<(Key, Effect)> = feed.with_untracked(|f| {
        selected.with_untracked(|s| {
            s.iter()
                .filter_map(|(c, n)| {
                    f.get(c, n)
                        .map(|e| ((c.clone(), n.clone()), action.effect(e)))
                })
                .collect()
        })
    });
    let changes: Vec<ConnectorRef> = plan
        .iter()
        .filter(|(_, e)| matches!(e, Effect::Change(_)))
        .map(|(key, _)| connector_ref(key))
        .collect();
    let count = changes.len();
    let send = Action::new_local({
        let on_close = on_close.clone();
        move |req: &BulkRequest| {
            let (req, on_close) = (req.clone(), on_close.clone());
            async move {
                let r = api::bulk(&req).await?;
                // This dialog may be gone by now (the page changed): try_set, never panic.
                results.try_set(Some(r));
                on_close();
                Ok::<_, ApiError>(())
            }
        }
    });
    let confirm = {
        let on_close = on_close.clone();
        move || {
            if changes.is_empty() {
                on_close();
                return;
            }
            send.dispatch(BulkRequest {
                action,
                connectors: changes.clone(),
            });
        }
    };
    view! {
        <ConfirmDialog
            title=format!("{} {} connector{}?", action.label(), count, if count == 1 { "" } else { "s" })
            confirm_label=if count == 0 { "Nothing to do".to_owned() } else { format!("{} {count}", action.label()) }
            danger=matches!(action, BulkAction::Stop)
            busy=send.pending()
            on_confirm=confirm
            on_cancel=on_close
        >
            <ul class="plan" data-testid="bulk-plan">
                {plan.into_iter().map(|((cluster, name), effect)| {
                    let (class, text) = match effect {
                        Effect::Change(t) => ("plan-change", t),
                        Effect::Skip(t) => ("plan-skip", format!("skipped: {t}")),
                    };
                    let shown = name.clone();
                    view! { <li class=class data-connector=name><code>{shown}</code> <span class="cluster-id">{cluster}</span> " — " {text}</li> }
                }).collect_view()}
            </ul>
            {move || send.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
        </ConfirmDialog>
    }
}

#[component]
pub fn BulkResults(results: BulkResponse, on_dismiss: impl Fn() + 'static) -> impl IntoView {
    let failures = results.failures();
    let total = results.results.len();
    view! {
        <div class=if failures == 0 { "notice notice-ok" } else { "notice notice-error" } role="status" data-testid="bulk-results">
            <strong>{format!("{} of {total} done", total - failures)}
                {(failures > 0).then(|| format!(", {failures} failed"))}</strong>
            <ul class="plan">
                {results.results.into_iter().map(|r| {
                    let ok = r.error.is_none();
                    let shown = r.name.clone();
                    view! {
                        <li class=if ok { "plan-change" } else { "plan-skip" } data-connector=r.name data-ok=ok.to_string()>
                            <code>{shown}</code> " — " {r.error.map_or_else(|| "done".to_owned(), |e| e.message)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button type="button" class="secondary small" on:click=move |_| on_dismiss()>"Dismiss"</button>
        </div>
    }
}
