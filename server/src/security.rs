//! Security headers. The app's Content-Security-Policy allows no `unsafe-inline` and no
//! `unsafe-eval`: Trunk's inline start-up script is allowed by its SHA-256 hash, computed from the
//! built `index.html` at start, and `wasm-unsafe-eval` lets the browser compile the wasm.
//! `frame-ancestors` comes from the app configuration's `allowed_origins` (and `--frame-ancestor`),
//! for portals that embed Antrean; an API or a logo on another origin is added to `connect-src` and
//! `img-src`.

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

/// Origins besides our own that the app's policy names.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    pub frame: Vec<String>,
    pub connect: Vec<String>,
    pub image: Vec<String>,
}

impl Origins {
    pub fn of(deploy: &crate::deploy::AppDeploy, frame_ancestors: &[String]) -> Origins {
        let mut frame = deploy.frame_origins.clone();
        frame.extend(frame_ancestors.iter().map(|o| o.trim_end_matches('/').to_owned()));
        Origins { frame, connect: deploy.connect_origins.clone(), image: deploy.image_origins.clone() }
    }
}

/// `'self'` and the origins, as a source list.
fn sources(origins: &[String]) -> String {
    origins.iter().fold("'self'".to_owned(), |list, origin| list + " " + origin)
}

impl Policies {
    pub fn new(index_html: &str, origins: &Origins) -> Policies {
        use base64::Engine;
        use sha2::Digest;
        let hashes: String = inline_scripts(index_html)
            .map(|script| {
                let digest = sha2::Sha256::digest(script.as_bytes());
                format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
            })
            .collect();
        let (ancestors, connect, images) =
            (sources(&origins.frame), sources(&origins.connect), sources(&origins.image));
        let app = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src {images} data:; \
             connect-src {connect}; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
        );
        Policies {
            app: HeaderValue::from_str(&app).unwrap_or(HeaderValue::from_static("default-src 'self'")),
            api: HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        }
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
        let origins = Origins { frame: vec!["https://portal.example.go.id".into()], ..Origins::default() };
        let policies = Policies::new(html, &origins);
        let app = policies.app.to_str().unwrap();
        assert!(app.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{app}");
        assert!(!app.contains("unsafe-inline") && !app.contains("'unsafe-eval'"), "{app}");
        assert!(app.contains("frame-ancestors 'self' https://portal.example.go.id"), "{app}");
    }
}
