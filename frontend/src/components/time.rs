//! Times as people read them, in the browser's locale and time zone.

use std::time::Duration;

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// How often every "… ago" on screen is worked out again. Its finest step is a minute.
const TICK: Duration = Duration::from_secs(15);

thread_local! {
    /// The page's clock. A text made by [`live_ago`] follows it, so a table that shows such
    /// texts stays true without being rebuilt: a rebuild would lose a click in progress and
    /// close what the user opened.
    static CLOCK: ArcRwSignal<f64> = {
        let clock = ArcRwSignal::new(js_sys::Date::now());
        let tick = clock.clone();
        // Kept for the page's lifetime: the clock is.
        Interval::new(TICK.as_millis() as u32, move || tick.set(js_sys::Date::now())).forget();
        clock
    };
}

/// `ms` since the epoch as a local date and time, or "—".
pub fn local_time(ms: Option<i64>) -> String {
    match ms {
        Some(ms) => {
            let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
            String::from(date.to_locale_string("default", &JsValue::UNDEFINED))
        }
        None => "—".to_owned(),
    }
}

/// [`ago`] as a text that keeps itself true as time passes.
pub fn live_ago(ms: Option<i64>) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || ago(ms)
}

/// [`live_ago`], with `none` for a time that is not known instead of "never".
pub fn live_ago_or(
    ms: Option<i64>,
    none: &'static str,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || ms.map_or_else(|| none.to_owned(), |ms| ago(Some(ms)))
}

/// How long ago `ms` was: "just now", "5 min ago", "3 h ago", "2 d ago". Read in a reactive
/// closure, it is worked out again at each tick of the page's clock.
pub fn ago(ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return "never".to_owned();
    };
    let now = CLOCK.with(|clock| clock.get());
    let secs = ((now - ms as f64) / 1000.0).max(0.0) as i64;
    match secs {
        0..=59 => "just now".to_owned(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86_400),
    }
}
