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

#[tokio::test]
async fn index_html_is_revalidated_with_its_etag() {
    let server = TestServer::start().await;
    let first = server.get("/").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = server.client.get(server.url("/mpp")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304, "a page of the app is the same index.html");
    server.stop().await;
}

#[tokio::test]
async fn a_deploy_under_a_base_path_serves_the_app_and_the_api_there_with_its_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    std::fs::write(config.dist.join("index.html"), "<head><base href=/><link href=main.css></head>").unwrap();
    let app_config = dir.path().join("portal.json");
    std::fs::write(&app_config, r#"{"allowed_origins":["https://portal.example.go.id"],"languages":["id"]}"#).unwrap();
    config.base_path = "/layanan/antrean/".into();
    config.app_config = Some(app_config);
    let server = TestServer::start_with(dir, &config).await;

    for path in ["/layanan/antrean/", "/layanan/antrean/mpp/mpp-tomohon", "/layanan/antrean"] {
        let page = server.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("frame-ancestors 'self' https://portal.example.go.id"), "{csp}");
        assert_eq!(page.text().await.unwrap(), "<head><base href=\"/layanan/antrean/\"><link href=main.css></head>");
    }
    let config_json = server.get("/layanan/antrean/config.json").await;
    assert_eq!(config_json.status(), 200);
    assert_eq!(config_json.headers()["cache-control"], "no-cache");
    assert!(config_json.text().await.unwrap().contains("portal.example.go.id"));
    let api = server.get("/layanan/antrean/api/v1/catalogue").await;
    assert_eq!(api.status(), 200);
    assert!(api.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(server.get(&format!("/layanan/antrean/{HASHED_JS}")).await.status(), 200);
    // Outside the base there is nothing but the way in.
    assert_eq!(server.get("/api/v1/catalogue").await.status(), 404);
    let root = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().unwrap();
    let redirect = root.get(server.url("/")).send().await.unwrap();
    assert_eq!(redirect.status(), 303);
    assert_eq!(redirect.headers()["location"], "/layanan/antrean/");
    server.stop().await;
}

#[tokio::test]
async fn a_configuration_that_is_not_json_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    let app_config = dir.path().join("broken.json");
    std::fs::write(&app_config, "{ \"allowed_origins\": [").unwrap();
    config.app_config = Some(app_config);
    let error = antrean_server::Server::start(&config).await.err().expect("refused").to_string();
    assert!(error.contains("broken.json") && error.contains("not a valid app configuration"), "{error}");
}
