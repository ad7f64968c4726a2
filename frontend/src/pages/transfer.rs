//! Export and import of connector configs. Export downloads a JSON document (secrets as
//! sentinels); import reads a file or pasted JSON, shows a dry run (what would be created,
//! changed, left alone or refused, with Connect's validation), then applies connector by
//! connector with a progress bar and a result for each.

use leptos::prelude::*;
use sluice_shared::policy::Action as Permission;
use sluice_shared::transfer::{
    ExportDocument, ExportRequest, ImportAction, ImportPlan, document_errors, read_document,
};
use sluice_shared::{ApiError, ErrorCode};

use crate::api::{self, Session};
use crate::clusters::Clusters;
use crate::components::download::{download_json, read_chosen_file};
use crate::components::{DiffTable, ErrorNotice, time};
use crate::routes::Page;

#[component]
pub fn TransferPage() -> impl IntoView {
    // Importing creates and edits connectors: offered to whoever may create them.
    let may_import = Session::get().may_at_home(Permission::CreateConnector);
    view! {
        <h1 class="page-title">{if may_import { "Export & import" } else { "Export" }}</h1>
        <ExportPanel />
        {may_import.then(|| view! { <ImportPanel /> })}
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

    // Registration files name no cluster: they go to the one chosen here.
    let cluster = RwSignal::new(String::new());
    let clusters = Clusters::get();
    let cluster_ids = move || {
        clusters
            .list()
            .and_then(Result::ok)
            .map(|l| l.into_iter().map(|c| c.id).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    Effect::new(move |_| {
        if cluster.with_untracked(String::is_empty)
            && let Some(first) = cluster_ids().into_iter().next()
        {
            cluster.set(first);
        }
    });
    let on_file = move |e: leptos::ev::Event| read_chosen_file(&e, move |t| text.set(t));
    // The document as read, with the server's plan for it.
    let dry_run = Action::new_local(move |text: &String| {
        let parsed = parse_document(text, &cluster.get_untracked());
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
    let start_dry_run = move || {
        dry_run.clear();
        outcomes.set(Vec::new());
        dry_run.dispatch(text.get_untracked());
    };
    // Debezium 1.x keys rewritten in the browser (the same rules the server reports with),
    // shown in the text box, and planned again.
    let rewrite = move |(doc, plan): (ExportDocument, ImportPlan)| {
        let mut doc = doc;
        for (c, item) in doc.connectors.iter_mut().zip(&plan.items) {
            if let Some(report) = &item.legacy {
                c.config = report.rewrite(&c.config);
            }
        }
        text.set(serde_json::to_string_pretty(&doc).unwrap_or_default());
        start_dry_run();
    };

    view! {
        <section class="panel" data-testid="import">
            <h2>"Import"</h2>
            <p class="hint">"Choose a Sluice export or Connect registration files (" <code>"{\"name\", \"config\"}"</code> ", one or a list), or paste one. Nothing changes until you apply the dry run's result. Connectors whose secrets are sentinels can update existing connectors (the stored secret stays); new ones need the secret or a " <code>"${provider:…}"</code> " reference."</p>
            <label class="form-row">"Cluster for registration files "
                <select data-testid="import-cluster" prop:value=move || cluster.get()
                    on:change=move |e| cluster.set(event_target_value(&e))>
                    {move || cluster_ids().into_iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()}
                </select>
            </label>
            <input type="file" accept="application/json,.json" data-testid="import-file" on:change=on_file />
            <textarea class="json-edit" rows="8" spellcheck="false" placeholder="{ \"sluice_export\": 1, … }" data-testid="import-text"
                prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
            <div class="row-actions">
                <button type="button" class="primary" data-testid="import-dry-run" disabled=move || busy() || text.with(String::is_empty) on:click=move |_| start_dry_run()>"Dry run"</button>
            </div>
            {move || dry_run.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            {move || planned().map(|(d, p)| {
                let to_apply = (d.clone(), p.clone());
                let to_rewrite = (d, p.clone());
                let (create, update, same, invalid) = p.tally();
                let legacy: Vec<_> = p.items.iter().filter_map(|i| i.legacy.clone().map(|r| (i.name.clone(), r))).collect();
                let rewritable = legacy.iter().any(|(_, r)| r.can_rewrite());
                let version = legacy.first().map(|(_, r)| r.debezium.clone()).unwrap_or_default();
                view! {
                    <div class="review" data-testid="import-plan">
                        <h3>{format!("{create} to create, {update} to change, {same} unchanged, {invalid} refused")}</h3>
                        {(!legacy.is_empty()).then(|| view! {
                            <div class="notice notice-warn" role="status" data-testid="import-legacy">
                                <strong>{format!("Written for Debezium 1.x: the installed Debezium {version} ignores or rejects these settings")}</strong>
                                <ul>
                                    {legacy.into_iter().flat_map(|(name, r)| r.findings.into_iter().map(move |f| view! {
                                        <li data-key=f.key.clone()><code>{name.clone()}</code>" · "<code>{f.key.clone()}</code>" — "{f.message}</li>
                                    })).collect_view()}
                                </ul>
                                {rewritable.then(|| view! {
                                    <button type="button" class="primary" data-testid="import-rewrite" disabled=busy
                                        on:click=move |_| rewrite(to_rewrite.clone())>
                                        {format!("Rewrite for Debezium {version}")}
                                    </button>
                                })}
                            </div>
                        })}
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
            <p class="hint">{move || doc().filter(|d| d.exported_at_ms > 0).map(|d| format!("Document exported {}", time::local_time(Some(d.exported_at_ms))))}</p>
        </section>
    }
}

/// A pasted or uploaded export or registration files, checked before the server is asked.
fn parse_document(text: &str, cluster: &str) -> Result<ExportDocument, ApiError> {
    let doc =
        read_document(text, cluster).map_err(|e| ApiError::new(ErrorCode::MalformedJson, e))?;
    match document_errors(&doc).into_iter().next() {
        Some((field, message)) => {
            Err(ApiError::new(ErrorCode::InvalidInput, message).with_field(field))
        }
        None => Ok(doc),
    }
}
