//! Holds: one place of a slot kept for a few minutes while the citizen types their details. A
//! hold expires by its time alone (no job sweeps them); a client holds at most one place per
//! service; a booking or a reschedule may use its own hold, checked the same way for both.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::capacity;
use super::place::{instant, Place};
use super::{BookingError, Storage};
use crate::crypto::{base64_url, random_bytes};

/// A hold on one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoldRecord {
    pub id: String,
    pub slot_start: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The hold `id`, if it is live (unused, unexpired) and for exactly this place: the same MPP,
/// counter, service and slot. Anything else is no hold at all, and the caller competes for a
/// place like everyone else.
pub(super) async fn usable(
    conn: &mut AnyConnection,
    id: Option<&str>,
    place: &Place,
    now: &str,
) -> Result<Option<String>, sqlx::Error> {
    let Some(id) = id else { return Ok(None) };
    sqlx::query_scalar(
        "SELECT id FROM hold WHERE id = $1 AND mpp_id = $2 AND counter_id = $3 AND service_id = $4
           AND slot_start = $5 AND used = 0 AND superseded = 0 AND expires_at > $6",
    )
    .bind(id)
    .bind(place.mpp())
    .bind(place.counter())
    .bind(place.service())
    .bind(instant(place.slot_start))
    .bind(now)
    .fetch_optional(&mut *conn)
    .await
}

/// Marks a hold as used by the booking that took its place.
pub(super) async fn mark_used(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE hold SET used = 1 WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

impl Storage {
    /// Holds one place for `ttl`. A client holds at most one place per service: a new hold
    /// releases the client's previous one for that service (enforced by the database).
    pub async fn create_hold(
        &self,
        place: &Place,
        client_hash: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<HoldRecord, BookingError> {
        super::in_write_transaction!(self, |conn| async {
            let now_text = instant(now);
            // The client's holds for the service are made one after the other (on PostgreSQL, a
            // lock on the pair until the end of the transaction), and the previous one, if any, is
            // let go. The unique index `hold_one_live_per_client` is the database's guarantee: if
            // two live holds ever met, the second transaction would fail and be tried again.
            if let Some(lock) = self.engine.lock_key() {
                let pair = format!("hold {client_hash} {}", place.service());
                sqlx::query(lock).bind(pair).execute(&mut *conn).await?;
            }
            // The place's usage rows before the previous hold (see `capacity::lock_place`).
            let booked = capacity::lock_place(conn, place).await?;
            sqlx::query(
                "UPDATE hold SET superseded = 1, expires_at = CASE WHEN expires_at > $1 THEN $1 ELSE expires_at END
                  WHERE client = $2 AND service_id = $3 AND used = 0 AND superseded = 0",
            )
            .bind(&now_text)
            .bind(client_hash)
            .bind(place.service())
            .execute(&mut *conn)
            .await?;
            capacity::ensure_room(conn, place, &now_text, booked).await?;
            let id = base64_url(&random_bytes::<16>().map_err(super::StorageError::from)?);
            let expires_at = now.checked_add_signed(ttl).unwrap_or(now);
            sqlx::query(
                "INSERT INTO hold (id, mpp_id, counter_id, service_id, slot_start, local_date, client, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&id)
            .bind(place.mpp())
            .bind(place.counter())
            .bind(place.service())
            .bind(instant(place.slot_start))
            .bind(place.local_date.to_string())
            .bind(client_hash)
            .bind(instant(expires_at))
            .execute(&mut *conn)
            .await?;
            Ok(HoldRecord { id, slot_start: place.slot_start, expires_at })
        })
    }
}
