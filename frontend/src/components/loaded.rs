//! Loading and failure as components: a resource's data once it arrives, "Loading…" until the
//! first answer (later answers replace the data without flashing), and the error where the data
//! would have been.
//!
//! The view is built from a memo of the answer, so an answer equal to the last one (most polls)
//! rebuilds nothing. A rebuild replaces every element: a click whose press and release straddle
//! it lands on two different buttons and is lost, and rows a user opened close again.

use leptos::prelude::*;
use sluice_shared::ApiError;

use super::error_notice::ErrorNotice;

/// `view(data)` for `resource`, built again only when its answer changes.
#[component]
pub fn Loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiError>>,
    /// Shown until the first answer.
    loading: &'static str,
    view: F,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    // A refetch keeps the last answer until the next one arrives, so this is `None` only
    // before the first.
    let answer = Memo::new(move |_| resource.get());
    move || match answer.get() {
        None => view! { <p class="loading">{loading}</p> }.into_any(),
        Some(Ok(data)) => view(data).into_any(),
        Some(Err(error)) => view! { <ErrorNotice error=error /> }.into_any(),
    }
}
