//! The committed contract (`openapi.json` at the repository root) is the one the code generates,
//! and the server serves it. Regenerate with `UPDATE_OPENAPI=1 cargo test -p antrean-server --test openapi`.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

#[test]
fn the_committed_openapi_json_is_up_to_date() {
    let generated = antrean_server::openapi::json().unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some_and(|v| !v.is_empty()) {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p antrean-server --test openapi` and commit it"
    );
    let document: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    for path in [
        "/api/v1/catalogue",
        "/api/v1/mpps",
        "/api/v1/mpps/{id}",
        "/api/v1/mpps/{id}/counters/{counter}/availability",
        "/api/v1/holds",
        "/api/v1/bookings",
        "/api/v1/bookings/{code}",
        "/api/v1/bookings/{code}/cancel",
        "/api/v1/bookings/{code}/reschedule",
        "/api/v1/draws/{mpp}/{counter}/{service}",
        "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}",
        "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/result",
        "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries",
        "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}",
        "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}/change",
        "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}/withdraw",
    ] {
        assert!(document["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(document["components"]["schemas"].get("Problem").is_some());
}

#[tokio::test]
async fn the_server_serves_its_contract() {
    let server = support::TestServer::start().await;
    let response = server.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let served: serde_json::Value = response.json().await.unwrap();
    let generated: serde_json::Value = serde_json::from_str(&antrean_server::openapi::json().unwrap()).unwrap();
    assert_eq!(served, generated);
    server.stop().await;
}
