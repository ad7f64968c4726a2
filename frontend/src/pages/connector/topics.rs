//! Active topics (KIP-558): the topics the connector has used since the last reset.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::policy::Action;

use super::{Ctx, csrf};
use crate::api;
use crate::components::{ConfirmDialog, ErrorNotice};

#[component]
pub fn Topics(ctx: Ctx) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let topics = LocalResource::new({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            reload.track();
            let (c, n) = (c.clone(), n.clone());
            async move { api::topics(&c, &n).await }
        }
    });
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None);
    let reset = {
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move || {
            let Some(token) = csrf() else { return };
            let (c, n) = (c.clone(), n.clone());
            busy.set(true);
            spawn_local(async move {
                error.set(api::reset_topics(&c, &n, &token).await.err());
                busy.set(false);
                confirming.set(false);
                reload.update(|r| *r += 1);
            });
        }
    };
    view! {
        <section class="panel" data-testid="topics">
            <div class="panel-head">
                <h2>"Active topics"</h2>
                {ctx.allows(Action::ChangeOffsets).then(|| view! {
                    <button type="button" class="secondary small" data-testid="reset-topics" on:click=move |_| confirming.set(true)>"Reset"</button>
                })}
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || match topics.get() {
                None => view! { <p class="loading">"Loading topics…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
                Some(Ok(t)) if t.topics.is_empty() => view! { <p class="hint">"No topics recorded since the last reset (or since the connector started)."</p> }.into_any(),
                Some(Ok(t)) => view! { <ul class="topic-list">{t.topics.into_iter().map(|t| view! { <li><code>{t}</code></li> }).collect_view()}</ul> }.into_any(),
            }}
        </section>
        {move || confirming.get().then(|| { let reset = reset.clone(); view! {
            <ConfirmDialog title="Reset active topics?" confirm_label="Reset" busy=busy on_confirm=reset on_cancel=move || confirming.set(false)>
                <p>"Connect forgets which topics this connector used; the list fills again as records flow. Data in the topics is untouched."</p>
            </ConfirmDialog>
        }})}
    }
}
