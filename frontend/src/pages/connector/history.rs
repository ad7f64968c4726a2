//! Config history: every version the console stored (who, when, where it came from, what
//! changed), with a rollback to any of them. Rollbacks keep the current secrets: versions hold
//! sentinels, which the server fills from the stored config.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::history::{ConfigVersion, VersionSource, config_diff};
use sluice_shared::policy::Action;

use super::config_editor::DiffTable;
use super::{Ctx, csrf};
use crate::api;
use crate::components::time::local_time;
use crate::components::{ConfirmDialog, ErrorNotice};

#[component]
pub fn History(ctx: Ctx) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let versions = LocalResource::new({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            reload.track();
            let (c, n) = (c.clone(), n.clone());
            async move { api::config_history(&c, &n).await }
        }
    });
    let target = RwSignal::new(None::<ConfigVersion>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None);
    let done = RwSignal::new(None::<String>);
    let may_edit = ctx.allows(Action::EditConfig);
    let roll = {
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let Some(v) = target.get_untracked() else {
                return;
            };
            let Some(token) = csrf() else { return };
            let (c, n) = (c.clone(), n.clone());
            busy.set(true);
            spawn_local(async move {
                match api::rollback(&c, &n, v.version, &token).await {
                    Ok(_) => {
                        done.set(Some(format!("Rolled back to version {}.", v.version)));
                        error.set(None);
                        target.set(None);
                        reload.update(|r| *r += 1);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let current = move || {
        versions
            .get()
            .and_then(Result::ok)
            .and_then(|v| v.first().cloned())
    };
    view! {
        <section class="panel" data-testid="history">
            <div class="panel-head"><h2>"Config history"</h2></div>
            {move || done.get().map(|m| view! { <div class="notice notice-ok" role="status" data-testid="rollback-done">{m}</div> })}
            {move || match versions.get() {
                None => view! { <p class="loading">"Loading history…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(list)) => view! {
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
                }.into_any(),
            }}
        </section>
        {move || target.get().map(|v| {
            let roll = roll.clone();
            let diff = current().map(|c| config_diff(&c.config, &v.config)).unwrap_or_default();
            view! {
                <ConfirmDialog title=format!("Roll back to version {}?", v.version) confirm_label="Roll back" busy=busy
                    on_confirm=roll on_cancel=move || target.set(None)>
                    <p>"The connector's config becomes that version's. Secrets stay as they are now."</p>
                    <DiffTable changes=diff />
                    {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                </ConfirmDialog>
            }
        })}
    }
}
