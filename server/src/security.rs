//! Security headers. The app's Content-Security-Policy allows no `unsafe-inline` and no
//! `unsafe-eval`: Trunk's inline start-up script is allowed by its SHA-256 hash, computed from the
//! built `index.html` at start, and `wasm-unsafe-eval` lets the browser compile the wasm.
//! `frame-ancestors` comes from the configuration, for portals that embed Antrean.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The two policies: one for the app's pages and files, one for API answers.
#[derive(Clone, Debug)]
pub struct Policies {
    app: HeaderValue,
    api: HeaderValue,
}

impl Policies {
    pub fn new(index_html: &str, frame_ancestors: &[String]) -> Policies {
        use base64::Engine;
        use sha2::Digest;
        let hashes: String = inline_scripts(index_html)
            .map(|script| {
                let digest = sha2::Sha256::digest(script.as_bytes());
                format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
            })
            .collect();
        let ancestors = if frame_ancestors.is_empty() {
            "'self'".to_owned()
        } else {
            format!("'self' {}", frame_ancestors.join(" "))
        };
        let app = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
        );
        Policies {
            app: HeaderValue::from_str(&app).unwrap_or(HeaderValue::from_static("default-src 'self'")),
            api: HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        }
    }

    pub fn from_dist(dist: &Path, frame_ancestors: &[String]) -> Policies {
        let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        Policies::new(&index, frame_ancestors)
    }
}

/// The contents of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let (content, _) = body.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(content)
    })
}

pub async fn headers(State(policies): State<Policies>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    headers.insert(header::CONTENT_SECURITY_POLICY, if api { policies.api.clone() } else { policies.app.clone() });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<html><script type="module">import init from '/a.js'; init();</script><script src="/b.js"></script></html>"#;
        assert_eq!(inline_scripts(html).collect::<Vec<_>>(), ["import init from '/a.js'; init();"]);
        let policies = Policies::new(html, &["https://portal.example.go.id".into()]);
        let app = policies.app.to_str().unwrap();
        assert!(app.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{app}");
        assert!(!app.contains("unsafe-inline") && !app.contains("'unsafe-eval'"), "{app}");
        assert!(app.contains("frame-ancestors 'self' https://portal.example.go.id"), "{app}");
    }
}
