//! Lifecycle actions on one connector, each confirmed first. A failure (a rebalance that did
//! not settle within the retry budget, a restart racing a reconfiguration) is shown with a
//! Retry button.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sluice_shared::ConnectorState;

use super::act::Act;
use super::ctx::Ctx;
use super::delete::DeleteDialog;
use crate::components::{ConfirmDialog, ErrorNotice, Toasts};
use crate::routes::Page;

#[component]
pub fn Actions(ctx: Ctx) -> impl IntoView {
    let pending = RwSignal::new(None::<Act>);
    let navigate = use_navigate();
    let state = {
        let d = ctx.detail;
        move || d.with(|d| d.as_ref().map(|d| d.status.connector.state.clone()))
    };
    let any_failed = {
        let d = ctx.detail;
        move || {
            d.with(|d| {
                d.as_ref().is_some_and(|d| {
                    d.status.connector.state == ConnectorState::Failed
                        || d.status
                            .tasks
                            .iter()
                            .any(|t| t.state == ConnectorState::Failed)
                })
            })
        }
    };
    let toasts = Toasts::get();
    // Its value is the outcome: which action, and how it went (a failure stays shown).
    let run = Action::new_local({
        let ctx = ctx.clone();
        move |act: &Act| {
            let (act, cluster, name) = (*act, ctx.cluster.clone(), ctx.name.clone());
            let navigate = navigate.clone();
            async move {
                let result = act.run(&cluster, &name).await;
                pending.try_set(None);
                if result.is_ok() {
                    toasts.success(format!("{}: sent to Connect", act.label()));
                }
                if act == Act::Delete && result.is_ok() {
                    navigate(&Page::Fleet.href(), Default::default());
                }
                (act, result)
            }
        }
    });
    let busy = run.pending();
    let button = {
        let ctx = ctx.clone();
        move |act: Act, enabled: Box<dyn Fn() -> bool + Send + Sync>| {
            let allowed = ctx.allows(act.required());
            allowed.then(|| view! {
                <button type="button" class=if act == Act::Delete { "danger small" } else { "secondary small" }
                    data-testid=act.test_id() disabled=move || !enabled() || busy.get()
                    on:click=move |_| { run.clear(); pending.set(Some(act)); }>
                    {act.label()}
                </button>
            })
        }
    };
    let not = move |s: ConnectorState| {
        Box::new(move || state() != Some(s.clone())) as Box<dyn Fn() -> bool + Send + Sync>
    };
    let always = || Box::new(|| true) as Box<dyn Fn() -> bool + Send + Sync>;
    view! {
        <div class="actions" data-testid="actions">
            {button(Act::Pause, not(ConnectorState::Paused))}
            {button(Act::Resume, Box::new({ move || matches!(state(), Some(ConnectorState::Paused | ConnectorState::Stopped)) }))}
            {button(Act::Stop, not(ConnectorState::Stopped))}
            {button(Act::RestartConnector, always())}
            {button(Act::RestartAll, always())}
            {button(Act::RestartFailed, Box::new(any_failed))}
            {button(Act::Delete, always())}
        </div>
        {move || pending.get().map(|act| {
            if act == Act::Delete {
                return view! { <DeleteDialog ctx=ctx.clone() on_cancel=move || pending.set(None) /> }.into_any();
            }
            view! {
                <ConfirmDialog
                    title=format!("{} {}?", act.label(), ctx.name)
                    confirm_label=act.label()
                    danger=matches!(act, Act::Stop)
                    busy=busy
                    on_confirm=move || { run.dispatch(act); }
                    on_cancel=move || pending.set(None)
                >
                    <p>{act.explain()}</p>
                </ConfirmDialog>
            }.into_any()
        })}
        {move || run.value().get().map(|(act, result)| match result {
            // A successful delete has left this page.
            Ok(()) if act == Act::Delete => ().into_any(),
            // Confirmed in a toast that goes away: the state above shows the rest live.
            Ok(()) => ().into_any(),
            Err(e) => view! {
                <div data-testid="action-error">
                    <ErrorNotice error=e />
                    <button type="button" class="secondary small" on:click=move |_| pending.set(Some(act))>"Retry"</button>
                </div>
            }.into_any(),
        })}
    }
}
