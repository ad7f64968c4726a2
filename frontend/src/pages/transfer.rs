//! Export and import of connector configs. Export downloads a JSON document (secrets as
//! sentinels); import reads a file or pasted JSON, shows a dry run (what would be created,
//! changed, left alone or refused, with Connect's validation), then applies connector by
//! connector with a progress bar and a result for each.

use crate::components::download::read_chosen_file;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ImportAction, ImportPlan, document_errors,
};
use sluice_shared::{ApiError, ErrorCode};

use crate::api;
use crate::components::download::download_json;
use crate::components::{ErrorNotice, time};
use crate::pages::connector::{DiffTable, csrf};

#[component]
pub fn TransferPage() -> impl IntoView {
    view! {
        <h1 class="page-title">"Export & import"</h1>
        <ExportPanel />
        <ImportPanel />
    }
}

#[component]
fn ExportPanel() -> impl IntoView {
    let tenant = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<String>);
    let export = move |_| {
        let Some(token) = csrf() else { return };
        let t = tenant.get_untracked().trim().to_owned();
        let req = ExportRequest {
            connectors: Vec::new(),
            tenant: (!t.is_empty()).then_some(t),
        };
        busy.set(true);
        spawn_local(async move {
            match api::export(&req, &token).await {
                Ok(doc) => {
                    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                    download_json("sluice-export.json", &text);
                    done.set(Some(format!(
                        "Exported {} connector(s).",
                        doc.connectors.len()
                    )));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" data-testid="export">
            <h2>"Export"</h2>
            <p class="hint">"Every connector you can see, or one tenant's. Secrets are exported as "
                <code>{sluice_shared::redact::REDACTED}</code> " (or the " <code>"${provider:…}"</code>
                " reference they are), never in clear text. To export a selection, select connectors on the "
                <a href="/">"connector list"</a> " and choose Export."</p>
            <div class="form-row">
                <label>"Tenant (empty: everything)" <input type="text" data-testid="export-tenant"
                    prop:value=move || tenant.get() on:input=move |e| tenant.set(event_target_value(&e)) /></label>
                <button type="button" class="primary" data-testid="export-button" disabled=move || busy.get() on:click=export>"Download export"</button>
            </div>
            {move || done.get().map(|m| view! { <div class="notice notice-ok" role="status" data-testid="export-done">{m}</div> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    name: String,
    result: Result<ImportAction, ApiError>,
}

#[component]
fn ImportPanel() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let doc = RwSignal::new(None::<ExportDocument>);
    let plan = RwSignal::new(None::<ImportPlan>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new((0usize, 0usize));
    let outcomes = RwSignal::new(Vec::<Outcome>::new());

    let on_file = move |e: leptos::ev::Event| read_chosen_file(&e, move |t| text.set(t));
    let dry_run = move |_| {
        plan.set(None);
        outcomes.set(Vec::new());
        let parsed = serde_json::from_str::<ExportDocument>(&text.get_untracked()).map_err(|e| {
            ApiError::new(
                ErrorCode::MalformedJson,
                format!("not a Sluice export: {e}"),
            )
        });
        let parsed = parsed.and_then(|d| match document_errors(&d).into_iter().next() {
            Some((field, message)) => {
                Err(ApiError::new(ErrorCode::InvalidInput, message).with_field(field))
            }
            None => Ok(d),
        });
        let d = match parsed {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let Some(token) = csrf() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::import_plan(&d, &token).await {
                Ok(p) => {
                    plan.set(Some(p));
                    doc.set(Some(d));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let apply = move |_| {
        let (Some(d), Some(p)) = (doc.get_untracked(), plan.get_untracked()) else {
            return;
        };
        let Some(token) = csrf() else { return };
        let todo: Vec<_> = d
            .connectors
            .into_iter()
            .zip(p.items)
            .filter(|(_, item)| matches!(item.action, ImportAction::Create | ImportAction::Update))
            .map(|(c, _)| c)
            .collect();
        progress.set((0, todo.len()));
        outcomes.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            for (i, c) in todo.iter().enumerate() {
                let result = api::import_apply(c, &token).await.map(|a| a.action);
                outcomes.update(|o| {
                    o.push(Outcome {
                        name: c.name.clone(),
                        result,
                    })
                });
                progress.set((i + 1, todo.len()));
            }
            busy.set(false);
        });
    };

    view! {
        <section class="panel" data-testid="import">
            <h2>"Import"</h2>
            <p class="hint">"Choose a Sluice export or paste one. Nothing changes until you apply the dry run's result. Connectors whose secrets are sentinels can update existing connectors (the stored secret stays); new ones need the secret or a " <code>"${provider:…}"</code> " reference."</p>
            <input type="file" accept="application/json,.json" data-testid="import-file" on:change=on_file />
            <textarea class="json-edit" rows="8" spellcheck="false" placeholder="{ \"sluice_export\": 1, … }" data-testid="import-text"
                prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
            <div class="row-actions">
                <button type="button" class="primary" data-testid="import-dry-run" disabled=move || busy.get() || text.with(String::is_empty) on:click=dry_run>"Dry run"</button>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || plan.get().map(|p| {
                let (create, update, same, invalid) = p.tally();
                view! {
                    <div class="review" data-testid="import-plan">
                        <h3>{format!("{create} to create, {update} to change, {same} unchanged, {invalid} refused")}</h3>
                        <table class="connectors">
                            <thead><tr><th>"Connector"</th><th>"Cluster"</th><th>"Would"</th><th>"Details"</th></tr></thead>
                            <tbody>
                                {p.items.into_iter().map(|item| {
                                    let action = format!("{:?}", item.action).to_lowercase();
                                    let changes = item.changes.clone();
                                    view! {
                                        <tr data-testid="plan-row" data-connector=item.name.clone() data-action=action.clone()>
                                            <td><code>{item.name.clone()}</code></td>
                                            <td>{item.cluster_id.clone()}</td>
                                            <td><span class=format!("badge plan-{action}")>{action.clone()}</span></td>
                                            <td>
                                                {item.errors.into_iter().map(|e| view! {
                                                    <p class="field-error">{e.field.map(|f| format!("{f}: ")).unwrap_or_default()}{e.message}</p>
                                                }).collect_view()}
                                                {(!changes.is_empty()).then(|| view! { <DiffTable changes=changes /> })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <button type="button" class="primary" data-testid="import-apply"
                            disabled=move || { busy.get() || create + update == 0 } on:click=apply>
                            {format!("Apply {} change(s)", create + update)}
                        </button>
                    </div>
                }
            })}
            {move || {
                let (done, total) = progress.get();
                (total > 0).then(|| view! {
                    <div class="progress" data-testid="import-progress">
                        <progress max=total.to_string() value=done.to_string() />
                        <span>{format!("{done} of {total}")}</span>
                    </div>
                })
            }}
            <ul class="plan" data-testid="import-results">
                {move || outcomes.get().into_iter().map(|o| {
                    let ok = o.result.is_ok();
                    let text = match o.result {
                        Ok(ImportAction::Create) => "created".to_owned(),
                        Ok(ImportAction::Update) => "updated".to_owned(),
                        Ok(ImportAction::Unchanged) => "unchanged".to_owned(),
                        Ok(ImportAction::Invalid) => "refused".to_owned(),
                        Err(e) => e.message,
                    };
                    let shown = o.name.clone();
                    view! { <li class=if ok { "plan-change" } else { "plan-skip" } data-connector=o.name data-ok=ok.to_string()>
                        <code>{shown}</code> " — " {text}</li> }
                }).collect_view()}
            </ul>
            <p class="hint">{move || doc.with(|d| d.as_ref().map(|d| format!("Document exported {}", time::local_time(Some(d.exported_at_ms)))))}</p>
        </section>
    }
}
