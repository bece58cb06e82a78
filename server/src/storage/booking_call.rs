//! A booking on PostgreSQL: one call of the database function `antrean_create_booking`
//! (migrations/postgres/0002), which runs the steps of `create_booking_in` in the same order and
//! under the same row locks, in one implicit transaction. A booking then costs one round trip
//! instead of eleven statements, which was most of its CPU on both sides (see the README's
//! "Throughput"). SQLite, in-process, keeps the statements.
//!
//! The function raises to refuse, so that nothing it did is kept; each refusal has a SQLSTATE of
//! its own, mapped here.

use antrean_core::api::Booking;
use antrean_core::booking_code::BookingCode;
use chrono::{DateTime, Utc};

use super::bookings::{Created, NewBooking};
use super::place::instant;
use super::{engine, BookingError, Refusal, Storage, StorageError};
use crate::crypto::sha256_hex;

/// The one-call booking. Its answer row, if any, is the key's earlier answer.
const CREATE_BOOKING: &str = "SELECT request_hash, booking_code, response FROM antrean_create_booking(
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

/// The unique index of one active booking per NIK per service per day.
const ONE_PER_NIK: &str = "booking_one_per_nik_service_day";

/// What a failed call means.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    Refused(Refusal),
    /// The random code was taken: draw another.
    CodeTaken,
    /// A concurrent writer got in the way (a deadlock, or a twin request that stored the key's
    /// answer first): call again, and the key's answer, if any, is found.
    TryAgain,
    Other,
}

impl Failure {
    fn of(error: &sqlx::Error) -> Failure {
        let sqlx::Error::Database(db) = error else { return Failure::Other };
        match db.code().as_deref() {
            Some("AN001") => Failure::Refused(Refusal::SlotFull),
            Some("AN002") => Failure::Refused(Refusal::DayFull),
            Some("AN003") => Failure::CodeTaken,
            _ if db.is_unique_violation() && db.constraint() == Some(ONE_PER_NIK) => {
                Failure::Refused(Refusal::DuplicateNik)
            }
            _ if engine::retryable(error) => Failure::TryAgain,
            _ => Failure::Other,
        }
    }
}

impl Storage {
    /// Creates a booking, or finds the key's earlier answer, in one call per attempt; tried again
    /// (at most `engine::MAX_ATTEMPTS` times) when a concurrent writer got in the way.
    pub(super) async fn create_booking_in_one_call(
        &self,
        new: &NewBooking,
        now: DateTime<Utc>,
        document: &(dyn Fn(&BookingCode) -> Booking + Sync),
    ) -> Result<Created, BookingError> {
        let now = instant(now);
        let place = &new.place;
        let quota = place.limits.daily_quota.map_or(i64::MAX, i64::from);
        let mut attempt = 1u32;
        loop {
            let drawn = self.draw(new, document)?;
            let answer: Result<Option<(String, String, String)>, sqlx::Error> = sqlx::query_as(CREATE_BOOKING)
                .bind(&new.key_hash)
                .bind(&new.request_hash)
                .bind(drawn.booking.code.as_str())
                .bind(sha256_hex(drawn.token.as_bytes()))
                .bind(place.mpp())
                .bind(place.counter())
                .bind(place.service())
                .bind(instant(place.slot_start))
                .bind(place.local_date.to_string())
                .bind(i64::from(place.limits.capacity))
                .bind(quota)
                .bind(new.hold.as_deref())
                .bind(&new.nik_hash)
                .bind(&new.applicant_json)
                .bind(&new.answers_json)
                .bind(&drawn.stored)
                .bind(&now)
                .fetch_optional(&self.pool)
                .await;
            let error = match answer {
                Ok(None) => return Ok(drawn.created()),
                Ok(Some(earlier)) => return self.replay(new, earlier),
                Err(error) => error,
            };
            match Failure::of(&error) {
                Failure::Refused(refusal) => return Err(refusal.into()),
                Failure::CodeTaken | Failure::TryAgain if attempt < engine::MAX_ATTEMPTS => {
                    attempt += 1;
                    super::back_off(attempt).await;
                }
                Failure::CodeTaken | Failure::TryAgain | Failure::Other => {
                    return Err(BookingError::Storage(StorageError::Sql(error)))
                }
            }
        }
    }
}
