//! Export and import of connector configs. Export downloads a JSON document (secrets as
//! sentinels); import reads a file or pasted JSON, shows a dry run (what would be created,
//! changed, left alone or refused, with Connect's validation), then applies connector by
//! connector with a progress bar and a result for each.

use leptos::prelude::*;
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ImportAction, ImportPlan, document_errors,
};
use sluice_shared::{ApiError, ErrorCode};

use crate::api;
use crate::components::download::{download_json, read_chosen_file};
use crate::components::{DiffTable, ErrorNotice, time};
use crate::routes::Page;

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
    // `Ok` says how many connectors went into the file.
    let export = Action::new_local(move |_: &()| {
        let t = tenant.get_untracked().trim().to_owned();
        let req = ExportRequest {
            connectors: Vec::new(),
            tenant: (!t.is_empty()).then_some(t),
        };
        async move {
            let doc = api::export(&req).await?;
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            download_json("sluice-export.json", &text);
            Ok::<_, ApiError>(format!("Exported {} connector(s).", doc.connectors.len()))
        }
    });
    let busy = export.pending();
    view! {
        <section class="panel" data-testid="export">
            <h2>"Export"</h2>
            <p class="hint">"Every connector you can see, or one tenant's. Secrets are exported as "
                <code>{sluice_shared::redact::REDACTED}</code> " (or the " <code>"${provider:…}"</code>
                " reference they are), never in clear text. To export a selection, select connectors on the "
                <a href=Page::Fleet.href()>"connector list"</a> " and choose Export."</p>
            <div class="form-row">
                <label>"Tenant (empty: everything)" <input type="text" data-testid="export-tenant"
                    prop:value=move || tenant.get() on:input=move |e| tenant.set(event_target_value(&e)) /></label>
                <button type="button" class="primary" data-testid="export-button" disabled=move || busy.get() on:click=move |_| { export.dispatch(()); }>"Download export"</button>
            </div>
            {move || export.value().get().map(|outcome| match outcome {
                Ok(m) => view! { <div class="notice notice-ok" role="status" data-testid="export-done">{m}</div> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
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
    let progress = RwSignal::new((0usize, 0usize));
    let outcomes = RwSignal::new(Vec::<Outcome>::new());

    let on_file = move |e: leptos::ev::Event| read_chosen_file(&e, move |t| text.set(t));
    // The document as read, with the server's plan for it.
    let dry_run = Action::new_local(|text: &String| {
        let parsed = parse_document(text);
        async move {
            let doc = parsed?;
            let plan = api::import_plan(&doc).await?;
            Ok::<_, ApiError>((doc, plan))
        }
    });
    let planned = move || dry_run.value().get().and_then(Result::ok);
    let doc = move || planned().map(|(d, _)| d);
    // Connector by connector, each result shown as it comes.
    let apply = Action::new_local(move |(doc, plan): &(ExportDocument, ImportPlan)| {
        let todo: Vec<_> = doc
            .connectors
            .iter()
            .zip(&plan.items)
            .filter(|(_, item)| matches!(item.action, ImportAction::Create | ImportAction::Update))
            .map(|(c, _)| c.clone())
            .collect();
        progress.set((0, todo.len()));
        outcomes.set(Vec::new());
        async move {
            for (i, c) in todo.iter().enumerate() {
                let result = api::import_apply(c).await.map(|a| a.action);
                outcomes.try_update(|o| {
                    o.push(Outcome {
                        name: c.name.clone(),
                        result,
                    })
                });
                progress.try_set((i + 1, todo.len()));
            }
        }
    });
    let busy = move || dry_run.pending().get() || apply.pending().get();
    let start_dry_run = move |_| {
        dry_run.clear();
        outcomes.set(Vec::new());
        dry_run.dispatch(text.get_untracked());
    };

    view! {
        <section class="panel" data-testid="import">
            <h2>"Import"</h2>
            <p class="hint">"Choose a Sluice export or paste one. Nothing changes until you apply the dry run's result. Connectors whose secrets are sentinels can update existing connectors (the stored secret stays); new ones need the secret or a " <code>"${provider:…}"</code> " reference."</p>
            <input type="file" accept="application/json,.json" data-testid="import-file" on:change=on_file />
            <textarea class="json-edit" rows="8" spellcheck="false" placeholder="{ \"sluice_export\": 1, … }" data-testid="import-text"
                prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
            <div class="row-actions">
                <button type="button" class="primary" data-testid="import-dry-run" disabled=move || busy() || text.with(String::is_empty) on:click=start_dry_run>"Dry run"</button>
            </div>
            {move || dry_run.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {move || planned().map(|(d, p)| {
                let to_apply = (d, p.clone());
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
                            disabled=move || { busy() || create + update == 0 } on:click=move |_| { apply.dispatch(to_apply.clone()); }>
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
            <p class="hint">{move || doc().map(|d| format!("Document exported {}", time::local_time(Some(d.exported_at_ms))))}</p>
        </section>
    }
}

/// A pasted or uploaded export, checked before the server is asked.
fn parse_document(text: &str) -> Result<ExportDocument, ApiError> {
    let doc = serde_json::from_str::<ExportDocument>(text).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("not a Sluice export: {e}"),
        )
    })?;
    match document_errors(&doc).into_iter().next() {
        Some((field, message)) => {
            Err(ApiError::new(ErrorCode::InvalidInput, message).with_field(field))
        }
        None => Ok(doc),
    }
}
