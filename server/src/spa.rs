//! Serving the built web app: hashed assets cached for a year, `index.html` always revalidated,
//! precompressed `.br`/`.gz` files when the client accepts them, and `index.html` for every path
//! that looks like a page of the app (client-side routing), so deep links and reloads work.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` for files whose name carries a content hash: they never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for everything else: use a cached copy only after revalidating it.
pub const REVALIDATE: &str = "no-cache";

/// A router that serves `dist` and falls back to its `index.html`.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(tower::service_fn(move |request: Request| page_or_missing(index.clone(), request)));
    Router::new().fallback_service(files).layer(axum::middleware::from_fn(cache_control))
}

/// A path without a file extension is a page of the app: answer with `index.html`. A path with
/// one (`/missing.js`) is a missing file: a plain 404, never HTML where a script was expected.
async fn page_or_missing(index: PathBuf, request: Request) -> Result<Response, std::convert::Infallible> {
    let last_segment = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return Ok((StatusCode::NOT_FOUND, "Not found").into_response());
    }
    let response = ServeFile::new(index).precompressed_br().precompressed_gzip().oneshot(request).await;
    Ok(match response {
        Ok(response) => response.map(Body::new),
        Err(error) => match error {},
    })
}

/// Whether a file name carries Trunk's content hash, e.g. `antrean-0a1b2c3d4e5f6a7b_bg.wasm`.
/// Trunk writes a 64-bit hash in hex without zero padding, so it has up to 16 digits and fewer when
/// it starts with zeros (12 or more in all but 1 build in 65,536).
pub fn is_hashed(file_name: &str) -> bool {
    file_name.split('-').skip(1).any(|part| {
        let hex = part.bytes().take_while(u8::is_ascii_hexdigit).count();
        (12..=16).contains(&hex) && matches!(part.as_bytes().get(hex), None | Some(b'.') | Some(b'_'))
    })
}

/// Sets `Cache-Control` on successful responses of the app's files by their name.
async fn cache_control(request: Request, next: axum::middleware::Next) -> Response {
    let hashed = is_hashed(request.uri().path().rsplit('/').next().unwrap_or_default());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("antrean-0a1b2c3d4e5f6a7b.js"));
        assert!(is_hashed("antrean-0a1b2c3d4e5f6a7b_bg.wasm"));
        assert!(is_hashed("main-ffffffffffffffff.css"));
        assert!(is_hashed("antrean-0a1b2c3d4e5f6a7b_bg.wasm.br"));
        assert!(is_hashed("antrean-4111102b213cdf0_bg.wasm"), "a hash with a leading zero has 15 digits");
        assert!(is_hashed("antrean-4111102b213cdf0.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("favicon.svg"));
        assert!(!is_hashed("manifest-file.json"));
        assert!(!is_hashed("antrean-0a1b2c3d.js"), "too short");
        assert!(!is_hashed("x-0a1b2c3d4e5f6a7b9.js"), "too long");
    }
}
