//! Bookings and their idempotency records: create (or replay), find by code and token, cancel,
//! reschedule. Every change of capacity runs in one write transaction (see `in_write_transaction`)
//! and goes through `capacity`, so a slot or a day's quota is never oversold, whichever instance
//! serves the request.

use antrean_core::api::Booking;
use antrean_core::booking_code::BookingCode;
use antrean_core::place::PlaceKey;
use antrean_core::visit::CheckedIn;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::place::{instant, parse_date, parse_instant, parse_key, Place};
use super::{capacity, holds, BookingError, Refusal, Storage, StorageError};
use crate::crypto::{constant_time_eq, hmac_base64url, random_bytes, sha256_hex};

/// A booking to create.
#[derive(Clone, Debug)]
pub struct NewBooking {
    pub place: Place,
    pub hold: Option<String>,
    pub nik_hash: String,
    pub applicant_json: String,
    pub answers_json: String,
    /// SHA-256 of the Idempotency-Key, and of the request as parsed.
    pub key_hash: String,
    pub request_hash: String,
}

/// What creating a booking gave: a new booking, or the replay of an earlier answer to the same key.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// The booking with its manage token.
    pub booking: Booking,
    pub replayed: bool,
}

/// A booking about to be inserted: its code drawn, its manage token derived, its document built.
pub(super) struct Drawn {
    pub(super) booking: Booking,
    pub(super) token: String,
    /// The document as stored (without the QR code).
    pub(super) stored: String,
}

impl Drawn {
    /// The new booking's answer, with its manage token.
    pub(super) fn created(self) -> Created {
        let mut booking = self.booking;
        booking.manage_token = Some(self.token);
        Created { booking, replayed: false }
    }
}

/// A stored booking, as the manage endpoints need it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredBooking {
    pub booking: Booking,
    pub place: PlaceKey,
    pub slot_start: DateTime<Utc>,
    pub local_date: NaiveDate,
    pub active: bool,
    /// Its check-in at the kiosk, if it checked in.
    pub checked_in: Option<CheckedIn>,
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    token_hash: String,
    mpp_id: String,
    counter_id: String,
    service_id: String,
    slot_start: String,
    local_date: String,
    document: String,
    status: String,
    queue_letter: Option<String>,
    queue_number: Option<i64>,
    checked_in_at: Option<String>,
}

/// A booking as stored: without its proof, QR code and visit, which are derived from the booking
/// and the clock (the API adds them to every answer), so that each booking writes a few
/// kilobytes less, twice (booking, idempotency), and never keeps a stale visit.
fn stored_document(booking: &Booking) -> Result<String, serde_json::Error> {
    if booking.qr_svg.is_none() && booking.proof.is_none() && booking.visit.is_none() {
        return serde_json::to_string(booking);
    }
    serde_json::to_string(&Booking { qr_svg: None, proof: None, visit: None, ..booking.clone() })
}

fn is_unique_violation(error: &BookingError) -> bool {
    matches!(error, BookingError::Storage(StorageError::Sql(sqlx::Error::Database(db))) if db.is_unique_violation())
}

/// Where an active booking is: its key, slot and local date as stored. The booking's row stays
/// locked until the end of the transaction, so a concurrent cancel or move of the same booking
/// waits, then sees this one's outcome.
async fn active_place(
    conn: &mut AnyConnection,
    code: &BookingCode,
) -> Result<Option<(PlaceKey, String, String)>, BookingError> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "UPDATE booking SET updated_at = updated_at WHERE code = $1 AND status = 'active'
         RETURNING mpp_id, counter_id, service_id, slot_start, local_date",
    )
    .bind(code.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some((mpp, counter, service, slot, date)) => Ok(Some((parse_key(&mpp, &counter, &service)?, slot, date))),
        None => Ok(None),
    }
}

/// Inserts a new booking; `false` if its code is taken. A second active booking of the NIK for
/// the service on the day is refused by the database's unique index.
pub(super) async fn insert_booking(
    conn: &mut AnyConnection,
    new: &NewBooking,
    code: &BookingCode,
    token: &str,
    stored: &str,
    now: &str,
) -> Result<bool, BookingError> {
    let place = &new.place;
    let inserted = sqlx::query(
        "INSERT INTO booking (code, token_hash, mpp_id, counter_id, service_id, slot_start, local_date, nik_hash,
                              applicant, answers, document, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12, $12)
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(code.as_str())
    .bind(sha256_hex(token.as_bytes()))
    .bind(place.mpp())
    .bind(place.counter())
    .bind(place.service())
    .bind(instant(place.slot_start))
    .bind(place.local_date.to_string())
    .bind(&new.nik_hash)
    .bind(&new.applicant_json)
    .bind(&new.answers_json)
    .bind(stored)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(BookingError::from);
    match inserted {
        Err(error) if is_unique_violation(&error) => Err(Refusal::DuplicateNik.into()),
        other => Ok(other?.rows_affected() == 1),
    }
}

/// Takes a new booking's place: its own hold if it brings a usable one, the slot's and the day's
/// place (refused if either is full), and the hold marked used.
pub(super) async fn take_place(conn: &mut AnyConnection, new: &NewBooking, now: &str) -> Result<(), BookingError> {
    let own_hold = holds::usable(conn, new.hold.as_deref(), &new.place, now).await?;
    capacity::take(conn, &new.place, now, own_hold.as_deref()).await?;
    if let Some(id) = &own_hold {
        holds::mark_used(conn, id).await?;
    }
    Ok(())
}

/// Stores the answer given to the request's key (the document as stored), which a retry with the
/// key finds ([`earlier_answer`]).
pub(super) async fn record_answer(
    conn: &mut AnyConnection,
    new: &NewBooking,
    code: &BookingCode,
    stored: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency (key_hash, request_hash, booking_code, response, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&new.key_hash)
    .bind(&new.request_hash)
    .bind(code.as_str())
    .bind(stored)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The earlier answer `(request hash, booking code, response)` stored for the request's key.
pub(super) async fn earlier_answer<'c, E>(
    executor: E,
    new: &NewBooking,
) -> Result<Option<(String, String, String)>, sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query_as("SELECT request_hash, booking_code, response FROM idempotency WHERE key_hash = $1")
        .bind(&new.key_hash)
        .fetch_optional(executor)
        .await
}

impl Storage {
    /// Creates a booking, or replays the answer to an earlier request with the same key.
    /// `document` builds the API answer for a code (without the token).
    ///
    /// Two requests with the same key at the same moment (a retry racing its original, possibly
    /// on two instances) may both find no earlier answer; the second then waits on the slot's row
    /// until the first commits, and is refused (the NIK is booked, or the last place is gone). A
    /// refusal is therefore checked against the key once more, after the transaction: if the key
    /// has an answer by then, that answer is replayed. No lock on the key is taken, so a booking
    /// costs no statement for it.
    pub async fn create_booking(
        &self,
        new: &NewBooking,
        now: DateTime<Utc>,
        document: impl Fn(&BookingCode) -> Booking + Sync,
    ) -> Result<Created, BookingError> {
        // With the other bookings arriving meanwhile: in one call on PostgreSQL (`booking_batch`),
        // in one transaction on SQLite (`booking_group`).
        match self.create_booking_in_batch(&self.booking_queue, new, now, &document).await {
            // A reused key was found by the booking's own lookup: nothing to look for again.
            Err(BookingError::Refused(refusal)) if !matches!(refusal, Refusal::KeyReused) => {
                match self.earlier_answer(&self.pool, new).await? {
                    Some(replay) => Ok(replay),
                    None => Err(refusal.into()),
                }
            }
            other => other,
        }
    }

    /// The answer given earlier to the request's key, if any (refused if the key came with
    /// another request).
    async fn earlier_answer<'c, E>(&self, executor: E, new: &NewBooking) -> Result<Option<Created>, BookingError>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        let Some(earlier) = earlier_answer(executor, new).await? else { return Ok(None) };
        self.replay(new, earlier).map(Some)
    }

    /// The earlier answer `(request hash, code, response)` to the request's key, with its manage
    /// token again; refused if the key came with another request.
    pub(super) fn replay(
        &self,
        new: &NewBooking,
        (request_hash, code, response): (String, String, String),
    ) -> Result<Created, BookingError> {
        if request_hash != new.request_hash {
            return Err(Refusal::KeyReused.into());
        }
        let mut booking: Booking = serde_json::from_str(&response)?;
        booking.manage_token = Some(self.manage_token(&new.key_hash, &code)?);
        Ok(Created { booking, replayed: true })
    }

    /// A fresh booking for the request: a random code, its manage token, the booking (without its
    /// token) and the document to store.
    pub(super) fn draw(
        &self,
        new: &NewBooking,
        document: &(dyn Fn(&BookingCode) -> Booking + Sync),
    ) -> Result<Drawn, BookingError> {
        let random = random_bytes::<8>().map_err(StorageError::from)?;
        let code = BookingCode::from_random(u64::from_le_bytes(random));
        let token = self.manage_token(&new.key_hash, code.as_str())?;
        let booking = document(&code);
        let stored = stored_document(&booking)?;
        Ok(Drawn { booking, token, stored })
    }

    pub(super) async fn create_booking_in(
        &self,
        conn: &mut AnyConnection,
        new: &NewBooking,
        now: DateTime<Utc>,
        document: &(dyn Fn(&BookingCode) -> Booking + Sync),
    ) -> Result<Created, BookingError> {
        if let Some(replay) = self.earlier_answer(&mut *conn, new).await? {
            return Ok(replay);
        }
        let now_text = instant(now);
        take_place(conn, new, &now_text).await?;
        // A random code is almost never taken; when it is, the insert does nothing and another is drawn.
        let drawn = loop {
            let drawn = self.draw(new, document)?;
            if insert_booking(conn, new, &drawn.booking.code, &drawn.token, &drawn.stored, &now_text).await? {
                break drawn;
            }
        };
        record_answer(conn, new, &drawn.booking.code, &drawn.stored, &now_text).await?;
        Ok(drawn.created())
    }

    /// The booking with this code, if the token is its manage token. `None` for an unknown code
    /// and a wrong token alike.
    pub async fn find_booking(&self, code: &BookingCode, token: &str) -> Result<Option<StoredBooking>, StorageError> {
        let row: Option<BookingRow> = sqlx::query_as(
            "SELECT b.token_hash, b.mpp_id, b.counter_id, b.service_id, b.slot_start, b.local_date, b.document, b.status,
                    t.letter AS queue_letter, t.number AS queue_number, t.issued_at AS checked_in_at
               FROM booking AS b LEFT JOIN queue_ticket AS t ON t.booking_code = b.code
              WHERE b.code = $1",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(BookingRow {
            token_hash,
            mpp_id,
            counter_id,
            service_id,
            slot_start,
            local_date,
            document,
            status,
            queue_letter,
            queue_number,
            checked_in_at,
        }) = row
        else {
            return Ok(None);
        };
        if !constant_time_eq(token_hash.as_bytes(), sha256_hex(token.as_bytes()).as_bytes()) {
            return Ok(None);
        }
        Ok(Some(StoredBooking {
            booking: serde_json::from_str(&document)?,
            place: parse_key(&mpp_id, &counter_id, &service_id)?,
            slot_start: parse_instant(&slot_start)?,
            local_date: parse_date(&local_date)?,
            active: status == "active",
            checked_in: super::check_in::checked_in_of(queue_letter, queue_number, checked_in_at)?,
        }))
    }

    /// Cancels a booking (the caller checked its token) and frees its place. Cancelling twice is harmless.
    pub async fn cancel_booking(
        &self,
        code: &BookingCode,
        now: DateTime<Utc>,
        document: &Booking,
    ) -> Result<(), BookingError> {
        super::in_write_transaction!(self, |conn| async {
            if let Some((key, slot, date)) = active_place(conn, code).await? {
                sqlx::query("UPDATE booking SET status = 'cancelled', document = $2, updated_at = $3 WHERE code = $1")
                    .bind(code.as_str())
                    .bind(stored_document(document)?)
                    .bind(instant(now))
                    .execute(&mut *conn)
                    .await?;
                capacity::release(conn, &key, &slot, &date).await?;
            }
            Ok(())
        })
    }

    /// Moves an active booking to another slot: the new place is taken before the old one is
    /// freed, in one transaction, so the citizen never ends up with neither. A hold is used only
    /// if it is for exactly `to` (as for a new booking). Moving to the slot it already has changes
    /// nothing and succeeds, full or not (a hold given for it is let go).
    pub async fn reschedule_booking(
        &self,
        code: &BookingCode,
        to: &Place,
        hold: Option<&str>,
        now: DateTime<Utc>,
        document: &Booking,
    ) -> Result<(), BookingError> {
        super::in_write_transaction!(self, |conn| async {
            let Some((key, old_slot, old_date)) = active_place(conn, code).await? else {
                return Err(Refusal::Cancelled.into());
            };
            let now_text = instant(now);
            let own_hold = holds::usable(conn, hold, to, &now_text).await?;
            if key == to.key && old_slot == instant(to.slot_start) {
                if let Some(id) = &own_hold {
                    holds::mark_used(conn, id).await?;
                }
                return Ok(());
            }
            capacity::lock_for_move(conn, (&key, &old_slot, &old_date), to).await?;
            capacity::take(conn, to, &now_text, own_hold.as_deref()).await?;
            if let Some(id) = &own_hold {
                holds::mark_used(conn, id).await?;
            }
            let moved = sqlx::query(
                "UPDATE booking SET slot_start = $2, local_date = $3, document = $4, updated_at = $5 WHERE code = $1",
            )
            .bind(code.as_str())
            .bind(instant(to.slot_start))
            .bind(to.local_date.to_string())
            .bind(stored_document(document)?)
            .bind(&now_text)
            .execute(&mut *conn)
            .await
            .map_err(BookingError::from);
            match moved {
                Err(error) if is_unique_violation(&error) => return Err(Refusal::DuplicateNik.into()),
                other => other?,
            };
            capacity::release(conn, &key, &old_slot, &old_date).await?;
            Ok(())
        })
    }

    /// Counts for tests and operators: active bookings of a slot.
    pub async fn active_bookings_in_slot(
        &self,
        mpp: &str,
        counter: &str,
        slot_start: DateTime<Utc>,
    ) -> Result<u32, StorageError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM booking WHERE mpp_id = $1 AND counter_id = $2 AND slot_start = $3 AND status = 'active'",
        )
        .bind(mpp)
        .bind(counter)
        .bind(instant(slot_start))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(n).unwrap_or(0))
    }

    /// A keyed hash of a NIK, for the one-booking-per-day rule without keeping a searchable NIK index.
    pub fn nik_hash(&self, nik_digits: &str) -> Result<String, StorageError> {
        Ok(hmac_base64url(self.secret.bytes().as_slice(), &[b"antrean nik\0", nik_digits.as_bytes()])?)
    }

    /// The manage token of a booking: derived from the server secret, the request's idempotency key
    /// and the code, so a replayed answer carries the same token while only its hash is stored.
    pub(super) fn manage_token(&self, key_hash: &str, code: &str) -> Result<String, StorageError> {
        let parts: [&[u8]; 4] = [b"antrean manage token\0", key_hash.as_bytes(), b"\0", code.as_bytes()];
        Ok(hmac_base64url(self.secret.bytes().as_slice(), &parts)?)
    }
}
