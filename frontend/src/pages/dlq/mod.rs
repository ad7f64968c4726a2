//! One sink connector's dead-letter queue: depth and growth (refreshed), what went wrong
//! grouped by exception, the records newest first with filters, each opened in place with
//! its error decoded, and redrives — a dialog with a dry run, then jobs with live progress.

mod filter;
mod groups;
mod jobs;
mod queue;
mod record;
mod records;
mod redrive;
mod summary;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use sluice_shared::dlq::{DlqList, DlqSummary, JobState, RedriveJob};
use sluice_shared::policy::Action as Permission;
use sluice_shared::records::KafkaState;

use crate::api;
use crate::components::{ErrorNotice, KafkaNotice};
use crate::hooks::{use_polled, use_polled_by};
use crate::routes::Page;
use filter::{Browse, FilterBar};
use groups::Groups;
use jobs::Jobs;
use queue::Queue;
use records::Records;
use redrive::{Ask, RedriveDialog};

const SUMMARY_EVERY: Duration = Duration::from_secs(5);
/// Jobs while one runs (its progress bar moves), and while none does (one started elsewhere).
const JOBS_RUNNING: Duration = Duration::from_secs(1);
const JOBS_IDLE: Duration = Duration::from_secs(15);

/// What the page can show below the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readable {
    /// Not yet known, or Kafka cannot be read (the summary says why).
    No,
    /// Kafka answers; the topic does not exist yet.
    NoTopic,
    /// Records may be read, but not by this user's role.
    Forbidden,
    Yes,
}

#[component]
pub fn DlqPage() -> impl IntoView {
    let (cluster, name) = Page::connector_from_route();
    let list = use_polled(SUMMARY_EVERY, {
        let (c, n) = (cluster.clone(), name.clone());
        move || {
            let (c, n) = (c.clone(), n.clone());
            async move { api::dlq_summary(&c, &n).await }
        }
    });
    // The last answer that came: a refresh that fails leaves the page as it was.
    let known = Memo::new(move |prev: Option<&Option<DlqList>>| match list.get() {
        Some(Ok(l)) => Some(l),
        _ => prev.cloned().flatten(),
    });
    let summary: Signal<Option<DlqSummary>> =
        Memo::new(move |_| known.with(|l| l.as_ref().and_then(|l| l.dlqs.first().cloned()))).into();
    let kafka = Memo::new(move |_| known.with(|l| l.as_ref().map(|l| l.kafka.clone())));
    // Memos, so panels mount once rather than on every refresh of the summary.
    let has_queue = Memo::new(move |_| known.with(|l| l.as_ref().map(|l| !l.dlqs.is_empty())));
    let q = Queue::new(cluster.clone(), name.clone(), summary);
    let readable = Memo::new({
        let q = q.clone();
        move |_| {
            let exists = summary.with(|s| s.as_ref().map(|s| s.exists));
            match (kafka.get(), exists) {
                (Some(KafkaState::Reachable), Some(false)) => Readable::NoTopic,
                (Some(KafkaState::Reachable), Some(true))
                    if !q.allows(Permission::ReadPayloads) =>
                {
                    Readable::Forbidden
                }
                (Some(KafkaState::Reachable), Some(true)) => Readable::Yes,
                _ => Readable::No,
            }
        }
    });
    let jobs = use_polled_by(
        |jobs: Option<&Vec<RedriveJob>>| {
            let running = jobs.is_some_and(|j| j.iter().any(|j| j.state == JobState::Running));
            if running { JOBS_RUNNING } else { JOBS_IDLE }
        },
        {
            let (c, n) = (cluster.clone(), name.clone());
            move || {
                let (c, n) = (c.clone(), n.clone());
                async move { api::redrives(&c, &n).await }
            }
        },
    );
    let browse = Browse::new();
    let ask = RwSignal::new(None::<Ask>);
    let on_started = Callback::new(move |_: RedriveJob| {
        ask.set(None);
        browse.selected.set(Default::default());
        jobs.refetch();
    });
    let connector = Page::Connector {
        cluster: cluster.clone(),
        name: name.clone(),
    }
    .href();
    let crumb = name.clone();
    view! {
        <nav class="crumbs">
            <A href=Page::Dlqs.href()>"Dead letters"</A> " / " <span>{cluster.clone()}</span> " / "
            <A href=connector>{crumb}</A> " / " <strong>"dead-letter queue"</strong>
        </nav>
        <h1 class="page-title">"Dead letters of " {name.clone()}</h1>
        {move || match list.get() {
            None => view! { <p class="loading">"Loading the queue…"</p> }.into_any(),
            Some(Err(e)) if known.with(Option::is_some) => view! { <ErrorNotice error=e /> }.into_any(),
            Some(Err(e)) => view! {
                <ErrorNotice error=e />
                <p class="hint">"Only a sink connector whose config names " <code>"errors.deadletterqueue.topic.name"</code>
                    " has a dead-letter queue; the " <A href=Page::Dlqs.href()>"dead letters list"</A> " shows every one you can see."</p>
            }.into_any(),
            _ => ().into_any(),
        }}
        {move || (has_queue.get() == Some(false)).then(|| view! {
            <div class="empty" data-testid="dlq-missing">
                <h3>"This connector has no dead-letter queue"</h3>
                <p>"Set " <code>"errors.tolerance=all"</code> " and " <code>"errors.deadletterqueue.topic.name"</code> " in its config to keep the records it cannot process."</p>
            </div>
        })}
        {move || summary.get().map(|s| view! { <summary::Summary summary=s /> })}
        {move || kafka.get().map(|k| view! { <KafkaNotice state=k /> })}
        {
            let q = q.clone();
            move || match readable.get() {
                Readable::No | Readable::NoTopic => ().into_any(),
                Readable::Forbidden => view! {
                    <div class="notice notice-warn" role="status" data-testid="payloads-forbidden">
                        <strong>"Records are not shown to your role"</strong>
                        <span>"Dead-letter records hold the tenant's data: they are for the tenant's operators and viewers, and for admins. Depth, growth and redrives stay visible here."</span>
                    </div>
                }.into_any(),
                Readable::Yes => {
                    let q = q.clone();
                    let (c, n) = (q.cluster.clone(), q.name.clone());
                    let groups = LocalResource::new(move || {
                        let (c, n) = (c.clone(), n.clone());
                        async move { api::dlq_groups(&c, &n).await }
                    });
                    view! {
                        <Groups browse=browse groups=groups />
                        <FilterBar browse=browse groups=groups />
                        <Records q=q.clone() browse=browse ask=ask />
                    }.into_any()
                }
            }
        }
        {
            let q = q.clone();
            move || (has_queue.get() == Some(true)).then(|| view! { <Jobs q=q.clone() jobs=jobs /> })
        }
        {
            let q = q.clone();
            move || ask.get().map(|a| view! {
                <RedriveDialog q=q.clone() ask=a on_close=Callback::new(move |()| ask.set(None)) on_started=on_started />
            })
        }
    }
}
