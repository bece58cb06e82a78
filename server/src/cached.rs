//! JSON answers that rarely change (catalogue, directory): an `ETag` from their content,
//! `Cache-Control`, and `304 Not Modified` when the client already has them. An answer built once
//! at start and sent many times (the catalogue) is also compressed once with brotli at quality 11
//! (−16 % against the per-request compression; a phone downloads it before its first checklist).
//! Answers built per request (the directory) are not: quality 11 costs milliseconds per request,
//! and the compression layer handles them.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::crypto::sha256_hex;

/// A JSON body with its strong ETag, and for a precompressed answer the same body in brotli.
#[derive(Clone, Debug)]
pub struct CachedJson {
    pub body: Bytes,
    pub brotli: Option<Bytes>,
    pub etag: String,
}

impl CachedJson {
    /// An answer built for one request.
    pub fn new(value: &impl serde::Serialize) -> Result<CachedJson, serde_json::Error> {
        let body = serde_json::to_vec(value)?;
        let etag = etag_of(&body);
        Ok(CachedJson { body: Bytes::from(body), brotli: None, etag })
    }

    /// An answer built once and kept: compressed now, at brotli's best.
    pub fn precompressed(value: &impl serde::Serialize) -> Result<CachedJson, serde_json::Error> {
        let answer = CachedJson::new(value)?;
        Ok(CachedJson { brotli: compress(&answer.body), ..answer })
    }

    /// 200 with the body, or 304 when `If-None-Match` names this version.
    pub fn respond(&self, request_headers: &HeaderMap, max_age_seconds: u32) -> Response {
        let cache_control = format!("public, max-age={max_age_seconds}, must-revalidate");
        let matches = is_not_modified(request_headers, &self.etag);
        let etag = HeaderValue::from_str(&self.etag).unwrap_or(HeaderValue::from_static("\"\""));
        let cache_control = HeaderValue::from_str(&cache_control).unwrap_or(HeaderValue::from_static("no-cache"));
        if matches {
            return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache_control)])
                .into_response();
        }
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache_control),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ];
        match &self.brotli {
            Some(brotli) if accepts_brotli(request_headers) => {
                let encoding = [(header::CONTENT_ENCODING, HeaderValue::from_static("br"))];
                (headers, encoding, brotli.clone()).into_response()
            }
            _ => (headers, self.body.clone()).into_response(),
        }
    }
}

/// A strong ETag for a body: the first 128 bits of its SHA-256, quoted.
pub fn etag_of(body: &[u8]) -> String {
    format!("\"{}\"", &sha256_hex(body)[..32])
}

/// Whether the request's `If-None-Match` names `etag` (in a list, weakly, or as `*`).
pub fn is_not_modified(request_headers: &HeaderMap, etag: &str) -> bool {
    let Some(tags) = request_headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else { return false };
    tags.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

fn compress(body: &[u8]) -> Option<Bytes> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut compressed = Vec::new();
    brotli::BrotliCompress(&mut &body[..], &mut compressed, &params).ok()?;
    Some(Bytes::from(compressed))
}

/// Whether `Accept-Encoding` lists `br` without `q=0`.
fn accepts_brotli(headers: &HeaderMap) -> bool {
    let Some(accepted) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else { return false };
    accepted.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        parts.next() == Some("br") && !parts.any(|p| p == "q=0" || p == "q=0.0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_sent_only_to_clients_that_accept_it() {
        let mut headers = HeaderMap::new();
        assert!(!accepts_brotli(&headers));
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br, zstd"));
        assert!(accepts_brotli(&headers));
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert!(!accepts_brotli(&headers));
        let value = serde_json::json!({"text": "Paspor ".repeat(100)});
        assert!(
            CachedJson::new(&value).unwrap().brotli.is_none(),
            "per-request answers are left to the compression layer"
        );
        let answer = CachedJson::precompressed(&value).unwrap();
        let mut decompressed = Vec::new();
        brotli::BrotliDecompress(&mut &answer.brotli.unwrap()[..], &mut decompressed).unwrap();
        assert_eq!(decompressed, answer.body);
    }
}
