//! The booking API on a real loopback port with a fresh database: every endpoint and every error,
//! the rush (many clients, one slot or one day's quota), retries with one Idempotency-Key, holds,
//! the manage endpoints, and the one-booking-per-NIK rule.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;

use antrean_core::api::{Booking, Problem, ProblemKind};
use serde_json::json;
use support::{booking, nik, problem, remaining_in, slots_of, unique_key, TestServer, PEKANBARU};

#[tokio::test]
async fn a_booking_is_created_read_and_its_token_is_required() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, date) = server.free_slot(mpp, counter, service).await;
    let response = server.book(&booking(mpp, counter, service, &slot, &nik(1))).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let created: Booking = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/bookings/{}", created.code.as_str()));
    let token = created.manage_token.clone().expect("a token on creation");
    assert!(token.len() >= 22, "at least 128 bits");
    assert_eq!(created.slot.start_utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), slot);
    assert_eq!(created.slot.start.date().to_string(), date);
    assert_eq!(created.slot.zone.label(), "WIB");
    assert_eq!(created.mpp.id.as_str(), mpp);
    assert!(created.bring.iter().any(|item| item.what.id == "Kartu Keluarga"), "{:?}", created.bring);
    let qr = created.qr_svg.as_deref().expect("the QR code comes with the booking");
    assert!(qr.contains("<svg") && qr.contains("</svg>") && !qr.contains("<script"), "{qr}");

    let url = format!("/api/v1/bookings/{}", created.code.as_str());
    let read: Booking =
        server.client.get(server.url(&url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(read.code, created.code);
    assert_eq!(read.manage_token, None, "the token is never sent again");
    assert_eq!(read.qr_svg, created.qr_svg, "the proof's QR code is the same on every read");
    for wrong in [None, Some("not-the-token")] {
        let mut request = server.client.get(server.url(&url));
        if let Some(token) = wrong {
            request = request.bearer_auth(token);
        }
        problem(request.send().await.unwrap(), 404).await;
    }
    let unknown =
        server.client.get(server.url("/api/v1/bookings/2222-2222-2")).bearer_auth(&token).send().await.unwrap();
    let unknown = problem(unknown, 404).await;
    let wrong_token = problem(server.client.get(server.url(&url)).bearer_auth("x").send().await.unwrap(), 404).await;
    assert_eq!(unknown.title, wrong_token.title, "an unknown code and a wrong token look the same");
    server.stop().await;
}

#[tokio::test]
async fn validation_errors_name_each_field_in_the_clients_language() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let mut body = booking(mpp, counter, service, &slot, "317101170845000");
    body["applicant"]["full_name"] = json!("B4d N@me");
    body["applicant"]["mobile"] = json!("021-555-1234");
    body["applicant"]["email"] = json!("not-an-email");
    let response = server
        .client
        .post(server.url("/api/v1/bookings"))
        .header("idempotency-key", unique_key())
        .header("accept-language", "en-US,en;q=0.9")
        .json(&body)
        .send()
        .await
        .unwrap();
    let problem_en = problem(response, 422).await;
    assert_eq!(problem_en.kind, ProblemKind::InvalidInput);
    assert_eq!(problem_en.title, "Invalid input");
    let codes: BTreeSet<&str> = problem_en.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, BTreeSet::from(["name.invalid", "nik.length", "mobile.not_mobile", "email.invalid"]));
    let nik_error = problem_en.errors.iter().find(|e| e.field == "applicant.nik").unwrap();
    assert_eq!(nik_error.message, "A NIK has 16 digits.");

    let response = server.book(&body).await;
    let problem_id = problem(response, 422).await;
    assert_eq!(problem_id.title, "Data tidak valid", "Bahasa Indonesia by default");
    assert!(problem_id.errors.iter().any(|e| e.message == "NIK harus 16 digit."));

    let mut unknown_field = booking(mpp, counter, service, &slot, &nik(2));
    unknown_field["admin"] = json!(true);
    let problem_unknown = problem(server.book(&unknown_field).await, 422).await;
    assert!(problem_unknown.errors[0].message.contains("unknown field"), "{problem_unknown:?}");

    let mut bad_answers = booking(mpp, counter, service, &slot, &nik(3));
    bad_answers["answers"] = json!({ "syarat": { "choice": "bogus" } });
    let problem_answers = problem(server.book(&bad_answers).await, 422).await;
    assert_eq!(problem_answers.errors[0].field, "answers");

    let (passport_slot, _) = server.free_slot("mpp-lebak", "imigrasi", "paspor-baru-dewasa").await;
    let mut non_electronic = booking("mpp-lebak", "imigrasi", "paspor-baru-dewasa", &passport_slot, &nik(5));
    non_electronic["answers"]["jenis"] = json!({ "choice": "non-elektronik" });
    let refused = problem(server.book(&non_electronic).await, 422).await;
    assert_eq!(refused.errors[0].code, "answers.not_served_here");
    assert!(refused.errors[0].message.contains("e-paspor"), "{refused:?}");

    let not_offered = booking(mpp, counter, "paspor-baru-dewasa", &slot, &nik(4));
    assert_eq!(problem(server.book(&not_offered).await, 422).await.errors[0].code, "service.not_offered");
    server.stop().await;
}

#[tokio::test]
async fn the_idempotency_key_is_required_and_bound_to_one_request() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let body = booking(mpp, counter, service, &slot, &nik(10));
    let missing = server.post_json("/api/v1/bookings", &body).await;
    assert_eq!(problem(missing, 400).await.kind, ProblemKind::IdempotencyKeyRequired);
    let key = unique_key();
    assert_eq!(server.book_with_key(&body, &key).await.status(), 201);
    let other = booking(mpp, counter, service, &slot, &nik(11));
    let reused = problem(server.book_with_key(&other, &key).await, 422).await;
    assert_eq!(reused.kind, ProblemKind::IdempotencyKeyReused);
    server.stop().await;
}

#[tokio::test]
async fn twenty_concurrent_retries_with_one_key_make_one_booking_and_identical_answers() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let body = booking(mpp, counter, service, &slot, &nik(20));
    let key = unique_key();
    let answers = futures::future::join_all((0..20).map(|_| {
        let (server, body, key) = (&server, &body, &key);
        async move {
            let response = server.book_with_key(body, key).await;
            (response.status().as_u16(), response.text().await.unwrap())
        }
    }))
    .await;
    let first = &answers[0];
    assert_eq!(first.0, 201);
    assert!(answers.iter().all(|answer| answer == first), "twenty identical answers");
    let start = chrono::DateTime::parse_from_rfc3339(&slot).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(server.storage_count(mpp, counter, start).await, 1);
    server.stop().await;
}

#[tokio::test]
async fn a_rush_on_one_slot_sells_exactly_its_capacity() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU; // 4 desks: capacity 4 per slot
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let statuses = futures::future::join_all((0..200u32).map(|i| {
        let server = &server;
        let body = booking(mpp, counter, service, &slot, &nik(1000 + i));
        async move { server.book(&body).await.status().as_u16() }
    }))
    .await;
    let created = statuses.iter().filter(|s| **s == 201).count();
    let conflicts = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!((created, conflicts), (4, 196), "{statuses:?}");
    let start = chrono::DateTime::parse_from_rfc3339(&slot).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(server.storage_count(mpp, counter, start).await, 4, "the database agrees");
    assert_eq!(remaining_in(&server.availability(mpp, counter, service).await, &slot), Some(0));
    server.stop().await;
}

#[tokio::test]
async fn a_rush_on_one_day_sells_exactly_its_quota() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = ("mpp-kota-bekasi", "dukcapil", "ktp-baru"); // quota 60 a day, 4 desks
    let availability = server.availability(mpp, counter, service).await;
    let day = availability["days"].as_array().unwrap().iter().skip(1).find(|d| d["status"] == "open").unwrap().clone();
    let slots: Vec<String> =
        day["slots"].as_array().unwrap().iter().map(|s| s["start_utc"].as_str().unwrap().to_owned()).collect();
    assert!(slots.len() * 4 > 60, "the slots alone hold more than the quota");
    let statuses = futures::future::join_all((0..200u32).map(|i| {
        let server = &server;
        let body = booking(mpp, counter, service, &slots[i as usize % slots.len()], &nik(5000 + i));
        async move { server.book(&body).await }
    }))
    .await;
    let mut created = 0;
    let mut quota_full = 0;
    for response in statuses {
        match response.status().as_u16() {
            201 => created += 1,
            409 => {
                let problem: Problem = response.json().await.unwrap();
                if problem.kind == ProblemKind::QuotaFull {
                    quota_full += 1;
                }
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 60);
    assert!(quota_full > 0);
    let after = server.availability(mpp, counter, service).await;
    let same_day = after["days"].as_array().unwrap().iter().find(|d| d["date"] == day["date"]).unwrap().clone();
    assert_eq!(same_day["status"], "full");
    server.stop().await;
}

#[tokio::test]
async fn a_full_slot_answers_409_with_the_nearest_free_slots() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"); // 2 desks
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    for i in 0..2 {
        assert_eq!(server.book(&booking(mpp, counter, service, &slot, &nik(30 + i))).await.status(), 201);
    }
    let full = problem(server.book(&booking(mpp, counter, service, &slot, &nik(40))).await, 409).await;
    assert_eq!(full.kind, ProblemKind::SlotFull);
    assert!(!full.alternatives.is_empty());
    assert!(full.alternatives.iter().all(|a| a.start_utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true) != slot));
    let next = full.alternatives[0].start_utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(
        server.book(&booking(mpp, counter, service, &next, &nik(40))).await.status(),
        201,
        "the alternative can be booked"
    );
    server.stop().await;
}

#[tokio::test]
async fn one_active_booking_per_nik_per_service_per_day_across_mpps() {
    let server = TestServer::start().await;
    let (slot_a, date_a) = server.free_slot("mpp-pekanbaru", "dukcapil", "ktp-baru").await;
    assert_eq!(server.book(&booking("mpp-pekanbaru", "dukcapil", "ktp-baru", &slot_a, &nik(50))).await.status(), 201);
    let (slot_b, date_b) = server.free_slot("mpp-kota-bekasi", "dukcapil", "ktp-baru").await;
    assert_eq!(date_a, date_b, "both first open days after today");
    let duplicate =
        problem(server.book(&booking("mpp-kota-bekasi", "dukcapil", "ktp-baru", &slot_b, &nik(50))).await, 409).await;
    assert_eq!(duplicate.kind, ProblemKind::DuplicateBooking);
    assert!(duplicate.detail.unwrap().contains("NIK"));
    let other_service = booking("mpp-kota-bekasi", "dukcapil", "kk-pisah", &slot_b, &nik(50));
    assert_eq!(server.book(&other_service).await.status(), 201, "another service the same day is fine");
    server.stop().await;
}

#[tokio::test]
async fn cancel_frees_the_place_and_reschedule_moves_atomically() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = ("mpp-lebak", "imigrasi", "paspor-baru-dewasa");
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let created: Booking = server.book(&booking(mpp, counter, service, &slot, &nik(60))).await.json().await.unwrap();
    let token = created.manage_token.clone().unwrap();
    let base = format!("/api/v1/bookings/{}", created.code.as_str());

    // Reschedule to the next free slot: the old one is freed, the new one taken.
    let slots = slots_of(&server.availability(mpp, counter, service).await);
    let other =
        slots.iter().find(|s| s["bookable"] == true && s["remaining"] == 2 && s["start_utc"] != slot.as_str()).unwrap()
            ["start_utc"]
            .as_str()
            .unwrap()
            .to_owned();
    let moved = server
        .client
        .post(server.url(&format!("{base}/reschedule")))
        .bearer_auth(&token)
        .json(&json!({ "slot_start": other }))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    let moved: Booking = moved.json().await.unwrap();
    assert_eq!(moved.slot.start_utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), other);
    let start = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(server.storage_count(mpp, counter, start(&slot)).await, 0);
    assert_eq!(server.storage_count(mpp, counter, start(&other)).await, 1);

    // A reschedule into a full slot fails and keeps the booking where it was.
    for i in 0..2 {
        assert_eq!(server.book(&booking(mpp, counter, service, &slot, &nik(70 + i))).await.status(), 201);
    }
    let refused = server
        .client
        .post(server.url(&format!("{base}/reschedule")))
        .bearer_auth(&token)
        .json(&json!({ "slot_start": slot }))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(refused, 409).await.kind, ProblemKind::SlotFull);
    assert_eq!(server.storage_count(mpp, counter, start(&other)).await, 1, "still booked");

    let cancelled = server.client.post(server.url(&format!("{base}/cancel"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(cancelled.status(), 200);
    let cancelled: Booking = cancelled.json().await.unwrap();
    assert_eq!(cancelled.status, antrean_core::api::BookingStatus::Cancelled);
    assert_eq!(server.storage_count(mpp, counter, start(&other)).await, 0, "freed");
    let again = server.client.post(server.url(&format!("{base}/cancel"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(again.status(), 200, "cancelling twice is harmless");
    let read: Booking =
        server.client.get(server.url(&base)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(read.status, antrean_core::api::BookingStatus::Cancelled);
    let late = server
        .client
        .post(server.url(&format!("{base}/reschedule")))
        .bearer_auth(&token)
        .json(&json!({ "slot_start": other }))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(late, 409).await.kind, ProblemKind::BookingCancelled);
    let anonymous = server.client.post(server.url(&format!("{base}/cancel"))).send().await.unwrap();
    problem(anonymous, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn a_hold_keeps_a_place_and_a_client_holds_one_per_service() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"); // 2 desks
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let hold = |slot: String| {
        let server = &server;
        async move {
            server
                .post_json(
                    "/api/v1/holds",
                    &json!({ "mpp": mpp, "counter": counter, "service": service, "slot_start": slot }),
                )
                .await
        }
    };
    let first = hold(slot.clone()).await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(first["expires_at"].as_str().unwrap()).unwrap();
    let minutes = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds() as f64 / 60.0;
    assert!((6.5..=7.0).contains(&minutes), "{minutes}");
    assert_eq!(
        remaining_in(&server.availability(mpp, counter, service).await, &slot),
        Some(1),
        "the held place counts"
    );
    // Another person (another key) books the last free place; the holder still gets theirs.
    assert_eq!(server.book(&booking(mpp, counter, service, &slot, &nik(80))).await.status(), 201);
    let mut with_hold = booking(mpp, counter, service, &slot, &nik(81));
    with_hold["hold"] = first["id"].clone();
    assert_eq!(server.book(&with_hold).await.status(), 201, "the hold is used");
    // Without a hold, the slot is now full.
    assert_eq!(
        problem(server.book(&booking(mpp, counter, service, &slot, &nik(82))).await, 409).await.kind,
        ProblemKind::SlotFull
    );
    // A client's second hold for the same service releases its first.
    let (other_slot, _) = server.free_slot(mpp, counter, service).await;
    assert_eq!(hold(other_slot.clone()).await.status(), 201);
    let slots = slots_of(&server.availability(mpp, counter, service).await);
    let third = slots
        .iter()
        .find(|s| s["bookable"] == true && s["remaining"] == 2 && s["start_utc"] != other_slot.as_str())
        .unwrap()["start_utc"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(hold(third).await.status(), 201);
    let held_before =
        slots.iter().find(|s| s["start_utc"] == other_slot.as_str()).unwrap()["remaining"].as_u64().unwrap();
    let now_remaining = remaining_in(&server.availability(mpp, counter, service).await, &other_slot);
    assert_eq!(now_remaining, Some(held_before + 1), "the first hold was released");
    server.stop().await;
}

#[tokio::test]
async fn citizens_behind_a_trusted_proxy_hold_places_of_their_own() {
    let (mpp, counter, service) = ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"); // 2 desks
    let held_after_two_citizens = |trusted: bool| async move {
        let dir = tempfile::tempdir().unwrap();
        let mut config = support::config_in(dir.path());
        if trusted {
            config.trusted_proxies = vec![antrean_server::client_address::parse_network("127.0.0.1").unwrap()];
        }
        let server = TestServer::start_with(dir, &config).await;
        let (slot, _) = server.free_slot(mpp, counter, service).await;
        for citizen in ["36.72.14.1", "36.72.14.2"] {
            let body = json!({ "mpp": mpp, "counter": counter, "service": service, "slot_start": slot });
            let response =
                server.client.post(server.url("/api/v1/holds")).header("x-forwarded-for", citizen).json(&body).send();
            assert_eq!(response.await.unwrap().status(), 201);
        }
        let remaining = remaining_in(&server.availability(mpp, counter, service).await, &slot);
        server.stop().await;
        remaining
    };
    // Behind the portal's proxy, two citizens are two clients: both places are held.
    assert_eq!(held_after_two_citizens(true).await, Some(0));
    // Without --trusted-proxy they are one client (the proxy): the second hold replaced the first.
    assert_eq!(held_after_two_citizens(false).await, Some(1));
}

#[tokio::test]
async fn slots_that_cannot_be_booked_are_refused_with_the_reason() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU;
    let past = booking(mpp, counter, service, "2026-01-05T02:00:00Z", &nik(90));
    assert_eq!(problem(server.book(&past).await, 422).await.kind, ProblemKind::SlotUnavailable);
    let christmas = booking(mpp, counter, service, "2026-12-25T02:00:00Z", &nik(91));
    let refused = problem(server.book(&christmas).await, 422).await;
    assert_eq!(refused.kind, ProblemKind::SlotUnavailable);
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let odd = slot.replace(":00:00Z", ":07:00Z").replace(":20:00Z", ":27:00Z").replace(":40:00Z", ":47:00Z");
    assert_eq!(
        problem(server.book(&booking(mpp, counter, service, &odd, &nik(92))).await, 422).await.kind,
        ProblemKind::SlotUnavailable
    );
    server.stop().await;
}
