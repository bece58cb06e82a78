//! Resolving what a request names (MPP, counter, service, slot) against the seed data and the
//! calendar, shared by availability, holds and bookings: the server is the authority on whether a
//! slot exists and can be booked now.

use antrean_core::api::BookedSlot;
use antrean_core::calendar::{to_local, CounterCalendar, DayStatus};
use antrean_core::catalogue::Service;
use antrean_core::directory::Mpp;
use antrean_core::schedule::Counter;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::error::ApiError;
use crate::storage::bookings::{Limits, Place, Usage};
use crate::AppState;

/// An MPP, one of its counters and a service that counter offers.
pub struct Resolved<'a> {
    pub mpp: &'a Mpp,
    pub counter: &'a Counter,
    pub service: &'a Service,
}

pub fn mpp<'a>(state: &'a AppState, id: &str) -> Result<&'a Mpp, ApiError> {
    state.seed.mpps.iter().find(|m| m.id.as_str() == id).ok_or_else(|| ApiError::NotFound(format!("/api/v1/mpps/{id}")))
}

pub fn resolve<'a>(
    state: &'a AppState,
    mpp_id: &str,
    counter_id: &str,
    service_id: &str,
) -> Result<Resolved<'a>, ApiError> {
    let mpp = mpp(state, mpp_id)?;
    let counter = mpp
        .counters
        .iter()
        .find(|c| c.id == counter_id)
        .ok_or_else(|| ApiError::NotFound(format!("/api/v1/mpps/{mpp_id}/counters/{counter_id}")))?;
    let offered = counter.services.iter().any(|s| s == service_id);
    let service = state.seed.services.iter().find(|s| s.id == service_id).filter(|_| offered).ok_or_else(|| {
        ApiError::Invalid(vec![crate::error::field(
            "service",
            "service.not_offered",
            "Layanan ini tidak tersedia di loket tersebut.",
            "This service is not offered at that counter.",
        )])
    })?;
    Ok(Resolved { mpp, counter, service })
}

impl Resolved<'_> {
    pub fn calendar<'a>(&'a self, state: &'a AppState) -> CounterCalendar<'a> {
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
        let from = first.and_hms_opt(0, 0, 0).map(|t| t.and_utc() - Duration::days(1)).unwrap_or(now);
        let to = last.and_hms_opt(23, 59, 59).map(|t| t.and_utc() + Duration::days(1)).unwrap_or(now);
        Ok(state
            .storage
            .usage((self.mpp.id.as_str(), &self.counter.id, &self.service.id), (from, to), (first, last), now)
            .await?)
    }

    /// Checks that `slot_start` is a slot of this counter that can be booked now (it may be full:
    /// the storage decides that atomically) and gives the place to take.
    pub async fn bookable_place(
        &self,
        state: &AppState,
        slot_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Place, ApiError> {
        let date = self.local_date(slot_start);
        let usage = self.usage(state, date, date, now).await?;
        let day = self.calendar(state).day(date, now, &usage);
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
        Ok(Place {
            mpp: self.mpp.id.to_string(),
            counter: self.counter.id.clone(),
            service: self.service.id.clone(),
            slot_start,
            local_date: date,
            limits: self.limits(),
        })
    }

    /// The nearest free slots from `around` on, for a `409`.
    pub async fn alternatives(
        &self,
        state: &AppState,
        around: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<BookedSlot>, ApiError> {
        let first = self.local_date(around.max(now));
        let last = first + Duration::days(14);
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
}
