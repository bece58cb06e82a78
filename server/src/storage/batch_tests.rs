//! Bookings made together: PostgreSQL's batches (`booking_batch`, migration 0007) and SQLite's
//! groups (`booking_group`), on the engine of the test database (see `test_database`).

use antrean_core::booking_code::BookingCode;
use antrean_core::calendar::Booked;
use antrean_core::place::PlaceKey;

use super::booking_batch::{self, Answer, Job, Pending};
use super::place::instant;
use super::tests::{at, document, new_booking, place, storage};
use super::{booking_group, BookingError, Engine, Refusal, Storage};

/// Where a booking of a test batch goes: its MPP, slot, day, and the hold it brings.
struct At<'a> {
    mpp: &'a str,
    slot_start: &'a str,
    local_date: &'a str,
    capacity: i64,
    quota: i64,
    hold: Option<&'a str>,
}

/// The slot of `place(5, Some(5))`.
const LEBAK: At = At {
    mpp: "mpp-lebak",
    slot_start: "2026-12-02T01:00:00Z",
    local_date: "2026-12-02",
    capacity: 5,
    quota: 5,
    hold: None,
};

/// One booking as PostgreSQL's batch function reads it (`booking_batch`), at an MPP the directory
/// has or not.
fn batch_line_at(mpp: &str, key: &str, code: &str, nik: &str) -> String {
    batch_line_to(&At { mpp, ..LEBAK }, key, code, nik)
}

fn batch_line_to(at: &At, key: &str, code: &str, nik: &str) -> String {
    let request_hash = format!("request-{key}");
    booking_batch::Request {
        key_hash: key,
        request_hash: &request_hash,
        code,
        token_hash: "token",
        mpp: at.mpp,
        counter: "imigrasi",
        service: "paspor-baru-dewasa",
        slot_start: at.slot_start,
        local_date: at.local_date,
        capacity: at.capacity,
        quota: at.quota,
        hold: at.hold,
        nik_hash: nik,
        applicant: "{}",
        answers: "{}",
        document: "{}",
        now: "2026-12-02T00:00:00Z",
    }
    .line()
    .unwrap()
}

fn batch_line(key: &str, code: &str, nik: &str) -> String {
    batch_line_at("mpp-lebak", key, code, nik)
}

/// What the database keeps for `slot`'s place: places taken in the slot and on its day, bookings
/// and keys' answers.
async fn kept(storage: &Storage, slot: &super::place::Place) -> (u32, u32, i64, i64) {
    let usage =
        storage.usage(&slot.key, (at(0, 0), at(2, 0)), (slot.local_date, slot.local_date), at(0, 1)).await.unwrap();
    let (bookings, keys): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM booking), (SELECT count(*) FROM idempotency)")
            .fetch_one(&storage.pool)
            .await
            .unwrap();
    (usage.in_slot(slot.slot_start), usage.on_day(slot.local_date), bookings, keys)
}

/// The answers to one call of PostgreSQL's batch of bookings (a failed call: each booking alone).
async fn call_batch(storage: &Storage, lines: &[String]) -> Vec<booking_batch::Answer> {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    booking_batch::make(&storage.pool, &lines).await
}

/// PostgreSQL's batch of bookings (`booking_batch`) refuses a taken code, and the place that
/// booking took is given back; the server then draws another code. Random codes never collide in
/// a test, so the database function is called directly with a code that is taken.
#[tokio::test]
async fn on_postgres_a_taken_code_takes_no_place_and_keeps_nothing() {
    let (_dir, storage) = storage().await;
    if storage.engine() != Engine::Postgres {
        return;
    }
    let slot = place(5, Some(5));
    let created = storage.create_booking(&new_booking(&slot, 1, None), at(0, 0), document).await.unwrap();
    let taken = created.booking.code.as_str();
    let answers = call_batch(&storage, &[batch_line("key-other", taken, "nik-other")]).await;
    assert_eq!(answers, [booking_batch::Answer::CodeTaken]);
    assert_eq!(kept(&storage, &slot).await, (1, 1, 1, 1), "slot, day, bookings, keys: rolled back");
}

/// In one batch each booking stands alone: a refused one (its NIK or its code already booked in
/// the same batch, or the slot full) takes nothing and the others are kept; a repeated key in the
/// batch finds the first one's answer.
#[tokio::test]
async fn on_postgres_a_refusal_in_a_batch_undoes_only_its_own_booking() {
    let (_dir, storage) = storage().await;
    if storage.engine() != Engine::Postgres {
        return;
    }
    let items = [
        batch_line("key-1", "AAAA1111", "nik-1"),
        batch_line("key-2", "AAAA2222", "nik-1"),
        batch_line("key-1", "AAAA3333", "nik-1"),
        batch_line("key-4", "AAAA4444", "nik-4"),
        batch_line("key-5", "AAAA5555", "nik-5"),
        batch_line("key-6", "AAAA6666", "nik-6"),
        batch_line("key-8", "AAAA4444", "nik-8"),
        batch_line("key-7", "AAAA7777", "nik-7"),
        batch_line("key-9", "AAAA9999", "nik-9"),
        batch_line("key-10", "AAAA1010", "nik-10"),
    ];
    use booking_batch::Answer::{CodeTaken, Created, Earlier, Refused};
    let earlier = Earlier(("request-key-1".to_owned(), "AAAA1111".to_owned(), "{}".to_owned()));
    assert_eq!(
        call_batch(&storage, &items).await,
        [
            Created,
            Refused(Refusal::DuplicateNik),
            earlier,
            Created,
            Created,
            Created,
            CodeTaken,
            Created,
            Refused(Refusal::SlotFull),
            Refused(Refusal::SlotFull),
        ]
    );
    let slot = place(5, Some(5));
    assert_eq!(kept(&storage, &slot).await, (5, 5, 5, 5), "slot, day, bookings, keys");
}

/// A booking that fails in the database for a reason of its own (here a place at an MPP the
/// directory does not have: the foreign key) is answered `failed:` with its SQLSTATE; the rest of
/// its batch is kept.
#[tokio::test]
async fn on_postgres_an_error_of_one_booking_leaves_its_batch_alone() {
    let (_dir, storage) = storage().await;
    if storage.engine() != Engine::Postgres {
        return;
    }
    let stray = batch_line_at("mpp-that-is-not", "key-2", "BBBB2222", "nik-2");
    let items = [batch_line("key-1", "BBBB1111", "nik-1"), stray, batch_line("key-3", "BBBB3333", "nik-3")];
    let answers = call_batch(&storage, &items).await;
    assert_eq!(answers[0], booking_batch::Answer::Created);
    assert!(
        matches!(&answers[1], booking_batch::Answer::Failed(reason) if reason.contains("SQLSTATE 23503")),
        "{:?}",
        answers[1]
    );
    assert_eq!(answers[2], booking_batch::Answer::Created);
    let (bookings,): (i64,) = sqlx::query_as("SELECT count(*) FROM booking").fetch_one(&storage.pool).await.unwrap();
    assert_eq!(bookings, 2);
}

/// Bookings that arrive together on PostgreSQL go to the database in batches, and each gets its
/// own answer: 40 at once for a slot of 30 give 30 bookings and 10 refusals, the quota kept, and
/// each booking made is the one its request asked for (its NIK), each refused one has no row.
#[tokio::test]
async fn bookings_made_together_each_get_their_own_answer() {
    let (_dir, storage) = storage().await;
    let slot = place(30, Some(35));
    let bookings = (1..=40).map(|n| {
        let (storage, slot) = (storage.clone(), slot.clone());
        async move { (n, storage.create_booking(&new_booking(&slot, n, None), at(0, 0), document).await) }
    });
    let answers = futures_util::future::join_all(bookings).await;
    let mut created = 0;
    for (n, answer) in &answers {
        let booked: Option<(String,)> = sqlx::query_as("SELECT code FROM booking WHERE nik_hash = $1")
            .bind(format!("nik-{n}"))
            .fetch_optional(&storage.pool)
            .await
            .unwrap();
        match answer {
            Ok(made) => {
                created += 1;
                assert_eq!(booked, Some((made.booking.code.as_str().to_owned(),)), "request {n}'s own booking");
            }
            Err(BookingError::Refused(Refusal::SlotFull)) => assert_eq!(booked, None, "request {n} kept nothing"),
            Err(other) => panic!("request {n}: {other}"),
        }
    }
    assert_eq!(created, 30);
    let usage =
        storage.usage(&slot.key, (at(0, 0), at(2, 0)), (slot.local_date, slot.local_date), at(0, 1)).await.unwrap();
    assert_eq!((usage.in_slot(slot.slot_start), usage.on_day(slot.local_date)), (30, 30));
}

/// On SQLite a group of bookings is one transaction, each booking behind its savepoint: a booking
/// refused (its NIK booked earlier in the group, the slot full) or failing (a place at an MPP the
/// directory does not have: the foreign key) is rolled back alone, and the others are committed.
#[tokio::test]
async fn on_sqlite_a_booking_of_a_group_is_rolled_back_alone() {
    let (_dir, storage) = storage().await;
    if storage.engine() != Engine::Sqlite {
        return;
    }
    let slot = place(3, Some(3));
    let mut stray = new_booking(&slot, 2, None);
    stray.place.key = PlaceKey::parse("mpp-that-is-not", "imigrasi", "paspor-baru-dewasa").unwrap();
    let mut twin = new_booking(&slot, 1, None);
    twin.key_hash = "key-twin".to_owned();
    let bookings = [
        new_booking(&slot, 1, None),
        stray,
        twin,
        new_booking(&slot, 4, None),
        new_booking(&slot, 5, None),
        new_booking(&slot, 6, None),
    ];
    let (jobs, _answers): (Vec<Job>, Vec<_>) = bookings
        .into_iter()
        .enumerate()
        .map(|(i, new)| {
            let (answer, answered) = tokio::sync::oneshot::channel();
            let code = BookingCode::from_random(u64::try_from(i).unwrap() * 7_919 + 1);
            let pending =
                Pending { new, code, token: format!("token-{i}"), stored: "{}".to_owned(), now: instant(at(0, 0)) };
            (Job { pending, answer }, answered)
        })
        .unzip();
    let answers = booking_group::make(&storage.pool, &jobs).await;
    assert_eq!(answers[0], Answer::Created);
    assert!(matches!(&answers[1], Answer::Failed(reason) if reason.contains("FOREIGN KEY")), "{:?}", answers[1]);
    assert_eq!(
        answers[2..],
        [Answer::Refused(Refusal::DuplicateNik), Answer::Created, Answer::Created, Answer::Refused(Refusal::SlotFull)]
    );
    assert_eq!(kept(&storage, &slot).await, (3, 3, 3, 3), "slot, day, bookings, keys");
}

/// A batch over three slots of one day and a slot of the next, with holds: a live hold brought by its
/// booking leaves its place to it (and is used), the same hold brought again by another booking is
/// no longer its own, another client's live hold keeps its place, an expired one does not; the
/// slot's capacity (2) and the day's quota (4) hold across the batch, each counted on its own row.
#[tokio::test]
async fn on_postgres_a_batch_counts_each_slot_and_day_and_its_holds() {
    let (_dir, storage) = storage().await;
    if storage.engine() != Engine::Postgres {
        return;
    }
    for (id, slot, client, expires) in [
        ("hold-mine", "2026-12-02T01:00:00Z", "client-1", "2026-12-02T00:10:00Z"),
        ("hold-other", "2026-12-02T02:00:00Z", "client-2", "2026-12-02T00:10:00Z"),
        ("hold-expired", "2026-12-02T02:00:00Z", "client-3", "2026-12-01T23:50:00Z"),
    ] {
        sqlx::query(
            "INSERT INTO hold (id, mpp_id, counter_id, service_id, slot_start, local_date, client, expires_at, used, superseded)
             VALUES ($1, 'mpp-lebak', 'imigrasi', 'paspor-baru-dewasa', $2, '2026-12-02', $3, $4, 0, 0)",
        )
        .bind(id)
        .bind(slot)
        .bind(client)
        .bind(expires)
        .execute(&storage.pool)
        .await
        .unwrap();
    }
    let first = At { capacity: 2, quota: 4, ..LEBAK };
    let held = At { hold: Some("hold-mine"), ..first };
    let second = At { slot_start: "2026-12-02T02:00:00Z", ..first };
    let third = At { slot_start: "2026-12-02T03:00:00Z", ..first };
    let next_day = At { slot_start: "2026-12-03T01:00:00Z", local_date: "2026-12-03", ..first };
    let items = [
        batch_line_to(&held, "key-1", "CCCC1111", "nik-1"),
        batch_line_to(&held, "key-2", "CCCC2222", "nik-2"),
        batch_line_to(&first, "key-3", "CCCC3333", "nik-3"),
        batch_line_to(&second, "key-4", "CCCC4444", "nik-4"),
        batch_line_to(&third, "key-5", "CCCC5555", "nik-5"),
        batch_line_to(&next_day, "key-6", "CCCC6666", "nik-6"),
        batch_line_to(&next_day, "key-7", "CCCC7777", "nik-1"),
    ];
    assert_eq!(
        call_batch(&storage, &items).await,
        [
            Answer::Created,
            Answer::Created,
            Answer::Refused(Refusal::SlotFull),
            Answer::Created,
            Answer::Refused(Refusal::DayFull),
            Answer::Created,
            Answer::Created,
        ],
        "01:00: the hold's own booking, then 1 taken + 0 held < 2, then full; 02:00: 0 + 1 held (the \
         expired one not counted) < 2, the day 3 + 1 held; 03:00: the day full; the next day its own"
    );
    let usage: Vec<(String, i64)> = sqlx::query_as("SELECT slot_start, taken FROM slot_usage ORDER BY slot_start")
        .fetch_all(&storage.pool)
        .await
        .unwrap();
    let days: Vec<(String, i64)> = sqlx::query_as("SELECT local_date, taken FROM day_usage ORDER BY local_date")
        .fetch_all(&storage.pool)
        .await
        .unwrap();
    let holds: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, used FROM hold ORDER BY id").fetch_all(&storage.pool).await.unwrap();
    let owned = |pairs: &[(&str, i64)]| pairs.iter().map(|(a, b)| ((*a).to_owned(), *b)).collect::<Vec<_>>();
    assert_eq!(
        usage,
        owned(&[
            ("2026-12-02T01:00:00Z", 2),
            ("2026-12-02T02:00:00Z", 1),
            ("2026-12-02T03:00:00Z", 0),
            ("2026-12-03T01:00:00Z", 2)
        ])
    );
    assert_eq!(days, owned(&[("2026-12-02", 3), ("2026-12-03", 2)]));
    assert_eq!(holds, owned(&[("hold-expired", 0), ("hold-mine", 1), ("hold-other", 0)]));
}
