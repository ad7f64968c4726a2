//! Loading and failure as components: a resource's data once it arrives, "Loading…" until the
//! first answer (later answers replace the data without flashing), and the error where the data
//! would have been.

use leptos::prelude::*;
use sluice_shared::{ApiError, ErrorCode};

use super::error_notice::ErrorNotice;

/// `view(data)` for `resource`, inside a `<Transition>` and an `<ErrorBoundary>`.
#[component]
pub fn Loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiError>>,
    /// Shown until the first answer.
    loading: &'static str,
    view: F,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            <ErrorBoundary fallback=error_notices>
                {move || {
                    let view = view.clone();
                    Suspend::new(async move { resource.await.map(view) })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// An `<ErrorBoundary>`'s errors, each as an [`ErrorNotice`].
fn error_notices(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| {
                let inner = e.into_inner();
                let error = inner
                    .downcast_ref::<ApiError>()
                    .cloned()
                    .unwrap_or_else(|| ApiError::new(ErrorCode::Internal, inner.to_string()));
                view! { <ErrorNotice error=error /> }
            })
            .collect_view()
    }
}
