//! Capacity: the places of a slot (shared by a counter's services) and of a service's daily quota.
//! `slot_usage` and `day_usage` count booked places; unexpired, unused holds count as taken too.
//! One query for each question (booked, held, take, release), used by holds and bookings alike.
//! Callers run inside a write transaction (see `in_write_transaction`); the usage rows are locked
//! slot first, then day, before anything is counted.

use antrean_core::place::PlaceKey;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::place::{instant, parse_date, parse_instant, Place, Usage};
use super::{BookingError, Refusal, Storage, StorageError};

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(if n < 0 { 0 } else { u32::MAX })
}

/// Places held (unexpired, unused holds) in the slot, over the counter's services, not counting `except`.
async fn held_in_slot(
    conn: &mut AnyConnection,
    place: &Place,
    now: &str,
    except: Option<&str>,
) -> Result<u32, sqlx::Error> {
    let (held,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM hold WHERE mpp_id = $1 AND counter_id = $2 AND slot_start = $3
           AND used = 0 AND superseded = 0 AND expires_at > $4 AND id IS DISTINCT FROM $5",
    )
    .bind(place.mpp())
    .bind(place.counter())
    .bind(instant(place.slot_start))
    .bind(now)
    .bind(except)
    .fetch_one(&mut *conn)
    .await?;
    Ok(count(held))
}

/// Places held of the service's quota on the day, not counting `except`.
async fn held_on_day(
    conn: &mut AnyConnection,
    place: &Place,
    now: &str,
    except: Option<&str>,
) -> Result<u32, sqlx::Error> {
    let (held,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM hold WHERE mpp_id = $1 AND counter_id = $2 AND service_id = $3 AND local_date = $4
           AND used = 0 AND superseded = 0 AND expires_at > $5 AND id IS DISTINCT FROM $6",
    )
    .bind(place.mpp())
    .bind(place.counter())
    .bind(place.service())
    .bind(place.local_date.to_string())
    .bind(now)
    .bind(except)
    .fetch_one(&mut *conn)
    .await?;
    Ok(count(held))
}

/// Places booked in the slot, locking its usage row (created if missing) until the end of the
/// transaction: the first step of every change to the slot's capacity, so that concurrent writers
/// (from any instance) take turns, and each counts the holds and bookings the others committed.
async fn lock_slot(conn: &mut AnyConnection, place: &Place) -> Result<u32, sqlx::Error> {
    lock_slot_row(conn, place.mpp(), place.counter(), &instant(place.slot_start)).await
}

/// [`lock_slot`] by the row's key.
async fn lock_slot_row(
    conn: &mut AnyConnection,
    mpp: &str,
    counter: &str,
    slot_start: &str,
) -> Result<u32, sqlx::Error> {
    let taken: i64 = sqlx::query_scalar(
        "INSERT INTO slot_usage (mpp_id, counter_id, slot_start, taken) VALUES ($1, $2, $3, 0)
         ON CONFLICT (mpp_id, counter_id, slot_start) DO UPDATE SET taken = slot_usage.taken
         RETURNING taken",
    )
    .bind(mpp)
    .bind(counter)
    .bind(slot_start)
    .fetch_one(&mut *conn)
    .await?;
    Ok(count(taken))
}

/// Places booked of the service's quota on the day, locking its usage row as [`lock_slot`] does.
/// Taken after the slot's row, always in this order.
async fn lock_day(conn: &mut AnyConnection, place: &Place) -> Result<u32, sqlx::Error> {
    lock_day_row(conn, [place.mpp(), place.counter(), place.service(), &place.local_date.to_string()]).await
}

/// [`lock_day`] by the row's key: MPP, counter, service, local date.
async fn lock_day_row(conn: &mut AnyConnection, [mpp, counter, service, date]: [&str; 4]) -> Result<u32, sqlx::Error> {
    let taken: i64 = sqlx::query_scalar(
        "INSERT INTO day_usage (mpp_id, counter_id, service_id, local_date, taken) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (mpp_id, counter_id, service_id, local_date) DO UPDATE SET taken = day_usage.taken
         RETURNING taken",
    )
    .bind(mpp)
    .bind(counter)
    .bind(service)
    .bind(date)
    .fetch_one(&mut *conn)
    .await?;
    Ok(count(taken))
}

/// Locks the usage rows of a booking's place and of the place it moves to, before the move takes
/// the new one and gives back the old: both slots, then both days, each pair in key order (bytes,
/// as the database's "C" collation). A batch of bookings on PostgreSQL locks its rows in the same
/// order (migrations 0006 and 0007), so a reschedule and a batch never wait on each other in a cycle.
pub(super) async fn lock_for_move(
    conn: &mut AnyConnection,
    (from, from_slot, from_date): (&PlaceKey, &str, &str),
    to: &Place,
) -> Result<(), sqlx::Error> {
    let (to_slot, to_date) = (instant(to.slot_start), to.local_date.to_string());
    let mut slots = [[from.mpp.as_str(), from.counter.as_str(), from_slot], [to.mpp(), to.counter(), to_slot.as_str()]];
    slots.sort_unstable();
    for [mpp, counter, slot_start] in slots {
        lock_slot_row(conn, mpp, counter, slot_start).await?;
    }
    let mut days = [
        [from.mpp.as_str(), from.counter.as_str(), from.service.as_str(), from_date],
        [to.mpp(), to.counter(), to.service(), to_date.as_str()],
    ];
    days.sort_unstable();
    for day in days {
        lock_day_row(conn, day).await?;
    }
    Ok(())
}

/// Places booked in a place's slot and on its day, as [`lock_place`] read them.
pub(super) struct BookedInPlace {
    slot: u32,
    day: u32,
}

/// Locks the usage rows of a place, its slot's then its day's, as every writer that takes a place
/// does before it touches a hold, and reads what they count: a new hold takes them before it lets
/// go of the client's previous hold, which a batch of bookings may be using (the batch locks its
/// usage rows first, then marks its holds used), so the two never wait on each other in a cycle.
pub(super) async fn lock_place(conn: &mut AnyConnection, place: &Place) -> Result<BookedInPlace, sqlx::Error> {
    let slot = lock_slot(conn, place).await?;
    let day = lock_day(conn, place).await?;
    Ok(BookedInPlace { slot, day })
}

/// Whether one more place is free in the slot and the day (booked and held places count as
/// taken), without taking it: what a new hold needs. `booked` was read by [`lock_place`], whose
/// locks keep it true until the end of the transaction; the holds are counted now.
pub(super) async fn ensure_room(
    conn: &mut AnyConnection,
    place: &Place,
    now: &str,
    booked: BookedInPlace,
) -> Result<(), BookingError> {
    let in_slot = u64::from(booked.slot) + u64::from(held_in_slot(conn, place, now, None).await?);
    if in_slot >= u64::from(place.limits.capacity) {
        return Err(Refusal::SlotFull.into());
    }
    if let Some(quota) = place.limits.daily_quota {
        let on_day = u64::from(booked.day) + u64::from(held_on_day(conn, place, now, None).await?);
        if on_day >= u64::from(quota) {
            return Err(Refusal::DayFull.into());
        }
    }
    Ok(())
}

/// Takes one place of the slot and of the day's quota, or says which is full. Held places of
/// others count as taken; `own_hold` is the caller's hold, which it may use. The usage rows are
/// locked before anything is counted, and the update is conditional too, so that two writers can
/// never both take the last place.
pub(super) async fn take(
    conn: &mut AnyConnection,
    place: &Place,
    now: &str,
    own_hold: Option<&str>,
) -> Result<(), BookingError> {
    // The row is ours from here on: the update's own snapshot (taken after the lock) counts every
    // hold committed before, and no hold can be added to the slot until this transaction ends.
    lock_slot(conn, place).await?;
    let taken = sqlx::query(
        "UPDATE slot_usage SET taken = taken + 1
          WHERE mpp_id = $1 AND counter_id = $2 AND slot_start = $3
            AND taken + (SELECT count(*) FROM hold WHERE mpp_id = $1 AND counter_id = $2 AND slot_start = $3
                           AND used = 0 AND superseded = 0 AND expires_at > $4 AND id IS DISTINCT FROM $5) < $6",
    )
    .bind(place.mpp())
    .bind(place.counter())
    .bind(instant(place.slot_start))
    .bind(now)
    .bind(own_hold)
    .bind(i64::from(place.limits.capacity))
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(Refusal::SlotFull.into());
    }
    lock_day(conn, place).await?;
    let quota = place.limits.daily_quota.map_or(i64::MAX, i64::from);
    let taken = sqlx::query(
        "UPDATE day_usage SET taken = taken + 1
          WHERE mpp_id = $1 AND counter_id = $2 AND service_id = $3 AND local_date = $4
            AND taken + (SELECT count(*) FROM hold WHERE mpp_id = $1 AND counter_id = $2 AND service_id = $3
                           AND local_date = $4 AND used = 0 AND superseded = 0 AND expires_at > $5
                           AND id IS DISTINCT FROM $6) < $7",
    )
    .bind(place.mpp())
    .bind(place.counter())
    .bind(place.service())
    .bind(place.local_date.to_string())
    .bind(now)
    .bind(own_hold)
    .bind(quota)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(Refusal::DayFull.into());
    }
    Ok(())
}

/// Gives back a place taken by a booking (cancel, the old slot of a reschedule).
pub(super) async fn release(
    conn: &mut AnyConnection,
    key: &PlaceKey,
    slot_start: &str,
    local_date: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE slot_usage SET taken = taken - 1 WHERE mpp_id = $1 AND counter_id = $2 AND slot_start = $3 AND taken > 0")
        .bind(key.mpp.as_str())
        .bind(key.counter.as_str())
        .bind(slot_start)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE day_usage SET taken = taken - 1
          WHERE mpp_id = $1 AND counter_id = $2 AND service_id = $3 AND local_date = $4 AND taken > 0",
    )
    .bind(key.mpp.as_str())
    .bind(key.counter.as_str())
    .bind(key.service.as_str())
    .bind(local_date)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Storage {
    /// Places taken per slot of a counter and per day of a service, bookings and unexpired holds,
    /// for the calendar: slots starting in `(from, to)`, days from `first_day` to `last_day`.
    pub async fn usage(
        &self,
        key: &PlaceKey,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        (first_day, last_day): (NaiveDate, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<Usage, StorageError> {
        let now = instant(now);
        let slots: Vec<(String, i64)> = sqlx::query_as(
            "SELECT slot_start, CAST(sum(n) AS BIGINT) FROM (
                 SELECT slot_start, taken AS n FROM slot_usage WHERE mpp_id = $1 AND counter_id = $2 AND slot_start BETWEEN $3 AND $4
                 UNION ALL
                 SELECT slot_start, count(*) FROM hold WHERE mpp_id = $1 AND counter_id = $2 AND slot_start BETWEEN $3 AND $4
                   AND used = 0 AND superseded = 0 AND expires_at > $5 GROUP BY slot_start) AS counted
             GROUP BY slot_start",
        )
        .bind(key.mpp.as_str())
        .bind(key.counter.as_str())
        .bind(instant(from))
        .bind(instant(to))
        .bind(&now)
        .fetch_all(&self.pool)
        .await?;
        let days: Vec<(String, i64)> = sqlx::query_as(
            "SELECT local_date, CAST(sum(n) AS BIGINT) FROM (
                 SELECT local_date, taken AS n FROM day_usage
                  WHERE mpp_id = $1 AND counter_id = $2 AND service_id = $3 AND local_date BETWEEN $4 AND $5
                 UNION ALL
                 SELECT local_date, count(*) FROM hold WHERE mpp_id = $1 AND counter_id = $2 AND service_id = $3
                   AND local_date BETWEEN $4 AND $5 AND used = 0 AND superseded = 0 AND expires_at > $6 GROUP BY local_date) AS counted
             GROUP BY local_date",
        )
        .bind(key.mpp.as_str())
        .bind(key.counter.as_str())
        .bind(key.service.as_str())
        .bind(first_day.to_string())
        .bind(last_day.to_string())
        .bind(&now)
        .fetch_all(&self.pool)
        .await?;
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
}
