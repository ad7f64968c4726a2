//! Where the connector's failed records go, read from its config: a sink's dead-letter queue
//! with a link to inspect it, or, for a source, the truth that Connect ignores DLQ settings.

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::ConnectorType;
use sluice_shared::dlq::{DlqStatus, dlq_of};

use super::ctx::Ctx;
use crate::api;
use crate::components::DlqSettings;
use crate::routes::Page;

#[component]
pub fn DlqLink(ctx: Ctx) -> impl IntoView {
    let config = ctx.fetch(|c, n| async move { api::connector_config(&c, &n).await });
    // A plugin Connect could not load may still be a sink: the queue's own page says for sure.
    let is_sink = ctx.detail.with_untracked(|d| {
        d.as_ref()
            .is_none_or(|d| d.connector_type != ConnectorType::Source)
    });
    let href = Page::Dlq {
        cluster: ctx.cluster.clone(),
        name: ctx.name.clone(),
    }
    .href();
    // A config that cannot be read shows its error in the Config tab; here it only hides the link.
    move || {
        let href = href.clone();
        config
            .get()
            .and_then(Result::ok)
            .map(|c| match dlq_of(&c.value.config, is_sink) {
                DlqStatus::Defined(d) => view! {
                    <div class="dlq-bar" data-testid="dlq-link-bar">
                        <span>"Failed records go to " <code>{d.topic}</code></span>
                        <A href=href attr:data-testid="dlq-link">"Inspect dead letters"</A>
                        <DlqSettings context_headers=d.context_headers tolerates_errors=d.tolerates_errors />
                    </div>
                }
                .into_any(),
                DlqStatus::IgnoredOnSource { topic } => view! {
                    <div class="notice notice-warn" data-testid="dlq-ignored">
                        <strong>"Connect ignores DLQ settings on source connectors"</strong>
                        <span>"This source names " <code>{topic}</code> ", which will never fill: a failing source record is dropped (with "
                            <code>"errors.tolerance=all"</code> ") or stops the task. Log failures with "
                            <code>"errors.log.enable=true"</code> " instead."</span>
                    </div>
                }
                .into_any(),
                DlqStatus::None => ().into_any(),
            })
    }
}
