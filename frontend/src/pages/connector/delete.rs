//! Deleting a connector, and for a Debezium PostgreSQL source the choice to drop its
//! replication slot too.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::act::Act;
use super::ctx::Ctx;
use crate::api;
use crate::components::{ConfirmDialog, ErrorNotice};
use crate::routes::Page;

/// Delete, with the slot's state shown and asked a second time before anything is dropped.
#[component]
pub fn DeleteDialog(
    ctx: Ctx,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let postgres = ctx.detail.with_untracked(|d| {
        d.as_ref()
            .and_then(|d| d.connector_class.clone())
            .as_deref()
            == Some(sluice_shared::connector::POSTGRES_CONNECTOR)
    });
    let slot = LocalResource::new({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            async move {
                if postgres {
                    Some(api::slot(&c, &n).await)
                } else {
                    None
                }
            }
        }
    });
    let drop_slot = RwSignal::new(false);
    let second = RwSignal::new(false);
    let navigate = use_navigate();
    // `Ok(Some(why))`: the connector is deleted but its slot was not dropped. Otherwise a
    // successful delete leaves the page.
    let delete = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |drop_slot: &bool| {
            let (c, n, drop_slot) = (c.clone(), n.clone(), *drop_slot);
            let navigate = navigate.clone();
            async move {
                let result = api::delete_connector(&c, &n, drop_slot).await?;
                let kept = result.slot.and_then(|s| {
                    s.error
                        .map(|e| format!("Slot `{}` was not dropped: {e}", s.slot_name))
                });
                if kept.is_none() {
                    navigate(&Page::Fleet.href(), Default::default());
                }
                Ok(kept)
            }
        }
    });
    let confirm = move || {
        if drop_slot.get_untracked() && !second.get_untracked() {
            second.set(true);
            return;
        }
        delete.dispatch(drop_slot.get_untracked());
    };
    let label = Signal::derive(move || {
        if second.get() {
            "Yes: delete and drop the slot".to_owned()
        } else {
            "Delete".to_owned()
        }
    });
    view! {
        <ConfirmDialog title=format!("Delete {}?", ctx.name) confirm_label=label danger=true busy=delete.pending() on_confirm=confirm on_cancel=on_cancel>
            <p>{Act::Delete.explain()}</p>
            {move || slot.get().flatten().map(|info| match info {
                Ok(s) => view! {
                    <div class="notice notice-warn" data-testid="slot-info">
                        <p>{format!("Replication slot `{}` on {} / {}: {}{}.", s.slot_name, s.host, s.database,
                            if !s.exists { "does not exist" } else if s.active { "in use by the connector" } else { "not in use" },
                            s.retained_wal_bytes.map(|b| format!(", keeping {:.1} MiB of WAL", b as f64 / 1_048_576.0)).unwrap_or_default())}</p>
                        {s.exists.then(|| view! {
                            <label><input type="checkbox" data-testid="drop-slot" prop:checked=move || drop_slot.get()
                                on:change=move |e| { drop_slot.set(event_target_checked(&e)); second.set(false); } />
                                " Also drop the slot (with the connector's credentials, once its task has let go)"</label>
                        })}
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="hint">"The slot could not be checked: " {e.message}</p> }.into_any(),
            })}
            {move || second.get().then(|| view! {
                <p class="form-error" data-testid="drop-slot-warning">"Dropping the slot cannot be undone: a connector created again with this slot starts with a new snapshot, and changes made meanwhile are not captured."</p>
            })}
            {move || delete.value().get().map(|outcome| match outcome {
                Ok(kept) => kept.map(|m| view! { <p class="form-error" data-testid="slot-error">{m} " The connector is deleted."</p> }).into_any(),
                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
            })}
        </ConfirmDialog>
    }
}
