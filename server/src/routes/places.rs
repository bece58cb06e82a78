//! What a request names (MPP, counter, service, slot), found in the seed data with core's one
//! place resolution and checked against the calendar, for availability, holds and bookings: the
//! server is the authority on whether a slot exists and can be booked now.

use antrean_core::api::BookedSlot;
use antrean_core::calendar::{to_local, CounterCalendar, DayStatus};
use antrean_core::catalogue::Service;
use antrean_core::directory::Mpp;
use antrean_core::place::PlaceKey;
use antrean_core::schedule::Counter;
use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};

use crate::error::ApiError;
use crate::storage::{Limits, Place, Usage};
use crate::AppState;

/// How far before today a request may name a date (all such days are past anyway).
pub const PAST_DAYS: u64 = 366;
/// How far after today a request may name a date: beyond every counter's horizon.
pub const FUTURE_DAYS: u64 = 3_660;

/// An MPP, one of its counters and a service that counter offers.
#[derive(Clone)]
pub struct Resolved<'a> {
    pub key: PlaceKey,
    pub mpp: &'a Mpp,
    pub counter: &'a Counter,
    pub service: &'a Service,
}

/// The listed MPP with this id (404 if there is none).
pub fn mpp<'a>(state: &'a AppState, id: &str) -> Result<&'a Mpp, ApiError> {
    state.seed.mpps.iter().find(|m| m.id.as_str() == id).ok_or_else(|| ApiError::NotFound(format!("/api/v1/mpps/{id}")))
}

/// Refuses a date a request names outside [`PAST_DAYS`] before and [`FUTURE_DAYS`] after today
/// (`400`), so that no date arithmetic after it can overflow and no query scans centuries.
pub fn date_in_range(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    let earliest = today.checked_sub_days(Days::new(PAST_DAYS)).unwrap_or(NaiveDate::MIN);
    let latest = today.checked_add_days(Days::new(FUTURE_DAYS)).unwrap_or(NaiveDate::MAX);
    if (earliest..=latest).contains(&date) {
        Ok(date)
    } else {
        Err(ApiError::BadRequest {
            id: format!("Tanggal {date} di luar jangkauan: paling awal {earliest}, paling akhir {latest}."),
            en: format!("The date {date} is out of range: from {earliest} to {latest}."),
        })
    }
}

impl<'a> Resolved<'a> {
    /// The place `key` names in the seed data.
    pub fn find(state: &'a AppState, key: PlaceKey) -> Result<Resolved<'a>, ApiError> {
        let found = antrean_core::place::resolve(&state.seed.mpps, &state.seed.services, &key)?;
        Ok(Resolved { key, mpp: found.mpp, counter: found.counter, service: found.service })
    }

    /// The place named by a URL's ids, each checked.
    pub fn named(state: &'a AppState, mpp: &str, counter: &str, service: &str) -> Result<Resolved<'a>, ApiError> {
        Resolved::find(state, PlaceKey::parse(mpp, counter, service)?)
    }

    pub fn calendar(&'a self, state: &'a AppState) -> CounterCalendar<'a> {
        CounterCalendar { mpp: self.mpp, counter: self.counter, holidays: &state.seed.holidays }
    }

    pub fn limits(&self) -> Limits {
        Limits { capacity: u32::from(self.counter.desks), daily_quota: self.counter.daily_quota }
    }

    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        to_local(instant, self.mpp.zone).date()
    }

    /// Places taken on the given local days (bookings and unexpired holds).
    pub async fn usage(
        &self,
        state: &AppState,
        first: NaiveDate,
        last: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Usage, ApiError> {
        // A day either side covers every zone's offset from UTC.
        let from = first.and_hms_opt(0, 0, 0).and_then(|t| t.and_utc().checked_sub_signed(TimeDelta::days(1)));
        let to = last.and_hms_opt(23, 59, 59).and_then(|t| t.and_utc().checked_add_signed(TimeDelta::days(1)));
        let range = (from.unwrap_or(DateTime::<Utc>::MIN_UTC), to.unwrap_or(DateTime::<Utc>::MAX_UTC));
        Ok(state.storage.usage(&self.key, range, (first, last), now).await?)
    }

    /// Checks that `slot_start` is a slot of this counter that can be booked now (it may be full:
    /// the storage decides that atomically) and gives the place to take.
    pub fn bookable_place(
        &self,
        state: &AppState,
        slot_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Place, ApiError> {
        let date = date_in_range(self.local_date(slot_start), self.local_date(now))?;
        // Whether the slot can be booked at all (a slot of an open, released day, before its
        // cutoff) does not depend on the places taken: those are counted by the transaction that
        // takes one, under its row locks. So no query here.
        let day = self.calendar(state).day(date, now, &Usage::default());
        let unavailable = |id: &str, en: &str| ApiError::SlotUnavailable { id: id.to_owned(), en: en.to_owned() };
        match &day.status {
            DayStatus::Open { .. } | DayStatus::Full => {}
            DayStatus::Past => return Err(unavailable("Jadwal ini sudah lewat.", "This slot is in the past.")),
            DayStatus::BeyondHorizon { .. } => {
                return Err(unavailable("Hari ini belum dapat dipesan.", "This day cannot be booked yet."))
            }
            DayStatus::NotReleased { .. } => {
                return Err(unavailable("Kuota hari ini belum dibuka.", "The quota for this day is not released yet."))
            }
            _ => return Err(unavailable("Loket tutup pada hari ini.", "The counter is closed on this day.")),
        }
        let slot =
            day.slots.iter().find(|s| s.start_utc == slot_start).ok_or_else(|| {
                unavailable("Waktu ini bukan jadwal loket.", "This time is not a slot of the counter.")
            })?;
        if !slot.bookable {
            return Err(unavailable("Pemesanan untuk jadwal ini sudah ditutup.", "Booking for this slot has closed."));
        }
        Ok(Place { key: self.key.clone(), slot_start, local_date: date, limits: self.limits() })
    }

    /// The nearest free slots from `around` on, for a `409`.
    pub async fn alternatives(
        &self,
        state: &AppState,
        around: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<BookedSlot>, ApiError> {
        let first = self.local_date(around.max(now));
        let last = first.checked_add_days(Days::new(14)).unwrap_or(first);
        let usage = self.usage(state, first, last, now).await?;
        let days = self.calendar(state).days(first, last, now, &usage);
        Ok(days
            .into_iter()
            .filter(|d| matches!(d.status, DayStatus::Open { .. }))
            .flat_map(|d| d.slots)
            .filter(|s| s.bookable && s.remaining > 0)
            .take(5)
            .map(|s| BookedSlot { start_utc: s.start_utc, start: s.start, end: s.end, zone: self.mpp.zone })
            .collect())
    }

    /// A refusal as the API says it: a full slot with the nearest free slots from `around`, a
    /// full day with those from the next day on; any other error as it is.
    pub async fn explain(
        &self,
        state: &AppState,
        error: impl Into<ApiError>,
        around: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> ApiError {
        match error.into() {
            ApiError::SlotFull(_) => match self.alternatives(state, around, now).await {
                Ok(alternatives) => ApiError::SlotFull(alternatives),
                Err(error) => error,
            },
            ApiError::DayFull(_) => {
                let next_day = around.checked_add_signed(TimeDelta::days(1)).unwrap_or(around);
                match self.alternatives(state, next_day, now).await {
                    Ok(alternatives) => ApiError::DayFull(alternatives),
                    Err(error) => error,
                }
            }
            other => other,
        }
    }
}
