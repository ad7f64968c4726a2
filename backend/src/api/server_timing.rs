//! The `Server-Timing` header on every API answer that asked Connect: Connect's time and
//! Sluice's own (the rest), so that a slow page shows in a browser's network panel which of
//! the two was slow, and `dev/bench` measures Sluice's overhead request by request.

use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::connect::timing;

pub async fn add(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let (mut response, waited) = timing::measure(next.run(request)).await;
    if waited.calls == 0 {
        return response;
    }
    let total = started.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let value = format!(
        "connect;dur={:.2};desc=\"Kafka Connect, {} call{}\", sluice;dur={:.2}",
        ms(waited.time),
        waited.calls,
        if waited.calls == 1 { "" } else { "s" },
        ms(total.saturating_sub(waited.time)),
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}
