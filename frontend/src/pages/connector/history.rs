//! Config history: every version the console stored (who, when, where it came from, what
//! changed), with a rollback to any of them. Rollbacks keep the current secrets: versions hold
//! sentinels, which the server fills from the stored config.

use leptos::prelude::*;
use sluice_shared::history::{ConfigVersion, VersionSource, config_diff};
use sluice_shared::policy::Action as Permission;

use super::ctx::Ctx;
use crate::api;
use crate::components::time::local_time;
use crate::components::{ConfirmDialog, DiffTable, ErrorNotice, Loaded};

#[component]
pub fn History(ctx: Ctx) -> impl IntoView {
    let versions = ctx.fetch(|c, n| async move { api::config_history(&c, &n).await });
    let target = RwSignal::new(None::<ConfigVersion>);
    let may_edit = ctx.allows(Permission::EditConfig);
    // `Ok` says which version the config went back to.
    let roll = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |version: &i64| {
            let (c, n, version) = (c.clone(), n.clone(), *version);
            async move {
                api::rollback(&c, &n, version).await?;
                target.try_set(None);
                versions.refetch();
                Ok(format!("Rolled back to version {version}."))
            }
        }
    });
    let current = move || {
        versions
            .get()
            .and_then(Result::ok)
            .and_then(|v| v.first().cloned())
    };
    view! {
        <section class="panel" data-testid="history">
            <div class="panel-head"><h2>"Config history"</h2></div>
            {move || roll.value().get().and_then(Result::ok).map(|m| view! { <div class="notice notice-ok" role="status" data-testid="rollback-done">{m}</div> })}
            <Loaded resource=versions loading="Loading history…" view=move |list| view! {
                    <ol class="versions">
                        {list.into_iter().enumerate().map(|(i, v)| {
                            let by = v.actor.clone().map(|a| format!(" by {a}")).unwrap_or_default();
                            let source = match v.source {
                                VersionSource::Create => "created",
                                VersionSource::Edit => "edited",
                                VersionSource::Rollback => "rolled back",
                                VersionSource::Import => "imported",
                                VersionSource::External => "found (made outside the console)",
                            };
                            let changes = v.changes.clone();
                            let pick = v.clone();
                            view! {
                                <li class="version" data-testid="version-row" data-version=v.version.to_string() data-source=v.source.as_str()>
                                    <div class="version-head">
                                        <strong>{format!("Version {}", v.version)}</strong>
                                        <span>{format!(" — {source}{by}, {}", local_time(Some(v.at_ms)))}</span>
                                        {v.note.clone().map(|n| view! { <span class="hint">{format!(" ({n})")}</span> })}
                                        {(i == 0).then(|| view! { <span class="chip chip-running">"current"</span> })}
                                        {(i > 0 && may_edit).then(|| view! {
                                            <button type="button" class="secondary small" data-testid=format!("rollback-{}", v.version)
                                                on:click=move |_| target.set(Some(pick.clone()))>"Roll back to this"</button>
                                        })}
                                    </div>
                                    {(!changes.is_empty()).then(|| view! { <DiffTable changes=changes /> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                } />
        </section>
        {move || target.get().map(|v| {
            let version = v.version;
            let diff = current().map(|c| config_diff(&c.config, &v.config)).unwrap_or_default();
            view! {
                <ConfirmDialog title=format!("Roll back to version {}?", v.version) confirm_label="Roll back" busy=roll.pending()
                    on_confirm=move || { roll.dispatch(version); } on_cancel=move || target.set(None)>
                    <p>"The connector's config becomes that version's. Secrets stay as they are now."</p>
                    <DiffTable changes=diff />
                    {move || roll.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
                </ConfirmDialog>
            }
        })}
    }
}
