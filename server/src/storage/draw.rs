//! Draw mode: entries (one per NIK per draw), and the draw itself, made once by the first request
//! that needs it after the window closes, whichever instance serves it.
//!
//! Every write here first upserts the draw's row and reads its state (see migration 0007): the row
//! stays locked until the transaction ends, so entries and the draw take turns on it. The draw
//! reads the entries, allocates with `antrean_core::draw`, books each place through the ordinary
//! booking path (`create_booking_in`: capacity, quota and one-active-booking-per-NIK hold exactly),
//! and stores what it publishes, in one transaction.

use antrean_core::api::Booking;
use antrean_core::booking_code::BookingCode;
use antrean_core::draw::{allocate, Capacity, DrawSeed, Entry, Fingerprint, Preference, PublishedDraw};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::place::{instant, Place};
use super::{BookingError, NewBooking, Refusal, Storage, StorageError};
use crate::crypto::{hmac, hmac_base64url, sha256_hex};

/// An entry to make.
#[derive(Clone, Debug)]
pub struct NewEntry {
    pub draw_id: String,
    pub nik_hash: String,
    pub key_hash: String,
    pub full_name: String,
    pub applicant_json: String,
    pub answers_json: String,
    pub bring_json: String,
    pub preference: Preference,
}

/// An entry as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StoredEntry {
    pub fingerprint: String,
    pub draw_id: String,
    pub nik_hash: String,
    pub key_hash: String,
    pub full_name: String,
    pub applicant: String,
    pub answers: String,
    pub bring: String,
    pub preference: String,
    pub booking_code: Option<String>,
}

impl StoredEntry {
    pub fn preference(&self) -> Result<Preference, StorageError> {
        Ok(serde_json::from_str(&self.preference)?)
    }
}

/// A draw as stored: `None` until it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawRecord {
    pub entries: u64,
    pub published: Option<PublishedDraw>,
}

/// What the draw needs from its caller: the place of every booking and the booking documents.
pub struct DrawPlan<'a> {
    pub draw_id: &'a str,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// The place of the draw (its key and limits; each booking's slot and date are its own).
    pub place: Place,
    /// The free places before the draw.
    pub capacity: Capacity,
    /// The booking's answer for an entry, a slot and a code.
    pub document: &'a (dyn Fn(&StoredEntry, DateTime<Utc>, &BookingCode) -> Booking + Sync),
}

const ENTRY_COLUMNS: &str =
    "fingerprint, draw_id, nik_hash, key_hash, full_name, applicant, answers, bring, preference, booking_code";

/// Locks the draw's row (creating it) and tells whether it is drawn.
async fn lock_draw(conn: &mut AnyConnection, draw_id: &str) -> Result<bool, BookingError> {
    let (state,): (String,) = sqlx::query_as(
        "INSERT INTO draw (id, state) VALUES ($1, 'open')
         ON CONFLICT (id) DO UPDATE SET state = draw.state
         RETURNING state",
    )
    .bind(draw_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(state == "drawn")
}

async fn entry_by_fingerprint<'c, E>(executor: E, fingerprint: &str) -> Result<Option<StoredEntry>, BookingError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let query = format!("SELECT {ENTRY_COLUMNS} FROM draw_entry WHERE fingerprint = $1");
    Ok(sqlx::query_as(&query).bind(fingerprint).fetch_optional(executor).await?)
}

/// Whether the NIK has an active booking of the service on the day (made at another counter): the
/// one-booking-per-NIK rule would refuse a second, and the draw must not fail on it.
async fn already_booked(
    conn: &mut AnyConnection,
    nik_hash: &str,
    service: &str,
    date: chrono::NaiveDate,
) -> Result<bool, BookingError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM booking WHERE nik_hash = $1 AND service_id = $2 AND local_date = $3 AND status = 'active'",
    )
    .bind(nik_hash)
    .bind(service)
    .bind(date.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Storage {
    /// The draw's seed: an HMAC of its id under the deploy's secret, so that every instance has the
    /// same one without storing it, and its commitment can be published before any entry.
    pub fn draw_seed(&self, draw_id: &str) -> Result<DrawSeed, StorageError> {
        Ok(DrawSeed(hmac(self.secret.bytes().as_slice(), &[b"antrean draw seed\0", draw_id.as_bytes()])?))
    }

    /// The entry token of the entry made with this Idempotency-Key: a retry gets the same one.
    pub fn entry_token(&self, draw_id: &str, key_hash: &str) -> Result<String, StorageError> {
        let parts: [&[u8]; 4] = [b"antrean draw entry token\0", draw_id.as_bytes(), b"\0", key_hash.as_bytes()];
        Ok(hmac_base64url(self.secret.bytes().as_slice(), &parts)?)
    }

    /// Enters the draw; a retry with the same key gets the same entry (`true`: replayed). Refused
    /// when the draw is made, or the NIK has entered already.
    pub async fn enter_draw(&self, new: &NewEntry) -> Result<(StoredEntry, String, bool), BookingError> {
        let token = self.entry_token(&new.draw_id, &new.key_hash)?;
        let fingerprint = Fingerprint::of_entry(&new.draw_id, &token).to_string();
        let preference = serde_json::to_string(&new.preference)?;
        super::in_write_transaction!(self, |conn| async {
            if lock_draw(conn, &new.draw_id).await? {
                return Err(Refusal::DrawClosed.into());
            }
            if let Some(earlier) = entry_by_fingerprint(&mut *conn, &fingerprint).await? {
                // The same key for another applicant is a client's mistake, as for bookings.
                if earlier.nik_hash != new.nik_hash {
                    return Err(Refusal::KeyReused.into());
                }
                return Ok((earlier, token.clone(), true));
            }
            let now = instant(self.now().await);
            let inserted = sqlx::query(
                "INSERT INTO draw_entry (fingerprint, draw_id, nik_hash, key_hash, full_name, applicant, answers, bring,
                                         preference, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            )
            .bind(&fingerprint)
            .bind(&new.draw_id)
            .bind(&new.nik_hash)
            .bind(&new.key_hash)
            .bind(&new.full_name)
            .bind(&new.applicant_json)
            .bind(&new.answers_json)
            .bind(&new.bring_json)
            .bind(&preference)
            .bind(&now)
            .execute(&mut *conn)
            .await;
            match inserted {
                Err(error) if is_unique_violation(&error) => return Err(Refusal::DuplicateEntry.into()),
                other => other?,
            };
            let stored = entry_by_fingerprint(&mut *conn, &fingerprint).await?;
            stored
                .map(|entry| (entry, token.clone(), false))
                .ok_or_else(|| StorageError::BadValue(fingerprint.clone()).into())
        })
    }

    /// The entry with this fingerprint, if the token is its entry token (`None` for both an unknown
    /// fingerprint and a wrong token).
    pub async fn find_entry(
        &self,
        draw_id: &str,
        fingerprint: &str,
        token: &str,
    ) -> Result<Option<StoredEntry>, StorageError> {
        let expected = Fingerprint::of_entry(draw_id, token).to_string();
        if !crate::crypto::constant_time_eq(expected.as_bytes(), fingerprint.as_bytes()) {
            return Ok(None);
        }
        match entry_by_fingerprint(&self.pool, fingerprint).await {
            Ok(entry) => Ok(entry.filter(|e| e.draw_id == draw_id)),
            Err(BookingError::Storage(error)) => Err(error),
            Err(BookingError::Refused(_)) => Ok(None),
        }
    }

    /// Changes an entry's preference, or withdraws it (`None`), while the draw is not made.
    pub async fn change_entry(
        &self,
        draw_id: &str,
        fingerprint: &str,
        preference: Option<&Preference>,
    ) -> Result<(), BookingError> {
        let preference = preference.map(serde_json::to_string).transpose()?;
        super::in_write_transaction!(self, |conn| async {
            if lock_draw(conn, draw_id).await? {
                return Err(Refusal::DrawClosed.into());
            }
            let now = instant(self.now().await);
            // Only this draw's entry; none left (withdrawn by another request meanwhile) is said.
            let changed = match &preference {
                Some(preference) => sqlx::query(
                    "UPDATE draw_entry SET preference = $3, updated_at = $4 WHERE fingerprint = $1 AND draw_id = $2",
                )
                .bind(fingerprint)
                .bind(draw_id)
                .bind(preference)
                .bind(&now)
                .execute(&mut *conn)
                .await?,
                None => {
                    sqlx::query("DELETE FROM draw_entry WHERE fingerprint = $1 AND draw_id = $2")
                        .bind(fingerprint)
                        .bind(draw_id)
                        .execute(&mut *conn)
                        .await?
                }
            };
            if changed.rows_affected() == 0 {
                return Err(Refusal::EntryNotFound.into());
            }
            Ok(())
        })
    }

    /// The number of entries and, once drawn, the publication.
    /// Whether the draw is made: one indexed row, without reading its publication.
    pub async fn is_drawn(&self, draw_id: &str) -> Result<bool, StorageError> {
        let made: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM draw WHERE id = $1 AND state = 'drawn'")
            .bind(draw_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(made.is_some())
    }

    pub async fn draw_record(&self, draw_id: &str) -> Result<DrawRecord, StorageError> {
        let (entries,): (i64,) = sqlx::query_as("SELECT count(*) FROM draw_entry WHERE draw_id = $1")
            .bind(draw_id)
            .fetch_one(&self.pool)
            .await?;
        let published: Option<(Option<String>,)> =
            sqlx::query_as("SELECT published FROM draw WHERE id = $1 AND state = 'drawn'")
                .bind(draw_id)
                .fetch_optional(&self.pool)
                .await?;
        let published = match published.and_then(|(p,)| p) {
            Some(text) => Some(serde_json::from_str(&text)?),
            None => None,
        };
        Ok(DrawRecord { entries: u64::try_from(entries).unwrap_or(0), published })
    }

    /// Makes the draw unless it is made, and gives what it published. Run by whichever request
    /// first needs the result after the window closed; concurrent ones wait on the draw's row and
    /// find it made.
    pub async fn draw_once(&self, plan: &DrawPlan<'_>, now: DateTime<Utc>) -> Result<PublishedDraw, BookingError> {
        if let Some(published) = self.draw_record(plan.draw_id).await?.published {
            return Ok(published);
        }
        super::in_write_transaction!(self, |conn| async {
            if lock_draw(conn, plan.draw_id).await? {
                let (text,): (Option<String>,) = sqlx::query_as("SELECT published FROM draw WHERE id = $1")
                    .bind(plan.draw_id)
                    .fetch_one(&mut *conn)
                    .await?;
                let text = text
                    .ok_or_else(|| StorageError::BadValue(format!("draw {} without its publication", plan.draw_id)))?;
                return Ok(serde_json::from_str(&text)?);
            }
            self.draw_in(conn, plan, now).await
        })
    }

    async fn draw_in(
        &self,
        conn: &mut AnyConnection,
        plan: &DrawPlan<'_>,
        now: DateTime<Utc>,
    ) -> Result<PublishedDraw, BookingError> {
        let query = format!("SELECT {ENTRY_COLUMNS} FROM draw_entry WHERE draw_id = $1 ORDER BY fingerprint");
        let stored: Vec<StoredEntry> = sqlx::query_as(&query).bind(plan.draw_id).fetch_all(&mut *conn).await?;
        let mut entries = Vec::with_capacity(stored.len());
        for entry in &stored {
            let fingerprint =
                entry.fingerprint.parse().map_err(|_| StorageError::BadValue(entry.fingerprint.clone()))?;
            entries.push(Entry { fingerprint, preference: entry.preference()? });
        }
        let seed = self.draw_seed(plan.draw_id)?;
        let allocation =
            allocate(&seed, &entries, &plan.capacity).map_err(|error| StorageError::BadValue(error.to_string()))?;
        let now_text = instant(now);
        let mut places = 0i64;
        let mut forfeited = Vec::new();
        for outcome in &allocation {
            let Some(slot_start) = outcome.slot_start else { continue };
            let fingerprint = outcome.fingerprint.to_string();
            let Some(entry) = stored.iter().find(|e| e.fingerprint == fingerprint) else { continue };
            let Some(local_date) =
                plan.capacity.days.iter().find(|d| d.slots.iter().any(|s| s.start_utc == slot_start)).map(|d| d.date)
            else {
                continue;
            };
            if already_booked(conn, &entry.nik_hash, plan.place.service(), local_date).await? {
                forfeited.push(outcome.fingerprint);
                continue;
            }
            let place = Place { slot_start, local_date, ..plan.place.clone() };
            let key_hash = sha256_hex(format!("antrean draw booking\0{fingerprint}").as_bytes());
            let new = NewBooking {
                place,
                hold: None,
                nik_hash: entry.nik_hash.clone(),
                applicant_json: entry.applicant.clone(),
                answers_json: entry.answers.clone(),
                request_hash: key_hash.clone(),
                key_hash,
            };
            let document = |code: &BookingCode| (plan.document)(entry, slot_start, code);
            let created = self.create_booking_in(conn, &new, now, &document).await?;
            sqlx::query("UPDATE draw_entry SET booking_code = $2, updated_at = $3 WHERE fingerprint = $1")
                .bind(&fingerprint)
                .bind(created.booking.code.as_str())
                .bind(&now_text)
                .execute(&mut *conn)
                .await?;
            places += 1;
        }
        let published = PublishedDraw {
            draw: plan.draw_id.to_owned(),
            opens_at: plan.opens_at,
            closes_at: plan.closes_at,
            commitment: seed.commitment(),
            seed,
            capacity: plan.capacity.clone(),
            entries,
            allocation,
            forfeited,
        };
        sqlx::query("UPDATE draw SET state = 'drawn', drawn_at = $2, places = $3, published = $4 WHERE id = $1")
            .bind(plan.draw_id)
            .bind(&now_text)
            .bind(places)
            .bind(serde_json::to_string(&published)?)
            .execute(&mut *conn)
            .await?;
        Ok(published)
    }

    /// The booking the draw gave an entry, with its manage token.
    pub async fn drawn_booking(&self, entry: &StoredEntry) -> Result<Option<super::StoredBooking>, StorageError> {
        let Some(code) = &entry.booking_code else { return Ok(None) };
        let Ok(code) = BookingCode::parse(code) else { return Ok(None) };
        let key_hash = sha256_hex(format!("antrean draw booking\0{}", entry.fingerprint).as_bytes());
        let token = self.manage_token(&key_hash, code.as_str())?;
        let found = self.find_booking(&code, &token).await?;
        Ok(found.map(|mut stored| {
            stored.booking.manage_token = Some(token);
            stored
        }))
    }
}
