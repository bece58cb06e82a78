//! The API on a real loopback port: the directory, and problem+json for every error.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use antrean_core::api::{MppList, Problem, ProblemKind};
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
        assert_eq!(problem.kind, ProblemKind::NotFound);
        assert_eq!(problem.status, 404);
        let detail = problem.detail.unwrap();
        assert!(detail.contains(&format!(" {path}.")), "the path as sent, /api included: {detail}");
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
    assert_eq!(problem.kind, ProblemKind::MethodNotAllowed);
    assert!(problem.detail.unwrap().contains("/api/openapi.json"));
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

#[tokio::test]
async fn catalogue_and_directory_carry_etags_and_answer_304() {
    let server = TestServer::start().await;
    for path in ["/api/v1/catalogue", "/api/v1/mpps", "/api/v1/mpps?province=71", "/api/v1/mpps/mpp-tomohon"] {
        let first = server.get(path).await;
        assert_eq!(first.status(), 200, "{path}");
        let etag = first.headers()["etag"].to_str().unwrap().to_owned();
        assert!(first.headers()["cache-control"].to_str().unwrap().contains("max-age"), "{path}");
        let again = server.client.get(server.url(path)).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
        let stale = server.client.get(server.url(path)).header("if-none-match", "\"old\"").send().await.unwrap();
        assert_eq!(stale.status(), 200, "{path}");
    }
    let catalogue: antrean_core::api::Catalogue = server.get("/api/v1/catalogue").await.json().await.unwrap();
    assert!(catalogue.services.len() >= 30);
    assert!(catalogue.services.iter().any(|s| s.id == "paspor-baru-anak" && !s.questions.is_empty()));
    server.stop().await;
}

#[tokio::test]
async fn the_directory_filters_by_province_city_service_and_words() {
    let server = TestServer::start().await;
    let ids = |list: MppList| list.items.into_iter().map(|m| m.id.to_string()).collect::<Vec<_>>();
    let sulut: MppList = server.get("/api/v1/mpps?province=71").await.json().await.unwrap();
    assert_eq!(ids(sulut), ["mpp-bitung", "mpp-tomohon"]);
    let city: MppList = server.get("/api/v1/mpps?city=12.72").await.json().await.unwrap();
    assert_eq!(ids(city), ["mpp-siantar"]);
    let passports: MppList = server.get("/api/v1/mpps?service=paspor-baru-anak").await.json().await.unwrap();
    let passports = ids(passports);
    assert!(
        passports.contains(&"mpp-medan".to_owned()) && !passports.contains(&"mpp-bitung".to_owned()),
        "{passports:?}"
    );
    let words: MppList = server.get("/api/v1/mpps?q=siola%20surabaya").await.json().await.unwrap();
    assert_eq!(ids(words), ["mpp-siola"]);
    let unknown = server.get("/api/v1/mpps?colour=red").await;
    assert_eq!(unknown.status(), 400);
    let detail: antrean_core::api::MppDetail = server.get("/api/v1/mpps/mpp-siantar").await.json().await.unwrap();
    let imigrasi = detail.mpp.counters.iter().find(|c| c.id == "imigrasi").unwrap();
    assert_eq!(imigrasi.weekdays.len(), 1, "Tuesdays only");
    assert_eq!(server.get("/api/v1/mpps/mpp-nowhere").await.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn availability_is_bounded_and_explains_closed_days() {
    let server = TestServer::start().await;
    let base = "/api/v1/mpps/mpp-pekanbaru/counters/dukcapil/availability";
    let christmas: antrean_core::api::Availability =
        server.get(&format!("{base}?service=ktp-baru&from=2026-12-24&to=2026-12-27")).await.json().await.unwrap();
    let statuses: Vec<String> = christmas
        .days
        .iter()
        .map(|d| serde_json::to_value(&d.status).unwrap()["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["cuti_bersama", "national_holiday", "not_served", "not_served"]);
    let too_long = server.get(&format!("{base}?service=ktp-baru&from=2026-12-01&to=2027-02-15")).await;
    assert_eq!(too_long.status(), 400);
    let problem: Problem = too_long.json().await.unwrap();
    assert!(problem.detail.unwrap().contains("62"));
    assert_eq!(server.get(&format!("{base}?service=ktp-baru&from=2026-12-10&to=2026-12-01")).await.status(), 400);
    assert_eq!(server.get(&format!("{base}?service=paspor-baru-dewasa")).await.status(), 422);
    assert_eq!(server.get(&format!("{base}?from=2026-12-01")).await.status(), 400, "service is required");
    assert_eq!(server.get("/api/v1/mpps/mpp-x/counters/dukcapil/availability?service=ktp-baru").await.status(), 404);
    assert_eq!(
        server.get("/api/v1/mpps/mpp-pekanbaru/counters/nope/availability?service=ktp-baru").await.status(),
        404
    );
    server.stop().await;
}

#[tokio::test]
async fn security_headers_and_cors_for_the_configured_portal() {
    let server = TestServer::start().await;
    let page = server.get("/").await;
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let api = server.get("/api/v1/mpps").await;
    assert_eq!(api.headers()["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    let allowed = server
        .client
        .get(server.url("/api/v1/mpps"))
        .header("origin", "https://portal.example.go.id")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://portal.example.go.id");
    let other =
        server.client.get(server.url("/api/v1/mpps")).header("origin", "https://evil.example").send().await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/api/v1/bookings"))
        .header("origin", "https://portal.example.go.id")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert!(preflight.headers()["access-control-allow-headers"].to_str().unwrap().contains("idempotency-key"));
    server.stop().await;
}

#[tokio::test]
async fn posts_are_rate_limited_with_retry_after_and_bodies_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.post_rate_per_minute = 10; // bursts of 2
    let server = TestServer::start_with(dir, &config).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response =
            server.client.post(server.url("/api/v1/holds")).json(&serde_json::json!({})).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            assert!(response.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
            assert_eq!(response.headers()["content-type"], "application/problem+json");
        }
    }
    assert_eq!(statuses, [422, 422, 429, 429]);
    assert_eq!(server.get("/api/v1/mpps").await.status(), 200, "reads are not limited");
    server.stop().await;

    let server = TestServer::start().await;
    let huge = serde_json::json!({ "mpp": "x".repeat(20_000) });
    let response = server.client.post(server.url("/api/v1/holds")).json(&huge).send().await.unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.kind, ProblemKind::PayloadTooLarge);
    assert!(problem.detail.unwrap().contains("16 KB"));
    server.stop().await;
}

#[tokio::test]
async fn the_limit_follows_the_client_behind_a_trusted_proxy_and_only_there() {
    let statuses = |server: &TestServer, clients: &'static [&'static str]| {
        let (client, url) = (server.client.clone(), server.url("/api/v1/holds"));
        async move {
            let mut statuses = Vec::new();
            for forwarded in clients {
                let request = client.post(&url).header("x-forwarded-for", *forwarded).json(&serde_json::json!({}));
                statuses.push(request.send().await.unwrap().status().as_u16());
            }
            statuses
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.post_rate_per_minute = 10; // bursts of 2
    let server = TestServer::start_with(dir, &config).await;
    // Not behind a trusted proxy: a forged header is no way around the limit.
    assert_eq!(statuses(&server, &["36.72.14.1", "36.72.14.2", "36.72.14.3"]).await, [422, 422, 429]);
    server.stop().await;

    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.post_rate_per_minute = 10;
    config.trusted_proxies = vec![antrean_server::client_address::parse_network("127.0.0.0/8").unwrap()];
    let server = TestServer::start_with(dir, &config).await;
    // The proxy on loopback forwards two citizens: each has a limit of their own, and a citizen
    // cannot escape theirs by writing the header themselves (the proxy appends the real address).
    const CITIZENS: &[&str] = &["36.72.14.1", "36.72.14.1", "36.72.14.1", "36.72.14.2", "9.9.9.9, 36.72.14.1"];
    assert_eq!(statuses(&server, CITIZENS).await, [422, 422, 429, 422, 429]);
    server.stop().await;
}

#[tokio::test]
async fn the_directory_filters_through_cores_search_over_the_same_data_as_each_mpp() {
    use antrean_core::directory_search::{DirectoryIndex, DirectoryQuery};
    let server = TestServer::start().await;
    let all: MppList = server.get("/api/v1/mpps").await.json().await.unwrap();
    // Offline, the app runs core's search over the list it keeps: the server must agree with it.
    let offline = DirectoryIndex::new(&all.items);
    let queries = [
        "SIOLA",
        "siola Surabaya",
        "KOTA tomohon",
        "  Jawa   TIMUR ",
        "sulawesi UTARA",
        "Tomohón",
        "TOMOHÓN",
        "É",
        "Śląsk",
        "straße",
        "İstanbul",
        "東京",
        "mpp kota 🙂",
        "",
    ];
    for (q, (province, service)) in
        queries.iter().flat_map(|q| [(None, None), (Some("71"), None), (None, Some("ktp-baru"))].map(|f| (q, f)))
    {
        let mut request = server.client.get(server.url("/api/v1/mpps")).query(&[("q", q)]);
        if let Some(province) = province {
            request = request.query(&[("province", province)]);
        }
        if let Some(service) = service {
            request = request.query(&[("service", service)]);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{q}");
        let online: MppList = response.json().await.unwrap();
        let query =
            DirectoryQuery { province: province.map(|p| p.parse().unwrap()), service, words: q, ..Default::default() };
        let expected: Vec<_> = offline.find(&query).iter().map(|f| all.items[f.index].id.clone()).collect();
        let got: Vec<_> = online.items.iter().map(|m| m.id.clone()).collect();
        assert_eq!(got, expected, "q={q:?} province={province:?} service={service:?}");
    }
    let words: MppList = server.get("/api/v1/mpps?q=SiOlA").await.json().await.unwrap();
    assert_eq!(words.items.len(), 1, "any case of ASCII letters");
    let nothing: MppList = server.get("/api/v1/mpps?province=not-a-code").await.json().await.unwrap();
    assert!(nothing.items.is_empty(), "a malformed code matches nothing, as an unknown one does");
    // Each listed MPP is the one its own resource describes.
    for item in &all.items {
        let detail: antrean_core::api::MppDetail =
            server.get(&format!("/api/v1/mpps/{}", item.id)).await.json().await.unwrap();
        assert_eq!(&antrean_core::api::MppSummary::from(&detail.mpp), item);
    }
    server.stop().await;
}
