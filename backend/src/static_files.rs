//! Serves the built UI from `dist/`: precompressed variants when present, and `index.html`
//! for any other GET so client-side routes survive a reload. Also the Content-Security-Policy
//! that lets the browser run the UI's own script and wasm and nothing else, and how long the
//! browser may keep each file.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
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
    Router::new()
        .fallback_service(get_service(serve))
        .layer(middleware::from_fn(cache_control))
}

/// Files whose name carries their content's hash (Trunk's `name-0123456789abcdef.ext`) never
/// change: kept a year. Everything else (index.html, the split loader, the page chunks, whose
/// names stay the same from build to build) is asked again each time, answered 304 while it
/// is unchanged, so a new version never meets chunks of the old one.
async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// A script, wasm or style sheet at the root named `name-<hash>` (Trunk writes a 64-bit hash
/// in hex, without leading zeros: 12 to 16 digits in practice); client-side routes
/// (which get index.html) are deeper, whatever their last segment looks like.
fn content_hashed(path: &str) -> bool {
    let Some(file) = path.strip_prefix('/').filter(|f| !f.contains('/')) else {
        return false;
    };
    let Some((stem, "js" | "wasm" | "css")) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The policy every answer carries. Scripts: the console's own files and the one inline
/// module script Trunk writes into `index.html` to start the wasm (allowed by its hash, read
/// from the built file, so a rebuild needs no configuration); `'wasm-unsafe-eval'` lets that
/// script compile the wasm, without allowing `eval` of text. Data: only this origin (the API
/// and the fleet's event stream). No frames, plugins, inline styles or foreign forms.
pub fn content_security_policy(dist: &Path) -> String {
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let hashes: String = inline_scripts(&html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
    )
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let (script, _) = body.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(script)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_named_by_their_hash_are_kept_for_good() {
        for kept in [
            "/sluice_frontend-a8992313e3b47428.js",
            "/sluice_frontend-a8992313e3b47428_bg.wasm",
            "/sluice_frontend-7b7f2e1790f776a.js",
            "/style-73c5fb36f09f8326.css",
        ] {
            assert!(content_hashed(kept), "{kept}");
        }
        for asked in [
            "/",
            "/index.html",
            "/__wasm_split.js",
            "/chunk_12.wasm",
            "/split___wizard_pages_14810445187797958612.wasm",
            "/clusters/w1/connectors/pg-orders",
            // A client-side route gets index.html, however its name looks.
            "/clusters/w1/connectors/orders-0123456789abcdef",
            "/orders-0123456789abcdef",
        ] {
            assert!(!content_hashed(asked), "{asked}");
        }
    }

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else_inline() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script></head>";
        let scripts: Vec<_> = inline_scripts(html).collect();
        assert_eq!(scripts, ["\nimport init from '/a.js';\n"]);
        let dir = std::env::temp_dir().join(format!("csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("index.html"), html).expect("index");
        let csp = content_security_policy(&dir);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest("\nimport init from '/a.js';\n".as_bytes()));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(csp.matches("sha256-").count(), 1, "{csp}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
