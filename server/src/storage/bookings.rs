//! Bookings, holds and idempotency records. Every write that changes capacity runs in one
//! `BEGIN IMMEDIATE` transaction behind the storage's write lock, and takes capacity with a
//! conditional update of a usage row, so a slot or a day's quota can never be oversold.

use std::collections::BTreeMap;

use antrean_core::api::Booking;
use antrean_core::booking_code::BookingCode;
use antrean_core::calendar::Booked;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};

use super::{Storage, StorageError};
use crate::crypto::{base64_url, constant_time_eq, hmac_base64url, random_bytes, sha256_hex};

/// How many places a slot and a day have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Places per slot, shared by the counter's services.
    pub capacity: u32,
    /// Places per service per day, if the counter has a quota.
    pub daily_quota: Option<u32>,
}

/// Where a booking or hold goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub mpp: String,
    pub counter: String,
    pub service: String,
    pub slot_start: DateTime<Utc>,
    /// The slot's date in the MPP's zone (the day of the quota and of the one-per-NIK rule).
    pub local_date: NaiveDate,
    pub limits: Limits,
}

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

/// Why a booking, hold or reschedule was refused. Each is a `409` or `422` for the API.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the slot is full")]
    SlotFull,
    #[error("the day's quota for this service is full")]
    DayFull,
    #[error("this NIK already has an active booking for this service on that day")]
    DuplicateNik,
    #[error("this Idempotency-Key was used for a different request")]
    KeyReused,
    #[error("the booking is cancelled")]
    Cancelled,
}

/// A storage failure or a refusal.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for BookingError {
    fn from(error: sqlx::Error) -> Self {
        BookingError::Storage(StorageError::Sql(error))
    }
}

impl From<serde_json::Error> for BookingError {
    fn from(error: serde_json::Error) -> Self {
        BookingError::Storage(StorageError::Corrupt(error))
    }
}

/// What creating a booking gave: a new booking, or the replay of an earlier answer to the same key.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// The booking with its manage token.
    pub booking: Booking,
    pub replayed: bool,
}

/// A hold on one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoldRecord {
    pub id: String,
    pub slot_start: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A stored booking, as the manage endpoints need it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredBooking {
    pub booking: Booking,
    pub place: (String, String, String),
    pub slot_start: DateTime<Utc>,
    pub local_date: NaiveDate,
    pub active: bool,
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
}

/// Places taken (bookings and unexpired holds) per slot and per day, for the calendar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub slots: BTreeMap<DateTime<Utc>, u32>,
    pub days: BTreeMap<NaiveDate, u32>,
}

impl Booked for Usage {
    fn in_slot(&self, start: DateTime<Utc>) -> u32 {
        self.slots.get(&start).copied().unwrap_or(0)
    }
    fn on_day(&self, date: NaiveDate) -> u32 {
        self.days.get(&date).copied().unwrap_or(0)
    }
}

pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StorageError::BadValue(text.to_owned()))
}

fn parse_date(text: &str) -> Result<NaiveDate, StorageError> {
    text.parse().map_err(|_| StorageError::BadValue(text.to_owned()))
}

/// Places held (unexpired, unused holds) in a slot, not counting `except`.
async fn held_in_slot(
    conn: &mut SqliteConnection,
    place: &Place,
    now: &str,
    except: Option<&str>,
) -> Result<u32, sqlx::Error> {
    let (held,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM hold WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start = ?3
           AND used = 0 AND expires_at > ?4 AND id IS NOT ?5",
    )
    .bind(&place.mpp)
    .bind(&place.counter)
    .bind(instant(place.slot_start))
    .bind(now)
    .bind(except)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u32::try_from(held).unwrap_or(u32::MAX))
}

async fn held_on_day(
    conn: &mut SqliteConnection,
    place: &Place,
    now: &str,
    except: Option<&str>,
) -> Result<u32, sqlx::Error> {
    let (held,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM hold WHERE mpp_id = ?1 AND counter_id = ?2 AND service_id = ?3 AND local_date = ?4
           AND used = 0 AND expires_at > ?5 AND id IS NOT ?6",
    )
    .bind(&place.mpp)
    .bind(&place.counter)
    .bind(&place.service)
    .bind(place.local_date.to_string())
    .bind(now)
    .bind(except)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u32::try_from(held).unwrap_or(u32::MAX))
}

/// Takes one place of the slot and of the day's quota, or says which is full. Held places of
/// others count as taken; `own_hold` is the caller's hold, which it may use.
async fn take_place(
    conn: &mut SqliteConnection,
    place: &Place,
    now: &str,
    own_hold: Option<&str>,
) -> Result<(), BookingError> {
    let slot = instant(place.slot_start);
    sqlx::query("INSERT OR IGNORE INTO slot_usage (mpp_id, counter_id, slot_start, taken) VALUES (?1, ?2, ?3, 0)")
        .bind(&place.mpp)
        .bind(&place.counter)
        .bind(&slot)
        .execute(&mut *conn)
        .await?;
    let held = held_in_slot(conn, place, now, own_hold).await?;
    let taken = sqlx::query(
        "UPDATE slot_usage SET taken = taken + 1 WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start = ?3 AND taken + ?4 < ?5",
    )
    .bind(&place.mpp)
    .bind(&place.counter)
    .bind(&slot)
    .bind(i64::from(held))
    .bind(i64::from(place.limits.capacity))
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(Refusal::SlotFull.into());
    }
    let date = place.local_date.to_string();
    sqlx::query("INSERT OR IGNORE INTO day_usage (mpp_id, counter_id, service_id, local_date, taken) VALUES (?1, ?2, ?3, ?4, 0)")
        .bind(&place.mpp)
        .bind(&place.counter)
        .bind(&place.service)
        .bind(&date)
        .execute(&mut *conn)
        .await?;
    let held = held_on_day(conn, place, now, own_hold).await?;
    let quota = place.limits.daily_quota.map_or(i64::MAX, i64::from);
    let taken = sqlx::query(
        "UPDATE day_usage SET taken = taken + 1
          WHERE mpp_id = ?1 AND counter_id = ?2 AND service_id = ?3 AND local_date = ?4 AND taken + ?5 < ?6",
    )
    .bind(&place.mpp)
    .bind(&place.counter)
    .bind(&place.service)
    .bind(&date)
    .bind(i64::from(held))
    .bind(quota)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(Refusal::DayFull.into());
    }
    Ok(())
}

/// Gives back a place taken by a booking (cancel, the old slot of a reschedule).
async fn release_place(
    conn: &mut SqliteConnection,
    (mpp, counter, service): (&str, &str, &str),
    slot_start: &str,
    local_date: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE slot_usage SET taken = taken - 1 WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start = ?3 AND taken > 0")
        .bind(mpp)
        .bind(counter)
        .bind(slot_start)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE day_usage SET taken = taken - 1
          WHERE mpp_id = ?1 AND counter_id = ?2 AND service_id = ?3 AND local_date = ?4 AND taken > 0",
    )
    .bind(mpp)
    .bind(counter)
    .bind(service)
    .bind(local_date)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn is_unique_violation(error: &BookingError) -> bool {
    matches!(error, BookingError::Storage(StorageError::Sql(sqlx::Error::Database(db))) if db.is_unique_violation())
}

impl Storage {
    /// Starts a write transaction that holds SQLite's write lock from the start.
    async fn begin_immediate(&self) -> Result<(tokio::sync::MutexGuard<'_, ()>, PoolConnection<Sqlite>), StorageError> {
        let guard = self.write_lock.lock().await;
        let mut conn = self.pool.acquire().await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        Ok((guard, conn))
    }

    async fn finish<T>(conn: &mut SqliteConnection, result: Result<T, BookingError>) -> Result<T, BookingError> {
        match result {
            Ok(value) => {
                sqlx::query("COMMIT").execute(&mut *conn).await?;
                Ok(value)
            }
            Err(error) => {
                sqlx::query("ROLLBACK").execute(&mut *conn).await?;
                Err(error)
            }
        }
    }

    /// Creates a booking, or replays the answer to an earlier request with the same key.
    /// `document` builds the API answer for a code (without the token).
    pub async fn create_booking(
        &self,
        new: &NewBooking,
        now: DateTime<Utc>,
        document: impl Fn(&BookingCode) -> Booking + Sync,
    ) -> Result<Created, BookingError> {
        let (_guard, mut conn) = self.begin_immediate().await?;
        let result = self.create_booking_in(&mut conn, new, now, &document).await;
        Self::finish(&mut conn, result).await
    }

    async fn create_booking_in(
        &self,
        conn: &mut SqliteConnection,
        new: &NewBooking,
        now: DateTime<Utc>,
        document: &(dyn Fn(&BookingCode) -> Booking + Sync),
    ) -> Result<Created, BookingError> {
        let earlier: Option<(String, String, String)> =
            sqlx::query_as("SELECT request_hash, booking_code, response FROM idempotency WHERE key_hash = ?1")
                .bind(&new.key_hash)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((request_hash, code, response)) = earlier {
            if request_hash != new.request_hash {
                return Err(Refusal::KeyReused.into());
            }
            let mut booking: Booking = serde_json::from_str(&response)?;
            booking.manage_token = Some(self.manage_token(&new.key_hash, &code)?);
            return Ok(Created { booking, replayed: true });
        }
        let now_text = instant(now);
        let own_hold: Option<String> = match &new.hold {
            Some(id) => {
                sqlx::query_scalar(
                    "SELECT id FROM hold WHERE id = ?1 AND mpp_id = ?2 AND counter_id = ?3 AND service_id = ?4
                   AND slot_start = ?5 AND used = 0 AND expires_at > ?6",
                )
                .bind(id)
                .bind(&new.place.mpp)
                .bind(&new.place.counter)
                .bind(&new.place.service)
                .bind(instant(new.place.slot_start))
                .bind(&now_text)
                .fetch_optional(&mut *conn)
                .await?
            }
            None => None,
        };
        take_place(conn, &new.place, &now_text, own_hold.as_deref()).await?;
        if let Some(id) = &own_hold {
            sqlx::query("UPDATE hold SET used = 1 WHERE id = ?1").bind(id).execute(&mut *conn).await?;
        }
        let code = loop {
            let code = BookingCode::from_random(u64::from_le_bytes(random_bytes::<8>().map_err(StorageError::from)?));
            let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM booking WHERE code = ?1")
                .bind(code.as_str())
                .fetch_optional(&mut *conn)
                .await?;
            if exists.is_none() {
                break code;
            }
        };
        let token = self.manage_token(&new.key_hash, code.as_str())?;
        let booking = document(&code);
        let stored = serde_json::to_string(&booking)?;
        let inserted = sqlx::query(
            "INSERT INTO booking (code, token_hash, mpp_id, counter_id, service_id, slot_start, local_date, nik_hash,
                                  applicant, answers, document, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'active', ?12, ?12)",
        )
        .bind(code.as_str())
        .bind(sha256_hex(token.as_bytes()))
        .bind(&new.place.mpp)
        .bind(&new.place.counter)
        .bind(&new.place.service)
        .bind(instant(new.place.slot_start))
        .bind(new.place.local_date.to_string())
        .bind(&new.nik_hash)
        .bind(&new.applicant_json)
        .bind(&new.answers_json)
        .bind(&stored)
        .bind(&now_text)
        .execute(&mut *conn)
        .await
        .map_err(BookingError::from);
        match inserted {
            Err(error) if is_unique_violation(&error) => return Err(Refusal::DuplicateNik.into()),
            other => other?,
        };
        sqlx::query("INSERT INTO idempotency (key_hash, request_hash, booking_code, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(&new.key_hash)
            .bind(&new.request_hash)
            .bind(code.as_str())
            .bind(&stored)
            .bind(&now_text)
            .execute(&mut *conn)
            .await?;
        let mut booking = booking;
        booking.manage_token = Some(token);
        Ok(Created { booking, replayed: false })
    }

    /// Holds one place for `ttl`. A client holds at most one place per service: a new hold
    /// releases the client's previous one for that service.
    pub async fn create_hold(
        &self,
        place: &Place,
        client_hash: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<HoldRecord, BookingError> {
        let (_guard, mut conn) = self.begin_immediate().await?;
        let result = async {
            let now_text = instant(now);
            sqlx::query("UPDATE hold SET expires_at = ?1 WHERE client = ?2 AND service_id = ?3 AND used = 0 AND expires_at > ?1")
                .bind(&now_text)
                .bind(client_hash)
                .bind(&place.service)
                .execute(&mut *conn)
                .await?;
            let held_slot = held_in_slot(&mut conn, place, &now_text, None).await?;
            let (taken_slot,): (i64,) = sqlx::query_as(
                "SELECT coalesce(max(taken), 0) FROM slot_usage WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start = ?3",
            )
            .bind(&place.mpp)
            .bind(&place.counter)
            .bind(instant(place.slot_start))
            .fetch_one(&mut *conn)
            .await?;
            if taken_slot + i64::from(held_slot) >= i64::from(place.limits.capacity) {
                return Err(Refusal::SlotFull.into());
            }
            if let Some(quota) = place.limits.daily_quota {
                let held_day = held_on_day(&mut conn, place, &now_text, None).await?;
                let (taken_day,): (i64,) = sqlx::query_as(
                    "SELECT coalesce(max(taken), 0) FROM day_usage
                      WHERE mpp_id = ?1 AND counter_id = ?2 AND service_id = ?3 AND local_date = ?4",
                )
                .bind(&place.mpp)
                .bind(&place.counter)
                .bind(&place.service)
                .bind(place.local_date.to_string())
                .fetch_one(&mut *conn)
                .await?;
                if taken_day + i64::from(held_day) >= i64::from(quota) {
                    return Err(Refusal::DayFull.into());
                }
            }
            let id = base64_url(&random_bytes::<16>().map_err(StorageError::from)?);
            let expires_at = now + ttl;
            sqlx::query(
                "INSERT INTO hold (id, mpp_id, counter_id, service_id, slot_start, local_date, client, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .bind(&id)
            .bind(&place.mpp)
            .bind(&place.counter)
            .bind(&place.service)
            .bind(instant(place.slot_start))
            .bind(place.local_date.to_string())
            .bind(client_hash)
            .bind(instant(expires_at))
            .execute(&mut *conn)
            .await?;
            Ok(HoldRecord { id, slot_start: place.slot_start, expires_at })
        }
        .await;
        Self::finish(&mut conn, result).await
    }

    /// The booking with this code, if the token is its manage token. `None` for an unknown code
    /// and a wrong token alike.
    pub async fn find_booking(&self, code: &BookingCode, token: &str) -> Result<Option<StoredBooking>, StorageError> {
        let row: Option<BookingRow> = sqlx::query_as(
            "SELECT token_hash, mpp_id, counter_id, service_id, slot_start, local_date, document, status FROM booking WHERE code = ?1",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(BookingRow { token_hash, mpp_id, counter_id, service_id, slot_start, local_date, document, status }) =
            row
        else {
            return Ok(None);
        };
        if !constant_time_eq(token_hash.as_bytes(), sha256_hex(token.as_bytes()).as_bytes()) {
            return Ok(None);
        }
        Ok(Some(StoredBooking {
            booking: serde_json::from_str(&document)?,
            place: (mpp_id, counter_id, service_id),
            slot_start: parse_instant(&slot_start)?,
            local_date: parse_date(&local_date)?,
            active: status == "active",
        }))
    }

    /// Cancels a booking (the caller checked its token) and frees its place. Cancelling twice is harmless.
    pub async fn cancel_booking(
        &self,
        code: &BookingCode,
        now: DateTime<Utc>,
        document: &Booking,
    ) -> Result<(), BookingError> {
        let (_guard, mut conn) = self.begin_immediate().await?;
        let result = async {
            let row: Option<(String, String, String, String, String)> = sqlx::query_as(
                "SELECT mpp_id, counter_id, service_id, slot_start, local_date FROM booking WHERE code = ?1 AND status = 'active'",
            )
            .bind(code.as_str())
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((mpp, counter, service, slot, date)) = row {
                sqlx::query("UPDATE booking SET status = 'cancelled', document = ?2, updated_at = ?3 WHERE code = ?1")
                    .bind(code.as_str())
                    .bind(serde_json::to_string(document)?)
                    .bind(instant(now))
                    .execute(&mut *conn)
                    .await?;
                release_place(&mut conn, (&mpp, &counter, &service), &slot, &date).await?;
            }
            Ok(())
        }
        .await;
        Self::finish(&mut conn, result).await
    }

    /// Moves an active booking to another slot: the new place is taken before the old one is
    /// freed, in one transaction, so the citizen never ends up with neither.
    pub async fn reschedule_booking(
        &self,
        code: &BookingCode,
        to: &Place,
        hold: Option<&str>,
        now: DateTime<Utc>,
        document: &Booking,
    ) -> Result<(), BookingError> {
        let (_guard, mut conn) = self.begin_immediate().await?;
        let result = async {
            let row: Option<(String, String)> =
                sqlx::query_as("SELECT slot_start, local_date FROM booking WHERE code = ?1 AND status = 'active'")
                    .bind(code.as_str())
                    .fetch_optional(&mut *conn)
                    .await?;
            let Some((old_slot, old_date)) = row else { return Err(Refusal::Cancelled.into()) };
            let now_text = instant(now);
            let own_hold: Option<String> = match hold {
                Some(id) => sqlx::query_scalar(
                    "SELECT id FROM hold WHERE id = ?1 AND slot_start = ?2 AND counter_id = ?3 AND used = 0 AND expires_at > ?4",
                )
                .bind(id)
                .bind(instant(to.slot_start))
                .bind(&to.counter)
                .bind(&now_text)
                .fetch_optional(&mut *conn)
                .await?,
                None => None,
            };
            take_place(&mut conn, to, &now_text, own_hold.as_deref()).await?;
            if let Some(id) = &own_hold {
                sqlx::query("UPDATE hold SET used = 1 WHERE id = ?1").bind(id).execute(&mut *conn).await?;
            }
            let moved = sqlx::query(
                "UPDATE booking SET slot_start = ?2, local_date = ?3, document = ?4, updated_at = ?5 WHERE code = ?1",
            )
            .bind(code.as_str())
            .bind(instant(to.slot_start))
            .bind(to.local_date.to_string())
            .bind(serde_json::to_string(document)?)
            .bind(&now_text)
            .execute(&mut *conn)
            .await
            .map_err(BookingError::from);
            match moved {
                Err(error) if is_unique_violation(&error) => return Err(Refusal::DuplicateNik.into()),
                other => other?,
            };
            release_place(&mut conn, (&to.mpp, &to.counter, &to.service), &old_slot, &old_date).await?;
            Ok(())
        }
        .await;
        Self::finish(&mut conn, result).await
    }

    /// Places taken per slot of a counter and per day of a service, bookings and unexpired holds.
    pub async fn usage(
        &self,
        (mpp, counter, service): (&str, &str, &str),
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        (first_day, last_day): (NaiveDate, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<Usage, StorageError> {
        let now = instant(now);
        let slots: Vec<(String, i64)> = sqlx::query_as(
            "SELECT slot_start, sum(n) FROM (
                 SELECT slot_start, taken AS n FROM slot_usage WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start BETWEEN ?3 AND ?4
                 UNION ALL
                 SELECT slot_start, count(*) FROM hold WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start BETWEEN ?3 AND ?4
                   AND used = 0 AND expires_at > ?5 GROUP BY slot_start)
             GROUP BY slot_start",
        )
        .bind(mpp)
        .bind(counter)
        .bind(instant(from))
        .bind(instant(to))
        .bind(&now)
        .fetch_all(&self.pool)
        .await?;
        let days: Vec<(String, i64)> = sqlx::query_as(
            "SELECT local_date, sum(n) FROM (
                 SELECT local_date, taken AS n FROM day_usage
                  WHERE mpp_id = ?1 AND counter_id = ?2 AND service_id = ?3 AND local_date BETWEEN ?4 AND ?5
                 UNION ALL
                 SELECT local_date, count(*) FROM hold WHERE mpp_id = ?1 AND counter_id = ?2 AND service_id = ?3
                   AND local_date BETWEEN ?4 AND ?5 AND used = 0 AND expires_at > ?6 GROUP BY local_date)
             GROUP BY local_date",
        )
        .bind(mpp)
        .bind(counter)
        .bind(service)
        .bind(first_day.to_string())
        .bind(last_day.to_string())
        .bind(&now)
        .fetch_all(&self.pool)
        .await?;
        let count = |n: i64| u32::try_from(n).unwrap_or(0);
        Ok(Usage {
            slots: slots
                .into_iter()
                .map(|(s, n)| Ok((parse_instant(&s)?, count(n))))
                .collect::<Result<_, StorageError>>()?,
            days: days
                .into_iter()
                .map(|(d, n)| Ok((parse_date(&d)?, count(n))))
                .collect::<Result<_, StorageError>>()?,
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
            "SELECT count(*) FROM booking WHERE mpp_id = ?1 AND counter_id = ?2 AND slot_start = ?3 AND status = 'active'",
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
        Ok(hmac_base64url(self.secret.as_slice(), &[b"antrean nik\0", nik_digits.as_bytes()])?)
    }

    /// The manage token of a booking: derived from the server secret, the request's idempotency key
    /// and the code, so a replayed answer carries the same token while only its hash is stored.
    fn manage_token(&self, key_hash: &str, code: &str) -> Result<String, StorageError> {
        let parts: [&[u8]; 4] = [b"antrean manage token\0", key_hash.as_bytes(), b"\0", code.as_bytes()];
        Ok(hmac_base64url(self.secret.as_slice(), &parts)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::sha256_hex;
    use antrean_core::api::{BookedSlot, BookingStatus, MppSummary};
    use antrean_core::text::Text;
    use chrono::TimeZone;

    async fn storage() -> (tempfile::TempDir, Storage) {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(&format!("sqlite://{}", dir.path().join("t.sqlite3").display())).await.unwrap();
        let seed = antrean_core::data::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
        storage.sync_directory(&seed.mpps).await.unwrap();
        (dir, storage)
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0).unwrap()
    }

    fn place(capacity: u32, daily_quota: Option<u32>) -> Place {
        Place {
            mpp: "mpp-lebak".into(),
            counter: "imigrasi".into(),
            service: "paspor-baru-dewasa".into(),
            slot_start: at(1, 0),
            local_date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            limits: Limits { capacity, daily_quota },
        }
    }

    fn new_booking(place: &Place, n: u32, hold: Option<String>) -> NewBooking {
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

    fn document(code: &BookingCode) -> Booking {
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
                ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"),
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
                ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"),
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
                ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"),
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
                ("mpp-lebak", "imigrasi", "paspor-baru-dewasa"),
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
        let replay =
            storage.create_booking(&new_booking(&place(5, Some(2)), 1, None), at(0, 1), document).await.unwrap();
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
        let (token_hash,): (String,) = sqlx::query_as("SELECT token_hash FROM booking WHERE code = ?1")
            .bind(a.booking.code.as_str())
            .fetch_one(&storage.pool)
            .await
            .unwrap();
        assert_ne!(token_hash, token, "only the hash is stored");
        assert_eq!(token_hash, sha256_hex(token.as_bytes()));
    }
}
