//! Debezium 1.x settings found in a config, each with what the installed version wants, and
//! the rewrite (done in the browser by the same shared rules the server reports with).

use leptos::prelude::*;
use sluice_shared::legacy::LegacyReport;

/// The findings of `report`, each at its key, and a
/// "Rewrite" button when `on_rewrite` is given and the rules can rewrite anything.
#[component]
pub fn LegacyNotice(
    report: LegacyReport,
    on_rewrite: Option<Callback<()>>,
    /// `data-testid` of the notice; its button is `<testid>-rewrite`.
    testid: &'static str,
) -> impl IntoView {
    let version = report.debezium.clone();
    let button = on_rewrite.filter(|_| report.can_rewrite()).map(|on| {
        view! {
            <button type="button" class="secondary" data-testid=format!("{testid}-rewrite") on:click=move |_| on.run(())>
                {format!("Rewrite for Debezium {version}")}
            </button>
        }
    });
    view! {
        <div class="notice notice-warn" role="status" data-testid=testid>
            <strong>{format!("Written for Debezium 1.x: the installed Debezium {} ignores or rejects these settings", report.debezium)}</strong>
            <ul>
                {report.findings.into_iter().map(|f| view! {
                    <li data-key=f.key.clone()><code>{f.key.clone()}</code>" — "{f.message}</li>
                }).collect_view()}
            </ul>
            {button}
        </div>
    }
}
