//! Check-ins and walk-ins: queue numbers per counter per local day (`queue_day` keeps the last
//! one given, `queue_ticket` every number with its booking, if any). The next number is taken by
//! one upsert of the day's row, which the transaction holds locked until it commits: concurrent
//! writers from any instance take turns, so numbers never repeat, and a transaction that fails
//! gives its number back (no gaps). A booking checks in once; checking in again finds its ticket.

use antrean_core::api::{Applicant, Booking};
use antrean_core::booking_code::BookingCode;
use antrean_core::place::PlaceKey;
use antrean_core::queue::{QueueLetter, QueueNumber};
use antrean_core::visit::CheckedIn;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::place::{instant, parse_instant, parse_key};
use super::{BookingError, Refusal, Storage, StorageError};

/// What a check-in needs to know of a booking before it gives a number.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckInCandidate {
    pub key: PlaceKey,
    pub slot_start: DateTime<Utc>,
    pub active: bool,
    /// The last four digits of the booking's NIK, compared with what the kiosk was given.
    pub nik_last4: String,
    pub booking: Booking,
    pub checked_in: Option<CheckedIn>,
}

/// A ticket as read back from its row (its letter, number and time), if the row had one.
pub(super) fn checked_in_of(
    letter: Option<String>,
    number: Option<i64>,
    at: Option<String>,
) -> Result<Option<CheckedIn>, StorageError> {
    let (Some(letter), Some(number), Some(at)) = (letter, number, at) else { return Ok(None) };
    Ok(Some(CheckedIn { at: parse_instant(&at)?, queue_number: queue_number(&letter, number)? }))
}

fn queue_number(letter: &str, number: i64) -> Result<QueueNumber, StorageError> {
    let bad = || StorageError::BadValue(format!("queue number {letter}-{number}"));
    let letter = QueueLetter::try_from(letter.to_owned()).map_err(|_| bad())?;
    QueueNumber::new(letter, u16::try_from(number).map_err(|_| bad())?).map_err(|_| bad())
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    mpp_id: String,
    counter_id: String,
    service_id: String,
    slot_start: String,
    status: String,
    applicant: String,
    document: String,
    queue_letter: Option<String>,
    queue_number: Option<i64>,
    checked_in_at: Option<String>,
}

/// The next number of the counter's day, locking the day's row until the transaction ends.
async fn next_number(
    conn: &mut AnyConnection,
    mpp: &str,
    counter: &str,
    day: NaiveDate,
    letter: QueueLetter,
) -> Result<QueueNumber, BookingError> {
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO queue_day (mpp_id, counter_id, local_date, last_number) VALUES ($1, $2, $3, 1)
         ON CONFLICT (mpp_id, counter_id, local_date) DO UPDATE SET last_number = queue_day.last_number + 1
         RETURNING last_number",
    )
    .bind(mpp)
    .bind(counter)
    .bind(day.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let number = u16::try_from(number).map_err(|_| Refusal::QueueFull)?;
    QueueNumber::new(letter, number).map_err(|_| Refusal::QueueFull.into())
}

/// Records a waiting ticket of the counter's day, and bumps the MPP's version of the day.
async fn insert_ticket(
    conn: &mut AnyConnection,
    (mpp, counter, day): (&str, &str, NaiveDate),
    number: QueueNumber,
    booking: Option<(&BookingCode, &str)>,
    now: &str,
) -> Result<(), BookingError> {
    sqlx::query(
        "INSERT INTO queue_ticket (mpp_id, counter_id, local_date, number, letter, booking_code, service_id, issued_at, at_counter)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $2)",
    )
    .bind(mpp)
    .bind(counter)
    .bind(day.to_string())
    .bind(i64::from(number.number()))
    .bind(number.letter().to_string())
    .bind(booking.map(|(code, _)| code.as_str()))
    .bind(booking.map(|(_, service)| service))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    super::calling::bump_version(conn, mpp, day).await?;
    Ok(())
}

impl Storage {
    /// The booking a kiosk names by its code, with its check-in if it has one; `None` if no
    /// booking has the code.
    pub async fn check_in_candidate(&self, code: &BookingCode) -> Result<Option<CheckInCandidate>, StorageError> {
        let row: Option<CandidateRow> = sqlx::query_as(
            "SELECT b.mpp_id, b.counter_id, b.service_id, b.slot_start, b.status, b.applicant, b.document,
                    t.letter AS queue_letter, t.number AS queue_number, t.issued_at AS checked_in_at
               FROM booking AS b LEFT JOIN queue_ticket AS t ON t.booking_code = b.code
              WHERE b.code = $1",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let applicant: Applicant = serde_json::from_str(&row.applicant)?;
        let digits: Vec<char> = applicant.nik.chars().filter(char::is_ascii_digit).collect();
        Ok(Some(CheckInCandidate {
            key: parse_key(&row.mpp_id, &row.counter_id, &row.service_id)?,
            slot_start: parse_instant(&row.slot_start)?,
            active: row.status == "active",
            nik_last4: digits[digits.len().saturating_sub(4)..].iter().collect(),
            booking: serde_json::from_str(&row.document)?,
            checked_in: checked_in_of(row.queue_letter, row.queue_number, row.checked_in_at)?,
        }))
    }

    /// The check-in of a booking, if it checked in.
    pub async fn checked_in(&self, code: &BookingCode) -> Result<Option<CheckedIn>, StorageError> {
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT letter, number, issued_at FROM queue_ticket WHERE booking_code = $1")
                .bind(code.as_str())
                .fetch_optional(&self.pool)
                .await?;
        match row {
            Some((letter, number, at)) => checked_in_of(Some(letter), Some(number), Some(at)),
            None => Ok(None),
        }
    }

    /// Checks an active booking in at its counter on `day`: the next number of the counter's day,
    /// or the one it was given before (`true`: a repeated check-in). The booking's row is locked
    /// first, so a concurrent cancel or second check-in of it waits, then sees this one's outcome.
    pub async fn check_in(
        &self,
        code: &BookingCode,
        letter: QueueLetter,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(CheckedIn, bool), BookingError> {
        super::in_write_transaction!(self, |conn| async {
            let place: Option<(String, String, String)> = sqlx::query_as(
                "UPDATE booking SET updated_at = updated_at WHERE code = $1 AND status = 'active'
                 RETURNING mpp_id, counter_id, service_id",
            )
            .bind(code.as_str())
            .fetch_optional(&mut *conn)
            .await?;
            let Some((mpp, counter, service)) = place else { return Err(Refusal::Cancelled.into()) };
            let earlier: Option<(String, i64, String)> =
                sqlx::query_as("SELECT letter, number, issued_at FROM queue_ticket WHERE booking_code = $1")
                    .bind(code.as_str())
                    .fetch_optional(&mut *conn)
                    .await?;
            if let Some((letter, number, at)) = earlier {
                let checked = CheckedIn { at: parse_instant(&at)?, queue_number: queue_number(&letter, number)? };
                return Ok((checked, true));
            }
            let number = next_number(conn, &mpp, &counter, day, letter).await?;
            let now_text = instant(now);
            insert_ticket(conn, (&mpp, &counter, day), number, Some((code, &service)), &now_text).await?;
            Ok((CheckedIn { at: parse_instant(&now_text)?, queue_number: number }, false))
        })
    }

    /// A walk-in number: the next of the counter's day.
    pub async fn walk_in(
        &self,
        mpp: &str,
        counter: &str,
        letter: QueueLetter,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<QueueNumber, BookingError> {
        super::in_write_transaction!(self, |conn| async {
            let number = next_number(conn, mpp, counter, day, letter).await?;
            insert_ticket(conn, (mpp, counter, day), number, None, &instant(now)).await?;
            Ok(number)
        })
    }

    /// Active bookings of a NIK (by its hash) whose slot started between `from` and `to` and that
    /// never checked in: the candidates for no-shows (each is one once its grace is over), as
    /// (MPP, counter, service, slot start).
    pub async fn unattended_bookings(
        &self,
        nik_hash: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(PlaceKey, DateTime<Utc>)>, StorageError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT b.mpp_id, b.counter_id, b.service_id, b.slot_start
               FROM booking AS b LEFT JOIN queue_ticket AS t ON t.booking_code = b.code
              WHERE b.nik_hash = $1 AND b.status = 'active' AND t.booking_code IS NULL
                AND b.slot_start >= $2 AND b.slot_start <= $3",
        )
        .bind(nik_hash)
        .bind(instant(from))
        .bind(instant(to))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|(mpp, counter, service, slot)| Ok((parse_key(mpp, counter, service)?, parse_instant(slot)?)))
            .collect()
    }

    /// Every number given at a counter on a day, in order: for tests and operators.
    pub async fn queue_numbers(&self, mpp: &str, counter: &str, day: NaiveDate) -> Result<Vec<u16>, StorageError> {
        let numbers: Vec<i64> = sqlx::query_scalar(
            "SELECT number FROM queue_ticket WHERE mpp_id = $1 AND counter_id = $2 AND local_date = $3 ORDER BY number",
        )
        .bind(mpp)
        .bind(counter)
        .bind(day.to_string())
        .fetch_all(&self.pool)
        .await?;
        numbers.into_iter().map(|n| u16::try_from(n).map_err(|_| StorageError::BadValue(n.to_string()))).collect()
    }
}
