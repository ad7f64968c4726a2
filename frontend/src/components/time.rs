//! Times as people read them, in the browser's locale and time zone.

use wasm_bindgen::JsValue;

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

/// How long ago `ms` was: "just now", "5 min ago", "3 h ago", "2 d ago".
pub fn ago(ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return "never".to_owned();
    };
    let secs = ((js_sys::Date::now() - ms as f64) / 1000.0).max(0.0) as i64;
    match secs {
        0..=59 => "just now".to_owned(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86_400),
    }
}
