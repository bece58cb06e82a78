//! Two rules at the edges of booking, on a real loopback port: a name is the same name whichever
//! Unicode form the keyboard typed, and moving a booking into its own slot, or with somebody
//! else's hold, does what the citizen would expect (nothing, and no theft).

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use antrean_core::api::{Booking, ProblemKind};
use serde_json::json;
use support::{booking, nik, problem, slots_of, TestServer, PEKANBARU};

#[tokio::test]
async fn a_reschedule_into_its_own_full_slot_is_a_no_op_and_anothers_hold_is_no_ticket() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"); // 2 desks
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let created: Booking = server.book(&booking(mpp, counter, service, &slot, &nik(100))).await.json().await.unwrap();
    assert_eq!(server.book(&booking(mpp, counter, service, &slot, &nik(101))).await.status(), 201);
    let token = created.manage_token.clone().unwrap();
    let reschedule = |body: serde_json::Value| {
        let url = server.url(&format!("/api/v1/bookings/{}/reschedule", created.code.as_str()));
        server.client.post(url).bearer_auth(&token).json(&body).send()
    };
    // Its own slot, full: nothing to do, and nothing changes.
    let same = reschedule(json!({ "slot_start": slot })).await.unwrap();
    assert_eq!(same.status(), 200);
    let same: Booking = same.json().await.unwrap();
    assert_eq!(same.slot, created.slot);
    let start = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    assert_eq!(server.storage_count(mpp, counter, start(&slot)).await, 2);

    // Another slot whose last place is held for another service of the counter.
    let slots = slots_of(&server.availability(mpp, counter, service).await);
    let other = slots.iter().find(|s| s["bookable"] == true && s["remaining"] == 2 && s["start_utc"] != slot.as_str());
    let other = other.unwrap()["start_utc"].as_str().unwrap().to_owned();
    let hold_body = json!({ "mpp": mpp, "counter": counter, "service": "paspor-baru-anak", "slot_start": other });
    let hold: serde_json::Value = server.post_json("/api/v1/holds", &hold_body).await.json().await.unwrap();
    assert_eq!(server.book(&booking(mpp, counter, service, &other, &nik(102))).await.status(), 201);
    let stolen = reschedule(json!({ "slot_start": other, "hold": hold["id"] })).await.unwrap();
    assert_eq!(problem(stolen, 409).await.kind, ProblemKind::SlotFull, "that hold is for another service");
    assert_eq!(server.storage_count(mpp, counter, start(&other)).await, 1);
    server.stop().await;
}

#[tokio::test]
async fn a_name_typed_with_combining_accents_is_booked_as_the_precomposed_one() {
    let server = TestServer::start().await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    for (i, name) in ["Jose\u{301} Rizal", "José Rizal"].into_iter().enumerate() {
        let mut body = booking(mpp, counter, service, &slot, &nik(110 + i as u32));
        body["applicant"]["full_name"] = json!(name);
        assert_eq!(server.book(&body).await.status(), 201, "{name:?}");
    }
    // As stored: both in NFC, the same name.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT applicant FROM booking").fetch_all(&pool).await.unwrap();
    pool.close().await;
    let names: Vec<String> = stored
        .iter()
        .map(|json| serde_json::from_str::<serde_json::Value>(json).unwrap()["full_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Jos\u{e9} Rizal", "Jos\u{e9} Rizal"]);
    server.stop().await;
}
