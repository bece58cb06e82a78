//! Serving the built web app: caching by file name, client-side routing fallback, compression.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TestServer, HASHED_JS, INDEX_HTML};

#[tokio::test]
async fn index_html_is_always_revalidated() {
    let server = TestServer::start().await;
    for path in ["/", "/index.html"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_eq!(response.text().await.unwrap(), INDEX_HTML);
    }
    server.stop().await;
}

#[tokio::test]
async fn hashed_assets_are_immutable_for_a_year() {
    let server = TestServer::start().await;
    let response = server.get(&format!("/{HASHED_JS}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(response.headers()["content-type"].to_str().unwrap().contains("javascript"));
    let plain = server.get("/favicon.svg").await;
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["cache-control"], "no-cache", "unhashed files are revalidated");
    server.stop().await;
}

#[tokio::test]
async fn app_paths_fall_back_to_index_html_but_missing_files_do_not() {
    let server = TestServer::start().await;
    for path in ["/mpp/mpp-tomohon", "/layanan/paspor-baru/pertanyaan/2", "/tiket"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.unwrap(), INDEX_HTML, "{path}");
    }
    let missing = server.get("/antrean-ffffffffffffffff.js").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get("cache-control").is_none(), "a 404 must not be cached for a year");
    server.stop().await;
}

#[tokio::test]
async fn assets_are_compressed_on_the_fly_and_precompressed_files_are_preferred() {
    let dir = tempfile::tempdir().unwrap();
    let config = support::config_in(dir.path());
    // A precompressed twin, as `make build` writes them: served as is to clients that accept br.
    std::fs::write(config.dist.join(format!("{HASHED_JS}.br")), b"precompressed").unwrap();
    let server = TestServer::start_with(dir, &config).await;
    let url = server.url(&format!("/{HASHED_JS}"));
    let br = server.client.get(&url).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"precompressed");
    let gzip = server.client.get(&url).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip", "compressed on the fly");
    server.stop().await;
}
