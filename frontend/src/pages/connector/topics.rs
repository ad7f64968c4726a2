//! Active topics (KIP-558): the topics the connector has used since the last reset.

use leptos::prelude::*;
use sluice_shared::policy::Action as Permission;
use sluice_shared::{ActiveTopics, Known};

use super::ctx::Ctx;
use crate::api;
use crate::components::{ConfirmDialog, ErrorNotice, Loaded, StaleNotice};

#[component]
pub fn Topics(ctx: Ctx) -> impl IntoView {
    let topics = ctx.fetch(|c, n| async move { api::topics(&c, &n).await });
    let retry = Callback::new(move |()| topics.refetch());
    let confirming = RwSignal::new(false);
    let reset = Action::new_local({
        let (c, n) = (ctx.cluster.clone(), ctx.name.clone());
        move |_: &()| {
            let (c, n) = (c.clone(), n.clone());
            async move {
                let result = api::reset_topics(&c, &n).await;
                confirming.try_set(false);
                topics.refetch();
                result
            }
        }
    });
    view! {
        <section class="panel" data-testid="topics">
            <div class="panel-head">
                <h2>"Active topics"</h2>
                {ctx.allows(Permission::ChangeOffsets).then(|| view! {
                    <button type="button" class="secondary small" data-testid="reset-topics" on:click=move |_| confirming.set(true)>"Reset"</button>
                })}
            </div>
            {move || reset.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e /> })}
            <Loaded resource=topics loading="Loading topics…" view={move |k: Known<ActiveTopics>| view! {
                {k.stale().map(|(since, at)| view! {
                    <StaleNotice since_ms=since shown_ms=Some(at) what="These topics are" retry=retry />
                })}
                {let t = k.value; if t.topics.is_empty() {
                    view! { <p class="hint">"No topics recorded since the last reset (or since the connector started)."</p> }.into_any()
                } else {
                    // Each topic leads to its records, read as change events.
                    view! { <ul class="topic-list">{t.topics.into_iter().map(|t| view! {
                        <li><a href="?tab=events" title="Show this connector's change events" data-testid="topic-link"><code>{t}</code></a></li>
                    }).collect_view()}</ul> }.into_any()
                }}
            }} />
        </section>
        {move || confirming.get().then(|| view! {
            <ConfirmDialog title="Reset active topics?" confirm_label="Reset" busy=reset.pending()
                on_confirm=move || { reset.dispatch(()); } on_cancel=move || confirming.set(false)>
                <p>"Connect forgets which topics this connector used; the list fills again as records flow. Data in the topics is untouched."</p>
            </ConfirmDialog>
        })}
    }
}
