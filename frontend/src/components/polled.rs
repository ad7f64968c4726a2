//! Live data without reloads: fetch now, then again every interval, for as long as the
//! component that asked is mounted. The previous value stays on screen while the next
//! request is in flight, so tables do not flicker.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sluice_shared::ApiError;

pub fn use_polled<T, F, Fut>(every: Duration, fetch: F) -> ReadSignal<Option<Result<T, ApiError>>>
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let (value, set_value) = signal(None);
    let session = crate::session::Session::get();
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });
    spawn_local(async move {
        while alive.load(Ordering::Relaxed) {
            let result = fetch().await;
            if !alive.load(Ordering::Relaxed) {
                break;
            }
            if let (Err(e), Some(s)) = (&result, session)
                && e.code == sluice_shared::ErrorCode::Unauthenticated
            {
                s.expire();
                break;
            }
            set_value.try_set(Some(result));
            gloo_timers::future::sleep(every).await;
        }
    });
    value
}
