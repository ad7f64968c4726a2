//! Live data without reloads: fetch now, then again each interval after the answer, for as
//! long as the component that asked is mounted. It is a resource, so `<Transition>` keeps the
//! previous answer on screen while the next request is in flight and tables do not flicker.
//! A 401 ends the session in the API layer, which unmounts the component and stops the polling.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::ApiError;

pub fn use_polled<T, F, Fut>(every: Duration, fetch: F) -> LocalResource<Result<T, ApiError>>
where
    T: Clone + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    use_polled_by(move |_: Option<&T>| every, fetch)
}

/// [`use_polled`] with the wait chosen from each answer (`None` for a failure): quick while
/// something runs, slow when nothing moves.
pub fn use_polled_by<T, W, F, Fut>(every: W, fetch: F) -> LocalResource<Result<T, ApiError>>
where
    T: Clone + 'static,
    W: Fn(Option<&T>) -> Duration + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let resource = LocalResource::new(fetch);
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });
    spawn_local(async move {
        // Checked right before each use: a disposed resource cannot be awaited.
        while alive.load(Ordering::Relaxed) {
            // Shown by whoever reads the resource; here it only sets the pace.
            let answer = resource.await;
            sleep(every(answer.as_ref().ok())).await;
            if !alive.load(Ordering::Relaxed) {
                break;
            }
            resource.refetch();
            // The new request starts on the next turn of the event loop: wait for it to begin,
            // so the next await is for its answer.
            sleep(Duration::ZERO).await;
        }
    });
    resource
}
