//! An agency's no-show rule at booking time (see `antrean_core::no_show`): a citizen who missed
//! too many of its bookings lately is told until when new ones are closed to them. The no-shows
//! are computed from the clock (bookings never checked in by the end of their grace), as the
//! booking's own visit status is.

use antrean_core::catalogue::Agency;
use antrean_core::zone::Zone;
use chrono::{DateTime, Utc};

use super::check_ins::when;
use super::proof::window_of;
use crate::error::ApiError;
use crate::AppState;

/// Refuses a new booking of `agency`'s services for the NIK (by its hash) while its rule blocks it.
pub async fn refuse_if_blocked(
    state: &AppState,
    agency: Option<&Agency>,
    nik_hash: &str,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<(), ApiError> {
    let Some((agency, rule)) = agency.and_then(|a| a.no_show_rule.map(|rule| (a, rule))) else { return Ok(()) };
    let candidates = state.storage.unattended_bookings(nik_hash, now - rule.look_back(), now).await?;
    let no_shows: Vec<DateTime<Utc>> = candidates
        .iter()
        .filter(|(key, _)| state.seed.services.iter().any(|s| s.id == key.service.as_str() && s.agency == agency.id))
        .map(|(key, slot_start)| window_of(state, &key.mpp, key.counter.as_str()).closes(*slot_start))
        .filter(|closed| *closed < now)
        .collect();
    let Some(until) = rule.blocked_until(&no_shows, now) else { return Ok(()) };
    let (until_id, until_en) = when(until, zone);
    let (n, days) = (rule.no_shows, rule.within_days);
    Err(ApiError::NoShowBlocked {
        id: format!(
            "Anda tidak datang pada {n} booking {} dalam {days} hari, jadi booking baru untuk layanannya baru bisa dibuat lagi mulai {until_id}. Jika ada kekeliruan, tanyakan petugas MPP.",
            agency.name.id
        ),
        en: format!(
            "You did not come to {n} bookings with {} within {days} days, so its services can be booked again from {until_en}. If this is a mistake, ask the MPP's staff.",
            agency.name.en
        ),
    })
}
