//! The day of the visit on a real loopback port with a fresh database (SQLite, or PostgreSQL under
//! `scripts/postgres.sh run`): check-in at the kiosk by the signed proof (see `proof.rs` for the
//! proof itself) or by typed code with the NIK's last four digits, each refusal, walk-ins, queue numbers
//! under a rush, the rate limit, and the no-show computed from the clock.
//!
//! The server has no clock to set, and slots can be booked only in the future: a test books a
//! slot the ordinary way, then moves the booking in the database to the time it needs (a few
//! minutes from now, or past its grace), as the day of the visit would find it.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use antrean_core::api::{Booking, ProblemKind};
use antrean_core::visit::{CheckIn, VisitStatus, WalkIn};
use chrono::Duration;
use serde_json::json;
use support::{book, booking, check_in, last4, move_booking, nik, now, problem, read, TestServer, PEKANBARU, WIB};

#[tokio::test]
async fn a_booking_checks_in_with_its_signed_proof_once() {
    let server = TestServer::start().await;
    let created = book(&server, PEKANBARU, 1).await;
    // The day comes: the slot starts in 30 minutes. The proof read now holds the moved slot.
    move_booking(&server, created.code.as_str(), now() + Duration::minutes(30)).await;
    let before = read(&server, &created).await;
    assert_eq!(before.visit.unwrap().status, VisitStatus::CheckInOpen);
    let proof = before.proof.unwrap();
    let response = check_in(&server, "mpp-pekanbaru", &format!("{proof}\n"), &last4(1)).await;
    assert_eq!(response.status(), 201);
    let first: CheckIn = response.json().await.unwrap();
    assert_eq!(first.queue_number.to_string(), "D-001");
    assert!(!first.repeated);
    assert_eq!((first.code.clone(), first.counter.as_str()), (created.code.clone(), "dukcapil"));

    // A second scan (a lost ticket): the same number and time, not a second place.
    let response = check_in(&server, "mpp-pekanbaru", &proof, &last4(1)).await;
    assert_eq!(response.status(), 200);
    let second: CheckIn = response.json().await.unwrap();
    assert_eq!(
        (second.queue_number, second.checked_in_at, second.repeated),
        (first.queue_number, first.checked_in_at, true)
    );

    let after = read(&server, &created).await.visit.unwrap();
    assert_eq!(after.status, VisitStatus::CheckedIn);
    let checked = after.checked_in.unwrap();
    assert_eq!((checked.queue_number, checked.at), (first.queue_number, first.checked_in_at));
    server.stop().await;
}

#[tokio::test]
async fn a_typed_code_or_an_old_qr_code_with_the_nik_digits_checks_in() {
    let server = TestServer::start().await;
    let typed = book(&server, PEKANBARU, 2).await;
    let old_qr = book(&server, PEKANBARU, 3).await;
    for b in [&typed, &old_qr] {
        move_booking(&server, b.code.as_str(), now() - Duration::minutes(10)).await;
    }
    // As a citizen types it (grouped, lowercase), and as a QR code made before proofs holds it.
    let response = check_in(&server, "mpp-pekanbaru", &typed.code.to_string().to_lowercase(), &last4(2)).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.json::<CheckIn>().await.unwrap().queue_number.to_string(), "D-001");
    let response = check_in(&server, "mpp-pekanbaru", old_qr.code.as_str(), &last4(3)).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.json::<CheckIn>().await.unwrap().queue_number.to_string(), "D-002");
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_code_and_wrong_digits_get_the_same_answer() {
    let server = TestServer::start().await;
    let created = book(&server, PEKANBARU, 4).await;
    move_booking(&server, created.code.as_str(), now() + Duration::minutes(5)).await;
    let unknown = check_in(&server, "mpp-pekanbaru", "2222-2222-2", &last4(4)).await;
    assert_eq!(unknown.status(), 404);
    let unknown = unknown.text().await.unwrap();
    let wrong_digits = check_in(&server, "mpp-pekanbaru", created.code.as_str(), "9999").await;
    assert_eq!(wrong_digits.status(), 404);
    assert_eq!(wrong_digits.text().await.unwrap(), unknown, "nothing tells a real code from an unknown one");
    let problem: antrean_core::api::Problem = serde_json::from_str(&unknown).unwrap();
    assert_eq!(problem.kind, ProblemKind::CheckInNoMatch);
    // A wrong guess gives nothing away either when the booking is cancelled or for another MPP.
    let proof = read(&server, &created).await.proof.unwrap();
    let guessed = check_in(&server, "mpp-siantar", &proof, "9999").await;
    assert_eq!(guessed.text().await.unwrap(), unknown);
    server.stop().await;
}

#[tokio::test]
async fn each_refusal_says_what_is_wrong_in_the_citizens_words() {
    let server = TestServer::start().await;
    let early = book(&server, PEKANBARU, 5).await;
    let late = book(&server, PEKANBARU, 6).await;
    let cancelled = book(&server, PEKANBARU, 7).await;
    let early_start = now() + Duration::hours(3);
    move_booking(&server, early.code.as_str(), early_start).await;
    move_booking(&server, late.code.as_str(), now() - Duration::minutes(20)).await;
    move_booking(&server, cancelled.code.as_str(), now() + Duration::minutes(5)).await;

    let too_early = problem(check_in(&server, "mpp-pekanbaru", early.code.as_str(), &last4(5)).await, 409).await;
    assert_eq!(too_early.kind, ProblemKind::CheckInTooEarly);
    let opens = early_start - Duration::hours(1) + WIB;
    let opens = format!("pukul {}", opens.format("%H.%M"));
    assert!(too_early.detail.as_deref().unwrap().contains(&opens), "{too_early:?} names {opens}");

    let too_late = problem(check_in(&server, "mpp-pekanbaru", late.code.as_str(), &last4(6)).await, 409).await;
    assert_eq!(too_late.kind, ProblemKind::CheckInTooLate);
    assert!(too_late.detail.unwrap().contains("ditutup"));

    let url = server.url(&format!("/api/v1/bookings/{}/cancel", cancelled.code.as_str()));
    let token = cancelled.manage_token.as_deref().unwrap();
    assert_eq!(server.client.post(url).bearer_auth(token).send().await.unwrap().status(), 200);
    let refused = problem(check_in(&server, "mpp-pekanbaru", cancelled.code.as_str(), &last4(7)).await, 409).await;
    assert_eq!(refused.kind, ProblemKind::BookingCancelled);
    assert!(refused.detail.unwrap().contains("dibatalkan"));

    let english = server
        .client
        .post(server.url("/api/v1/check-ins"))
        .header("accept-language", "en")
        .json(&json!({ "mpp": "mpp-siantar", "code": early.code.as_str(), "nik_last4": last4(5) }))
        .send()
        .await
        .unwrap();
    let elsewhere = problem(english, 409).await;
    assert_eq!(elsewhere.kind, ProblemKind::CheckInWrongMpp);
    assert!(elsewhere.detail.unwrap().contains(&format!("This booking is for {}", early.mpp.name)));

    // What is not a code, a damaged or forged proof, and digits that are not four digits: 422.
    let proof = read(&server, &early).await.proof.unwrap();
    let mut forged = proof.clone().into_bytes();
    let at = forged.len() - 10;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    for (code, digits, field_code) in [
        ("K7MQ-2XRA", "0001", "code.invalid"),
        ("AQ1.bm90IGEgcHJvb2Y", "0001", "code.proof_malformed"),
        (forged.as_str(), "0001", "code.proof_signature"),
        (early.code.as_str(), "12a4", "nik_last4.format"),
        (early.code.as_str(), "", "nik_last4.format"),
    ] {
        let invalid = problem(check_in(&server, "mpp-pekanbaru", code, digits).await, 422).await;
        assert_eq!(invalid.kind, ProblemKind::InvalidInput);
        assert_eq!(invalid.errors[0].code, field_code, "{code} {digits}");
    }
    let no_mpp = problem(check_in(&server, "mpp-nowhere", early.code.as_str(), &last4(5)).await, 404).await;
    assert_eq!(no_mpp.kind, ProblemKind::NotFound);
    server.stop().await;
}

#[tokio::test]
async fn a_booking_not_checked_in_by_the_end_of_its_grace_is_a_no_show_by_the_clock() {
    let server = TestServer::start().await;
    let created = book(&server, PEKANBARU, 8).await;
    assert_eq!(created.visit.clone().unwrap().status, VisitStatus::Upcoming);
    for (start, status) in [
        (now() + Duration::minutes(61), VisitStatus::Upcoming),
        (now() + Duration::minutes(59), VisitStatus::CheckInOpen),
        (now() - Duration::minutes(14), VisitStatus::CheckInOpen),
        (now() - Duration::minutes(16), VisitStatus::NoShow),
    ] {
        move_booking(&server, created.code.as_str(), start).await;
        let visit = read(&server, &created).await.visit.unwrap();
        assert_eq!(visit.status, status, "slot at {start}");
        assert_eq!(visit.check_in_closes, start + Duration::minutes(15));
    }
    // A cancelled booking has no visit.
    let url = server.url(&format!("/api/v1/bookings/{}/cancel", created.code.as_str()));
    let cancelled: Booking = server
        .client
        .post(url)
        .bearer_auth(created.manage_token.as_deref().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled.visit, None);
    server.stop().await;
}

#[tokio::test]
async fn walk_ins_get_numbers_only_where_the_counter_takes_them() {
    let server = TestServer::start().await;
    let walk_in = |counter: &'static str| {
        server.client.post(server.url(&format!("/api/v1/mpps/mpp-pekanbaru/counters/{counter}/walk-ins"))).send()
    };
    for expected in ["I-001", "I-002"] {
        let response = walk_in("imigrasi").await.unwrap();
        assert_eq!(response.status(), 201);
        let number: WalkIn = response.json().await.unwrap();
        assert_eq!(number.queue_number.to_string(), expected);
        assert_eq!(number.local_date, (now() + WIB).date_naive());
    }
    let refused = problem(walk_in("dukcapil").await.unwrap(), 409).await;
    assert_eq!(refused.kind, ProblemKind::WalkInsNotOffered);
    assert!(refused.detail.unwrap().contains("hanya melayani warga yang sudah booking"));
    assert_eq!(problem(walk_in("nowhere").await.unwrap(), 404).await.kind, ProblemKind::NotFound);
    server.stop().await;
}

#[tokio::test]
async fn fifty_concurrent_check_ins_and_walk_ins_on_one_counter_get_numbers_1_to_50() {
    let server = TestServer::start().await;
    let passports = ("mpp-pekanbaru", "imigrasi", "paspor-baru-dewasa");
    let availability = server.availability(passports.0, passports.1, passports.2).await;
    let slots = support::bookable_starts_after_today(&availability);
    let mut bookings = Vec::new();
    for serial in 0..25u32 {
        // Three desks a slot: spread over the slots, then all moved to the slot starting now.
        let slot = &slots[serial as usize / 3];
        let body = booking(passports.0, passports.1, passports.2, slot, &nik(100 + serial));
        let response = server.book(&body).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        let created: Booking = response.json().await.unwrap();
        move_booking(&server, created.code.as_str(), now() + Duration::minutes(10)).await;
        bookings.push((created.code.as_str().to_owned(), last4(100 + serial)));
    }
    let shared = &server;
    let check_ins = bookings.iter().map(|(code, digits)| async move {
        let response = check_in(shared, "mpp-pekanbaru", code, digits).await;
        assert_eq!(response.status(), 201);
        response.json::<CheckIn>().await.unwrap().queue_number
    });
    let walk_ins = (0..25).map(|_| async move {
        let url = shared.url("/api/v1/mpps/mpp-pekanbaru/counters/imigrasi/walk-ins");
        let response = shared.client.post(url).send().await.unwrap();
        assert_eq!(response.status(), 201);
        response.json::<WalkIn>().await.unwrap().queue_number
    });
    let (checked, walked) =
        futures::future::join(futures::future::join_all(check_ins), futures::future::join_all(walk_ins)).await;
    let mut numbers: Vec<u16> = checked.iter().chain(&walked).map(|n| n.number()).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=50).collect::<Vec<u16>>(), "no duplicate, no gap");
    assert!(checked.iter().chain(&walked).all(|n| n.letter().as_char() == 'I'));
    let storage = antrean_server::storage::Storage::open(&server.database).await.unwrap();
    let stored = storage.queue_numbers("mpp-pekanbaru", "imigrasi", (now() + WIB).date_naive()).await.unwrap();
    storage.close().await;
    assert_eq!(stored, (1..=50).collect::<Vec<u16>>());
    server.stop().await;
}

#[tokio::test]
async fn check_ins_are_rate_limited_per_client_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.check_in_rate_per_minute = 6; // bursts of 2
    let server = TestServer::start_with(dir, &config).await;
    for _ in 0..2 {
        assert_eq!(check_in(&server, "mpp-pekanbaru", "2222-2222-2", "0001").await.status(), 404);
    }
    let limited = check_in(&server, "mpp-pekanbaru", "2222-2222-2", "0001").await;
    assert!(limited.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(problem(limited, 429).await.kind, ProblemKind::RateLimited);
    // Walk-ins draw on the same budget.
    let url = server.url("/api/v1/mpps/mpp-pekanbaru/counters/imigrasi/walk-ins");
    assert_eq!(server.client.post(url).send().await.unwrap().status(), 429);
    server.stop().await;
}

/// A check-in from `client`, as a trusted proxy on loopback forwards it.
async fn check_in_from(server: &TestServer, client: &str, code: &str, last4: &str) -> reqwest::Response {
    let body = json!({ "mpp": "mpp-pekanbaru", "code": code, "nik_last4": last4 });
    let request = server.client.post(server.url("/api/v1/check-ins")).header("x-forwarded-for", client);
    request.json(&body).send().await.unwrap()
}

#[tokio::test]
async fn one_code_gets_five_tries_whatever_the_address_and_whether_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    // Each try comes from another address, each well within its own budget (2 at once).
    config.check_in_rate_per_minute = 6;
    config.trusted_proxies = vec![antrean_server::client_address::parse_network("127.0.0.0/8").unwrap()];
    let server = TestServer::start_with(dir, &config).await;
    let booking = book(&server, PEKANBARU, 40).await;
    move_booking(&server, booking.code.as_str(), now() + Duration::minutes(30)).await;
    let code = booking.code.as_str();
    for n in 1..=5 {
        assert_eq!(check_in_from(&server, &format!("36.72.14.{n}"), code, "0000").await.status(), 404);
    }
    // The right digits come too late: the code waits, as a guesser with many addresses would.
    let limited = check_in_from(&server, "36.72.14.6", code, &last4(40)).await;
    assert!(limited.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 60);
    assert_eq!(problem(limited, 429).await.kind, ProblemKind::RateLimited);
    // A code that does not exist is limited alike: the limit says nothing about which codes exist.
    for n in 1..=5 {
        assert_eq!(check_in_from(&server, &format!("36.72.15.{n}"), "2222-2222-2", "0001").await.status(), 404);
    }
    assert_eq!(check_in_from(&server, "36.72.15.6", "2222-2222-2", "0001").await.status(), 429);
    // Another citizen's code is not held up by them.
    let other = book(&server, PEKANBARU, 41).await;
    move_booking(&server, other.code.as_str(), now() + Duration::minutes(30)).await;
    assert_eq!(check_in_from(&server, "36.72.16.1", other.code.as_str(), &last4(41)).await.status(), 201);
    server.stop().await;
}
