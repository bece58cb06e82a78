//! Dates and instants from requests, anywhere in chrono's range and beyond it: the availability
//! and booking paths answer every one (a 400 problem when out of range), never panic, never drop
//! the connection. The probe's cases first, then arbitrary ones.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::OnceLock;

use antrean_core::api::{Problem, ProblemKind};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use support::{booking, nik, TestServer};

const AVAILABILITY: &str = "/api/v1/mpps/mpp-pekanbaru/counters/dukcapil/availability?service=ktp-baru";

/// One server for every case, on a runtime of its own (proptest cases are synchronous).
fn server() -> &'static (tokio::runtime::Runtime, TestServer) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, TestServer)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let server = runtime.block_on(TestServer::start());
        (runtime, server)
    })
}

/// The status, and the problem when the answer is an error (which must be problem+json).
fn send(request: reqwest::RequestBuilder) -> (u16, Option<Problem>) {
    server().0.block_on(async move {
        let response = request.send().await.expect("an answer, not a dropped connection");
        let status = response.status().as_u16();
        if status < 400 {
            return (status, None);
        }
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{status}");
        (status, Some(response.json().await.unwrap()))
    })
}

fn availability(query: &str) -> (u16, Option<Problem>) {
    let (_, server) = server();
    send(server.client.get(server.url(&format!("{AVAILABILITY}&{query}"))))
}

#[test]
fn the_probes_extreme_dates_are_400_problems() {
    for query in
        ["from=%2B262142-12-31", "from=-262143-01-01&to=-262143-01-01", "to=%2B262142-12-31", "from=1900-01-01"]
    {
        let (status, problem) = availability(query);
        assert_eq!(status, 400, "{query}");
        let problem = problem.unwrap();
        assert_eq!(problem.kind, ProblemKind::BadRequest);
        assert!(problem.detail.unwrap().contains("di luar jangkauan"), "{query}: Bahasa Indonesia by default");
    }
    let (_, server) = server();
    let far = booking("mpp-pekanbaru", "dukcapil", "ktp-baru", "9999-12-31T23:59:59Z", &nik(1));
    let key = support::unique_key();
    let request = server.client.post(server.url("/api/v1/bookings")).header("idempotency-key", key).json(&far);
    assert_eq!(send(request).0, 400);
}

/// A date anywhere chrono can hold, written as chrono writes it (`+262142-12-31` past year 9999).
fn any_date() -> impl Strategy<Value = String> {
    let min = NaiveDate::MIN.num_days_from_ce();
    let max = NaiveDate::MAX.num_days_from_ce();
    prop_oneof![
        (min..=max).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap().to_string()),
        // Near today, where the answers are real calendars.
        (0u64..4000).prop_map(|d| (chrono::Utc::now().date_naive() - Days::new(400) + Days::new(d)).to_string()),
        Just(NaiveDate::MAX.to_string()),
        Just(NaiveDate::MIN.to_string()),
        "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn availability_answers_any_date_and_range(from in any_date(), to in any_date(), which in 0u8..3) {
        let encode = |d: &str| d.replace('+', "%2B");
        let query = match which {
            0 => format!("from={}", encode(&from)),
            1 => format!("to={}", encode(&to)),
            _ => format!("from={}&to={}", encode(&from), encode(&to)),
        };
        let (status, _) = availability(&query);
        prop_assert!(status == 200 || status == 400, "{} for {}", status, query);
    }

    #[test]
    fn bookings_and_holds_answer_any_slot_instant(
        date in any_date(),
        time in "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]",
        serial in 0u32..10_000,
    ) {
        let (_, server) = server();
        let slot = format!("{date}T{time}Z");
        let body = booking("mpp-pekanbaru", "dukcapil", "ktp-baru", &slot, &nik(serial));
        let request = server.client.post(server.url("/api/v1/bookings")).header("idempotency-key", support::unique_key());
        let (status, _) = send(request.json(&body));
        prop_assert!([201, 400, 409, 422].contains(&status), "{} for {}", status, slot);
        let hold = serde_json::json!({ "mpp": "mpp-pekanbaru", "counter": "dukcapil", "service": "ktp-baru", "slot_start": slot });
        let (status, _) = send(server.client.post(server.url("/api/v1/holds")).json(&hold));
        prop_assert!([201, 400, 409, 422].contains(&status), "{} for {}", status, slot);
    }
}
