//! Serves the built UI from `dist/`: precompressed variants when present, and `index.html`
//! for any other GET so client-side routes survive a reload.

use std::path::Path;

use axum::Router;
use axum::routing::get_service;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    if !index.exists() {
        tracing::warn!(dist = %dist.display(), "no built UI found; run `trunk build --release` (dev/run does)");
    }
    let serve = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(index)
                .precompressed_br()
                .precompressed_gzip(),
        );
    // get_service answers 405 for other methods, so only GET/HEAD reach the SPA fallback.
    Router::new().fallback_service(get_service(serve))
}
