//! Serving the built web app: hashed assets cached for a year, `index.html` always revalidated,
//! precompressed `.br`/`.gz` files when the client accepts them, and `index.html` for every path
//! that looks like a page of the app (client-side routing), so deep links and reloads work.
//! `index.html` (with the deploy's `<base href>`) and `config.json` are served as read at start.

use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

use crate::cached::{etag_of, is_not_modified};
use crate::deploy::AppDeploy;

/// `Cache-Control` for files whose name carries a content hash: they never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for everything else: use a cached copy only after revalidating it.
pub const REVALIDATE: &str = "no-cache";

/// A document read at start, served with an ETag so a revalidation costs a `304`.
#[derive(Clone)]
struct Document {
    body: Arc<str>,
    etag: String,
    content_type: &'static str,
}

impl Document {
    fn new(body: &str, content_type: &'static str) -> Document {
        Document { body: Arc::from(body), etag: etag_of(body.as_bytes()), content_type }
    }

    fn respond(&self, request_headers: &HeaderMap) -> Response {
        let etag = HeaderValue::from_str(&self.etag).unwrap_or(HeaderValue::from_static("\"\""));
        if is_not_modified(request_headers, &self.etag) {
            return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
        }
        let headers = [(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type)), (header::ETAG, etag)];
        (headers, self.body.to_string()).into_response()
    }

    /// A route's handler answering with this document.
    fn handler(self) -> impl Fn(HeaderMap) -> std::future::Ready<Response> + Clone + Send + Sync + 'static {
        move |headers: HeaderMap| std::future::ready(self.respond(&headers))
    }
}

/// A router that serves `dist` and falls back to the deploy's `index.html`.
pub fn router(dist: &Path, deploy: &AppDeploy) -> Router {
    let index = Document::new(&deploy.index_html, "text/html; charset=utf-8");
    let fallback = {
        let index = index.clone();
        tower::service_fn(move |request: Request| {
            std::future::ready(Ok::<_, std::convert::Infallible>(page_or_missing(&index, &request)))
        })
    };
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(fallback);
    Router::new()
        .route("/", get(index.clone().handler()))
        .route("/index.html", get(index.handler()))
        .route("/config.json", get(Document::new(&deploy.config_json, "application/json").handler()))
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_control))
}

/// `GET /` when the app lives under a base path: there it is.
pub fn to_base(base_path: String) -> impl Fn() -> std::future::Ready<Redirect> + Clone {
    move || std::future::ready(Redirect::to(&base_path))
}

/// A path without a file extension is a page of the app: answer with `index.html`. A path with
/// one (`/missing.js`) is a missing file: a plain 404, never HTML where a script was expected.
fn page_or_missing(index: &Document, request: &Request) -> Response {
    let last_segment = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    index.respond(request.headers())
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
