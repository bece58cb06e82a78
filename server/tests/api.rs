//! The API on a real loopback port: the directory, and problem+json for every error.

mod support;

use antrean_core::api::{MppList, Problem};
use support::TestServer;

#[tokio::test]
async fn the_directory_lists_the_seeded_mpps_in_province_order() {
    let server = TestServer::start().await;
    let response = server.get("/api/v1/mpps").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let list: MppList = response.json().await.unwrap();
    assert!(list.items.len() >= 6, "{} MPPs", list.items.len());
    for id in ["mpp-tomohon", "mpp-pekanbaru", "mpp-bitung", "mpp-lebak", "mpp-kota-bekasi"] {
        assert!(list.items.iter().any(|mpp| mpp.id.as_str() == id), "{id} missing");
    }
    let tomohon = list.items.iter().find(|mpp| mpp.id.as_str() == "mpp-tomohon").unwrap();
    assert_eq!(tomohon.zone.label(), "WITA");
    assert_eq!(tomohon.province_name, "Sulawesi Utara");
    assert_eq!(tomohon.regency.to_string(), "71.73");
    let provinces: Vec<u8> = list.items.iter().map(|mpp| mpp.province.get()).collect();
    assert!(provinces.windows(2).all(|pair| pair[0] <= pair[1]), "{provinces:?}");
    server.stop().await;
}

#[tokio::test]
async fn unknown_api_paths_are_problem_json_404s() {
    let server = TestServer::start().await;
    for path in ["/api/v1/nothing-here", "/api/v2/mpps", "/api", "/api/"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
        let problem: Problem = response.json().await.unwrap();
        assert_eq!(problem.kind, "urn:antrean:problem:not-found");
        assert_eq!(problem.status, 404);
    }
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_method_is_a_problem_json_405() {
    let server = TestServer::start().await;
    let response = server.client.delete(server.url("/api/v1/mpps")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.kind, "urn:antrean:problem:method-not-allowed");
    server.stop().await;
}

#[tokio::test]
async fn api_responses_are_compressed_when_the_client_accepts_it() {
    let server = TestServer::start().await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip")] {
        let response =
            server.client.get(server.url("/api/v1/mpps")).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], expected);
    }
    server.stop().await;
}

#[tokio::test]
async fn the_health_check_answers_once_ready() {
    let server = TestServer::start().await;
    let response = server.get("/api/health").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"ok"}"#);
    server.stop().await;
}
