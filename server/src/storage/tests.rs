//! The storage's rules on a real database (SQLite, or PostgreSQL with `ANTREAN_TEST_POSTGRES_URL`): capacity (slots, quotas, holds counted as taken),
//! holds used only by their own place, replays, duplicates, cancellation and rescheduling.

use antrean_core::api::{BookedSlot, Booking, BookingStatus, MppSummary};
use antrean_core::booking_code::BookingCode;
use antrean_core::calendar::Booked;
use antrean_core::place::PlaceKey;
use antrean_core::text::Text;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::crypto::sha256_hex;

pub(super) async fn storage() -> (tempfile::TempDir, Storage) {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(&test_database::fresh_url(dir.path()).unwrap()).await.unwrap();
    let seed = antrean_core::data::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    storage.sync_directory(&seed.mpps).await.unwrap();
    (dir, storage)
}

pub(super) fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0).unwrap()
}

pub(super) fn place(capacity: u32, daily_quota: Option<u32>) -> Place {
    Place {
        key: key("mpp-lebak", "paspor-baru-dewasa"),
        slot_start: at(1, 0),
        local_date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        limits: Limits { capacity, daily_quota },
    }
}

pub(super) fn key(mpp: &str, service: &str) -> PlaceKey {
    PlaceKey::parse(mpp, "imigrasi", service).unwrap()
}

pub(super) fn new_booking(place: &Place, n: u32, hold: Option<String>) -> NewBooking {
    NewBooking {
        place: place.clone(),
        hold,
        nik_hash: format!("nik-{n}"),
        applicant_json: "{}".into(),
        answers_json: "{}".into(),
        key_hash: format!("key-{n}"),
        request_hash: format!("request-{n}"),
    }
}

pub(super) fn document(code: &BookingCode) -> Booking {
    let seed = antrean_core::data::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    Booking {
        code: code.clone(),
        manage_token: None,
        status: BookingStatus::Active,
        slot: BookedSlot {
            start_utc: at(1, 0),
            start: at(8, 0).naive_utc(),
            end: at(8, 30).naive_utc(),
            zone: antrean_core::zone::Zone::Jakarta,
        },
        mpp: MppSummary::from(&seed.mpps[0]),
        counter: "imigrasi".into(),
        counter_name: Text::default(),
        service: "paspor-baru-dewasa".into(),
        service_name: Text::default(),
        bring: vec![],
        qr_svg: None,
        proof: None,
        visit: None,
    }
}

#[tokio::test]
async fn an_expired_hold_stops_counting_without_any_job() {
    let (_dir, storage) = storage().await;
    let slot = place(1, None);
    let now = at(0, 0);
    let hold = storage.create_hold(&slot, "client-a", now, chrono::Duration::minutes(7)).await.unwrap();
    assert_eq!(hold.expires_at, at(0, 7));
    let during = storage
        .usage(
            &key("mpp-lebak", "paspor-baru-dewasa"),
            (at(0, 0), at(2, 0)),
            (slot.local_date, slot.local_date),
            at(0, 5),
        )
        .await
        .unwrap();
    assert_eq!(during.in_slot(at(1, 0)), 1, "held");
    let refused = storage.create_booking(&new_booking(&slot, 1, None), at(0, 5), document).await.unwrap_err();
    assert!(matches!(refused, BookingError::Refused(Refusal::SlotFull)), "the only place is held");
    let after = storage
        .usage(
            &key("mpp-lebak", "paspor-baru-dewasa"),
            (at(0, 0), at(2, 0)),
            (slot.local_date, slot.local_date),
            at(0, 8),
        )
        .await
        .unwrap();
    assert_eq!(after.in_slot(at(1, 0)), 0, "expired: no longer counted");
    let created = storage.create_booking(&new_booking(&slot, 2, None), at(0, 8), document).await.unwrap();
    assert!(!created.replayed);
    // The expired hold cannot be used to jump the queue either.
    let late = storage.create_booking(&new_booking(&slot, 3, Some(hold.id)), at(0, 9), document).await.unwrap_err();
    assert!(matches!(late, BookingError::Refused(Refusal::SlotFull)));
}

#[tokio::test]
async fn a_hold_is_used_by_its_booking_and_a_new_hold_replaces_the_old() {
    let (_dir, storage) = storage().await;
    let slot = place(2, None);
    let first = storage.create_hold(&slot, "client-a", at(0, 0), chrono::Duration::minutes(7)).await.unwrap();
    let mut other = slot.clone();
    other.slot_start = at(1, 30);
    storage.create_hold(&other, "client-a", at(0, 1), chrono::Duration::minutes(7)).await.unwrap();
    let usage = storage
        .usage(
            &key("mpp-lebak", "paspor-baru-dewasa"),
            (at(0, 0), at(2, 0)),
            (slot.local_date, slot.local_date),
            at(0, 2),
        )
        .await
        .unwrap();
    assert_eq!((usage.in_slot(at(1, 0)), usage.in_slot(at(1, 30))), (0, 1), "the first hold was released");
    let second = storage.create_hold(&slot, "client-b", at(0, 2), chrono::Duration::minutes(7)).await.unwrap();
    storage.create_booking(&new_booking(&slot, 1, Some(second.id.clone())), at(0, 3), document).await.unwrap();
    let usage = storage
        .usage(
            &key("mpp-lebak", "paspor-baru-dewasa"),
            (at(0, 0), at(2, 0)),
            (slot.local_date, slot.local_date),
            at(0, 4),
        )
        .await
        .unwrap();
    assert_eq!(usage.in_slot(at(1, 0)), 1, "the booking replaced its hold, not added to it");
    assert_eq!(usage.on_day(slot.local_date), 2, "the other hold counts on the day");
    drop(first);
}

#[tokio::test]
async fn quotas_replays_duplicates_and_cancellation() {
    let (_dir, storage) = storage().await;
    let mut slot = place(5, Some(2));
    let a = storage.create_booking(&new_booking(&slot, 1, None), at(0, 0), document).await.unwrap();
    slot.slot_start = at(1, 30);
    storage.create_booking(&new_booking(&slot, 2, None), at(0, 0), document).await.unwrap();
    slot.slot_start = at(2, 0);
    let full = storage.create_booking(&new_booking(&slot, 3, None), at(0, 0), document).await.unwrap_err();
    assert!(matches!(full, BookingError::Refused(Refusal::DayFull)));
    // The same key and request: the same booking and token, not a new one.
    let replay = storage.create_booking(&new_booking(&place(5, Some(2)), 1, None), at(0, 1), document).await.unwrap();
    assert!(replay.replayed);
    assert_eq!(replay.booking.code, a.booking.code);
    assert_eq!(replay.booking.manage_token, a.booking.manage_token);
    let mut reused = new_booking(&slot, 1, None);
    reused.request_hash = "something else".into();
    assert!(matches!(
        storage.create_booking(&reused, at(0, 1), document).await,
        Err(BookingError::Refused(Refusal::KeyReused))
    ));
    // The same NIK, service and day: refused even with room.
    let mut twice = new_booking(&place(5, None), 9, None);
    twice.nik_hash = "nik-1".into();
    twice.place.limits.daily_quota = None;
    assert!(matches!(
        storage.create_booking(&twice, at(0, 2), document).await,
        Err(BookingError::Refused(Refusal::DuplicateNik))
    ));
    // Cancelling frees the quota.
    let token = a.booking.manage_token.clone().unwrap();
    let stored = storage.find_booking(&a.booking.code, &token).await.unwrap().unwrap();
    assert!(stored.active);
    assert!(storage.find_booking(&a.booking.code, "wrong").await.unwrap().is_none());
    storage.cancel_booking(&a.booking.code, at(0, 3), &stored.booking).await.unwrap();
    storage.create_booking(&new_booking(&slot, 4, None), at(0, 4), document).await.unwrap();
    let (token_hash,): (String,) = sqlx::query_as("SELECT token_hash FROM booking WHERE code = $1")
        .bind(a.booking.code.as_str())
        .fetch_one(&storage.pool)
        .await
        .unwrap();
    assert_ne!(token_hash, token, "only the hash is stored");
    assert_eq!(token_hash, sha256_hex(token.as_bytes()));
}

/// The booking to move: one place taken at 08:00 WIB (01:00 UTC), and its stored document.
async fn booked_at_eight(storage: &Storage, slot: &Place) -> (BookingCode, Booking) {
    let created = storage.create_booking(&new_booking(slot, 1, None), at(0, 0), document).await.unwrap();
    let token = created.booking.manage_token.clone().unwrap();
    let stored = storage.find_booking(&created.booking.code, &token).await.unwrap().unwrap();
    assert_eq!(stored.place, slot.key, "the typed key reads back");
    (created.booking.code, stored.booking)
}

#[tokio::test]
async fn a_reschedule_uses_a_hold_only_for_its_own_mpp_service_and_slot() {
    let (_dir, storage) = storage().await;
    let (code, booking) = booked_at_eight(&storage, &place(1, None)).await;
    let mut later = place(1, None);
    later.slot_start = at(1, 30);
    // Someone else holds the only place of the later slot, for another service of the counter.
    let mut other_service = later.clone();
    other_service.key = key("mpp-lebak", "paspor-baru-anak");
    let theirs = storage.create_hold(&other_service, "client-b", at(0, 1), chrono::Duration::minutes(7)).await.unwrap();
    // Their hold id is no ticket for this booking: the slot is full for it.
    let stolen = storage.reschedule_booking(&code, &later, Some(&theirs.id), at(0, 2), &booking).await;
    assert!(matches!(stolen, Err(BookingError::Refused(Refusal::SlotFull))), "{stolen:?}");
    // Nor is a hold for the same counter id and slot at another MPP.
    let mut elsewhere = later.clone();
    elsewhere.key = key("mpp-tomohon", "paspor-baru-dewasa");
    elsewhere.slot_start = at(2, 0);
    let mut free = later.clone();
    free.slot_start = at(2, 0);
    let foreign = storage.create_hold(&elsewhere, "client-c", at(0, 3), chrono::Duration::minutes(7)).await.unwrap();
    storage.reschedule_booking(&code, &free, Some(&foreign.id), at(0, 4), &booking).await.unwrap();
    let usage = |now| storage.usage(&elsewhere.key, (at(0, 0), at(3, 0)), (free.local_date, free.local_date), now);
    assert_eq!(usage(at(0, 5)).await.unwrap().in_slot(at(2, 0)), 1, "the other MPP's hold still stands");
    // Its own hold, for exactly this place, is used.
    let mut last = place(1, None);
    last.slot_start = at(2, 30);
    let own = storage.create_hold(&last, "client-a", at(0, 6), chrono::Duration::minutes(7)).await.unwrap();
    storage.reschedule_booking(&code, &last, Some(&own.id), at(0, 7), &booking).await.unwrap();
    let moved = storage.usage(&last.key, (at(0, 0), at(3, 0)), (last.local_date, last.local_date), at(0, 8));
    let moved = moved.await.unwrap();
    assert_eq!((moved.in_slot(at(1, 0)), moved.in_slot(at(2, 0)), moved.in_slot(at(2, 30))), (0, 0, 1));
}

#[tokio::test]
async fn rescheduling_into_the_slot_it_already_has_changes_nothing_even_when_full() {
    let (_dir, storage) = storage().await;
    let slot = place(1, Some(1));
    let (code, booking) = booked_at_eight(&storage, &slot).await;
    storage.reschedule_booking(&code, &slot, None, at(0, 1), &booking).await.unwrap();
    let usage = storage.usage(&slot.key, (at(0, 0), at(2, 0)), (slot.local_date, slot.local_date), at(0, 2));
    let usage = usage.await.unwrap();
    assert_eq!((usage.in_slot(at(1, 0)), usage.on_day(slot.local_date)), (1, 1), "still one place, not two or none");
    let cancelled = storage.cancel_booking(&code, at(0, 3), &booking).await;
    assert!(cancelled.is_ok());
    let late = storage.reschedule_booking(&code, &slot, None, at(0, 4), &booking).await;
    assert!(matches!(late, Err(BookingError::Refused(Refusal::Cancelled))));
}

/// sqlx refuses to start on a database whose applied migrations changed (it keeps their checksums),
/// so a migration, comments included, is never edited once released: corrections go in a new one.
#[test]
fn released_migrations_are_never_edited() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for (file, sha256) in [
        ("sqlite/0001_directory.sql", "046cd53bf6b64f3e62073227c1579f9c5a5a4fbb9b014f5cdb3ae4a85568671d"),
        ("sqlite/0002_bookings.sql", "add69c9640157e2c5850ee6a565011af7fc118bd0f70dc0a84d4e452109f15a1"),
        ("sqlite/0003_nik_hash_is_an_hmac.sql", "6c92129c5e0c8e6a32e55d4f1cd23847e8b3eed5b46a1c8fe1c0aa8503cb2c7b"),
        (
            "sqlite/0004_one_live_hold_per_client.sql",
            "dcaa09fd95cc490eab6189dfdfd96fce2929a9628efe15bb3e1a905ef5523b7d",
        ),
        ("postgres/0001_schema.sql", "be45d468a6f5b7f00a8b3bf5c98379f291e033efb887f3c3c2bb4f3ea38c3d6a"),
        (
            "postgres/0006_create_bookings_in_batches.sql",
            "6b4fb70572a5d769a8c1d3ee5702c23dfd68eb45e89395960e1e7fa3aa4cd9eb",
        ),
        ("postgres/0007_make_bookings_as_sets.sql", "97cc9e7755802407fb83e16c1585e3bb12280c34ff89c12ddbf10dc8417aed4d"),
        (
            "postgres/0008_documents_compressed_with_lz4.sql",
            "e3b008213c7109bc2786acaf8b1e6c3c13dc96111e0237b6f7ce10618af7e49e",
        ),
    ] {
        let bytes = std::fs::read(folder.join(file)).unwrap();
        assert_eq!(sha256_hex(&bytes), sha256, "{file} was edited: put the change in a new migration");
    }
}
