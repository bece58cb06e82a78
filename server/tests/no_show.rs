//! An agency's no-show rule on a real loopback port (SQLite, or PostgreSQL under
//! `scripts/postgres.sh run`), with a copy of the seed data in which Dukcapil sets one: two
//! bookings missed within 30 days close its services to that NIK for 14 days; a booking that
//! checked in is no no-show; other citizens and other agencies are not affected. The seed data
//! itself sets no rule (off by default).

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use antrean_core::api::{Booking, ProblemKind};
use chrono::{Duration, Utc};
use support::{booking, move_booking, nik, problem, TestServer};

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn book(server: &TestServer, counter: &str, service: &str, serial: u32) -> reqwest::Response {
    let (slot, _) = server.free_slot("mpp-pekanbaru", counter, service).await;
    server.book(&booking("mpp-pekanbaru", counter, service, &slot, &nik(serial))).await
}

async fn booked(server: &TestServer, service: &str, serial: u32) -> Booking {
    let response = book(server, "dukcapil", service, serial).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn missed_bookings_close_the_agencys_services_to_that_nik_for_a_while() {
    let seed = antrean_core::data::load(&support::seed_data()).unwrap();
    assert!(seed.agencies.iter().all(|a| a.no_show_rule.is_none()), "off by default");

    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.data = dir.path().join("data");
    copy_folder(&support::seed_data(), &config.data);
    let agencies = config.data.join("catalogue/agencies.toml");
    let text = std::fs::read_to_string(&agencies).unwrap().replace(
        "id = \"dukcapil\"\n",
        "id = \"dukcapil\"\nno_show_rule = { no_shows = 2, within_days = 30, block_days = 14 }\n",
    );
    std::fs::write(&agencies, text).unwrap();
    let server = TestServer::start_with(tempfile::tempdir().unwrap(), &config).await;
    let now = Utc::now();

    // One booking checked in (then its day passed), one missed: a single no-show blocks nothing.
    let came = booked(&server, "ktp-baru", 1).await;
    move_booking(&server, came.code.as_str(), now + Duration::minutes(10)).await;
    let check_in =
        serde_json::json!({ "mpp": "mpp-pekanbaru", "code": came.code.as_str(), "nik_last4": &nik(1)[12..] });
    assert_eq!(server.post_json("/api/v1/check-ins", &check_in).await.status(), 201);
    move_booking(&server, came.code.as_str(), now - Duration::days(2)).await;
    let missed = booked(&server, "kk-pisah", 1).await;
    move_booking(&server, missed.code.as_str(), now - Duration::days(1)).await;
    assert_eq!(book(&server, "dukcapil", "akta-kematian", 1).await.status(), 201);

    // A second one missed (its grace ended two hours ago): Dukcapil is closed to this NIK for 14 days.
    let missed_again = booked(&server, "ikd-aktivasi", 1).await;
    let start = now - Duration::hours(2);
    move_booking(&server, missed_again.code.as_str(), start).await;
    let refused = problem(book(&server, "dukcapil", "kk-pisah", 1).await, 409).await;
    assert_eq!(refused.kind, ProblemKind::NoShowBlocked);
    let until = start + Duration::minutes(15) + Duration::days(14) + support::WIB;
    let detail = refused.detail.unwrap();
    assert!(detail.contains(&format!("pukul {}", until.format("%H.%M"))), "{detail}");
    assert!(detail.contains("tidak datang pada 2 booking"), "{detail}");

    // Another citizen, and another agency for this one, book as usual.
    assert_eq!(book(&server, "dukcapil", "kk-pisah", 2).await.status(), 201);
    assert_eq!(book(&server, "imigrasi", "paspor-baru-dewasa", 1).await.status(), 201);
    server.stop().await;
}
