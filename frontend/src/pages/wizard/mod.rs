//! The creation wizard: one step per screen, every answer kept in page-level signals so going
//! back and forth loses nothing. Debezium sources walk all seven steps, the JDBC sink skips the
//! capture, snapshot and events steps, any other installed plugin gets a form generated from its
//! config definitions, and a pasted or uploaded config goes straight to review.

mod capture;
mod connection;
mod fields;
mod nav;
mod options;
mod review;
mod settings;
mod start;
mod state;

use leptos::prelude::*;

use crate::api::Session;
use crate::clusters::Clusters;
use crate::components::ErrorNotice;
use nav::StepBar;
use state::{Step, Wizard};

#[component]
pub fn WizardPage() -> impl IntoView {
    let w = Wizard::new(Session::get());
    let clusters = Clusters::get();
    // The first reachable cluster is the default choice.
    Effect::new(move || {
        if let Some(Ok(list)) = clusters.list()
            && w.cluster.with_untracked(String::is_empty)
            && let Some(first) = list.iter().find(|c| c.reachable).or(list.first())
        {
            w.cluster.set(first.id.clone());
        }
    });
    Effect::new(move || {
        let cluster = w.cluster.get();
        if !cluster.is_empty() {
            w.load.dispatch(cluster);
        }
    });
    // Regenerates name and topic prefix as tenant, kind, database or the names in use change.
    Effect::new(move || {
        w.tenant.track();
        w.choice.track();
        w.existing.track();
        w.tenants.track();
        w.answers.with(|a| (a.database.clone(), a.topics.clone()));
        w.suggest();
    });
    let load_error = move || {
        clusters
            .list()
            .and_then(Result::err)
            .or_else(|| w.tenants.get().and_then(Result::err))
            .or_else(|| w.load.value().get().and_then(Result::err))
    };

    view! {
        <h1 class="page-title">"New connector"</h1>
        <StepBar w=w />
        {move || load_error().map(|e| view! { <ErrorNotice error=e /> })}
        {move || match w.step.get() {
            Step::Start => view! { <start::StartStep w=w /> }.into_any(),
            Step::Connection => view! { <connection::ConnectionStep w=w /> }.into_any(),
            Step::Settings => view! { <settings::SettingsStep w=w /> }.into_any(),
            Step::Capture => view! { <capture::CaptureStep w=w /> }.into_any(),
            Step::Snapshot => view! { <options::SnapshotStep w=w /> }.into_any(),
            Step::Events => view! { <options::EventsStep w=w /> }.into_any(),
            Step::Errors => view! { <options::ErrorsStep w=w /> }.into_any(),
            Step::Review => view! { <review::ReviewStep w=w /> }.into_any(),
        }}
    }
}
