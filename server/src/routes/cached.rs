//! JSON answers that rarely change (catalogue, directory): an `ETag` from their content,
//! `Cache-Control`, and `304 Not Modified` when the client already has them.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::storage::bookings::sha256_hex;

/// A JSON body with its strong ETag.
#[derive(Clone, Debug)]
pub struct CachedJson {
    pub body: Bytes,
    pub etag: String,
}

impl CachedJson {
    pub fn new(value: &impl serde::Serialize) -> Result<CachedJson, serde_json::Error> {
        let body = serde_json::to_vec(value)?;
        let etag = format!("\"{}\"", &sha256_hex(&body)[..32]);
        Ok(CachedJson { body: Bytes::from(body), etag })
    }

    /// 200 with the body, or 304 when `If-None-Match` names this version.
    pub fn respond(&self, request_headers: &HeaderMap, max_age_seconds: u32) -> Response {
        let cache_control = format!("public, max-age={max_age_seconds}, must-revalidate");
        let matches = request_headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(',').any(|tag| {
                let tag = tag.trim();
                tag == self.etag || tag == "*" || tag.trim_start_matches("W/") == self.etag
            })
        });
        let etag = HeaderValue::from_str(&self.etag).unwrap_or(HeaderValue::from_static("\"\""));
        let cache_control = HeaderValue::from_str(&cache_control).unwrap_or(HeaderValue::from_static("no-cache"));
        if matches {
            return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache_control)])
                .into_response();
        }
        (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache_control),
            ],
            self.body.clone(),
        )
            .into_response()
    }
}
