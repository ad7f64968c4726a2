//! What a view says while Connect does not answer: since when, what time the shown data is
//! from, and how it comes back (by itself, or by loading again).

use leptos::prelude::*;

use super::time::local_time;

#[component]
pub fn StaleNotice(
    /// Since when Connect has not answered, ms since the epoch.
    since_ms: u64,
    /// When what is shown was asked, ms since the epoch.
    shown_ms: Option<u64>,
    /// The subject of "… from HH:MM": "The states shown are", "This config is".
    what: &'static str,
    /// Offers to ask again; without it the view updates by itself.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
    #[prop(default = "stale-notice")] testid: &'static str,
) -> impl IntoView {
    let at = |ms: u64| local_time(i64::try_from(ms).ok());
    view! {
        <p class="notice notice-warn" role="status" data-testid=testid>
            "Connect has not answered since " {at(since_ms)} ". "
            {shown_ms.map(|s| format!("{what} from {}. ", at(s)))}
            {match retry {
                Some(retry) => view! {
                    <button type="button" class="secondary small" data-testid="stale-retry"
                        on:click=move |_| retry.run(())>"Load again"</button>
                }.into_any(),
                None => "They update by themselves when it answers.".into_any(),
            }}
        </p>
    }
}
