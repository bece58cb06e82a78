//! The booking calendar of one counter and service: for each day, whether it is open (and how many
//! places are left), closed (and why), full, beyond the horizon, or not yet released (and when it
//! opens); for an open day, its slots with local and UTC times and remaining capacity.
//!
//! Everything is computed in the MPP's own zone: "today", the horizon, the cut-off and the release
//! moments. Indonesia has no daylight saving time, so a fixed offset per zone is exact.

use chrono::{DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// Why a day is closed or cannot be booked: defined a floor below, where the opening rules read it too.
pub use crate::day_status::DayStatus;
use crate::directory::Mpp;
use crate::holidays::Holidays;
use crate::opening::OpeningRules;
use crate::schedule::{Counter, Hours, ReleasePolicy};
/// Zone arithmetic lives with the zones; re-exported here, where callers have always found it.
pub use crate::zone::{offset, to_local, to_utc};

/// One bookable time.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Local wall-clock start and end in the MPP's zone, without an offset (the zone is the MPP's).
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"))]
    #[serde(with = "crate::iso_time::local")]
    pub start: NaiveDateTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"))]
    #[serde(with = "crate::iso_time::local")]
    pub end: NaiveDateTime,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start_utc: DateTime<Utc>,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end_utc: DateTime<Utc>,
    pub capacity: u32,
    /// Places left, considering the slot's bookings and the day's quota for the service.
    pub remaining: u32,
    /// Before the cut-off and not past.
    pub bookable: bool,
}

/// One day of the calendar.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    #[serde(flatten)]
    pub status: DayStatus,
    /// The day's hours (for open, full and past days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    /// Only for days that have hours; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<Slot>,
}

/// Bookings already made, as the storage counts them.
pub trait Booked {
    /// Active bookings (and unexpired holds) of the counter in the slot starting at `start_utc`,
    /// over all its services: they share the desks.
    fn in_slot(&self, start_utc: DateTime<Utc>) -> u32;
    /// Active bookings of the service at the counter on a local date, for the daily quota.
    fn on_day(&self, date: NaiveDate) -> u32;
}

/// Nothing booked yet.
pub struct NoBookings;

impl Booked for NoBookings {
    fn in_slot(&self, _: DateTime<Utc>) -> u32 {
        0
    }
    fn on_day(&self, _: NaiveDate) -> u32 {
        0
    }
}

/// What the calendar needs to know about one counter of one MPP.
pub struct CounterCalendar<'a> {
    pub mpp: &'a Mpp,
    pub counter: &'a Counter,
    pub holidays: &'a Holidays,
}

impl CounterCalendar<'_> {
    fn zone_offset(&self) -> FixedOffset {
        offset(self.mpp.zone)
    }

    /// The days from `from` to `to` (inclusive, local dates) as seen at `now`.
    pub fn days(&self, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>, booked: &dyn Booked) -> Vec<Day> {
        // Not `iter_days`: it never yields chrono's last date.
        core::iter::successors(Some(from), |d| d.succ_opt())
            .take_while(|d| *d <= to)
            .map(|date| self.day(date, now, booked))
            .collect()
    }

    /// One day as seen at `now`.
    pub fn day(&self, date: NaiveDate, now: DateTime<Utc>, booked: &dyn Booked) -> Day {
        let local_now = to_local(now, self.mpp.zone);
        let today = local_now.date();
        let closed = |status| Day { date, status, hours: None, slots: Vec::new() };
        let hours = match self.hours_on(date) {
            Ok(hours) => hours,
            Err(status) => return closed(status),
        };
        if date < today {
            return Day { date, status: DayStatus::Past, hours: Some(hours), slots: Vec::new() };
        }
        let bookable_from = self.bookable_from(date);
        if !bookable_from.has_come(now, local_now) {
            return closed(bookable_from.into());
        }
        let slots = self.slots(date, hours, local_now, booked);
        let places_left: u32 = slots.iter().filter(|s| s.bookable).map(|s| s.remaining).sum();
        let quota_left = self.quota_left(date, booked);
        let places_left = quota_left.map_or(places_left, |q| places_left.min(q));
        let status = if slots.iter().all(|s| !s.bookable) {
            DayStatus::Past
        } else if places_left == 0 {
            DayStatus::Full
        } else {
            DayStatus::Open { places_left }
        };
        Day { date, status, hours: Some(hours), slots }
    }

    /// The counter's hours on a date, or why it is closed: the MPP's opening rules (with the
    /// counter's own weekly hours, if it has them) on the weekdays the counter serves.
    pub fn hours_on(&self, date: NaiveDate) -> Result<Hours, DayStatus> {
        let rules = OpeningRules {
            weekly: self.counter.hours.as_ref().unwrap_or(&self.mpp.hours),
            cuti_bersama_hours: self.mpp.cuti_bersama_hours,
            closures: &self.mpp.closures,
            holidays: self.holidays,
        };
        let hours = rules.hours_on(date)?;
        let weekday = date.weekday();
        let served =
            self.counter.weekdays.is_empty() || self.counter.weekdays.iter().any(|w| Weekday::from(*w) == weekday);
        if served {
            Ok(hours)
        } else {
            Err(DayStatus::NotServed)
        }
    }

    fn slots(&self, date: NaiveDate, hours: Hours, local_now: NaiveDateTime, booked: &dyn Booked) -> Vec<Slot> {
        let step = Duration::minutes(i64::from(self.counter.slot_minutes.max(1)));
        let cutoff = Duration::minutes(i64::from(self.counter.cutoff_minutes));
        let capacity = u32::from(self.counter.desks);
        let quota_left = self.quota_left(date, booked);
        let close = date.and_time(hours.close.0);
        let offset = self.zone_offset();
        let mut slots = Vec::new();
        let mut start = date.and_time(hours.open.0);
        while let Some(end) = start.checked_add_signed(step).filter(|end| *end <= close) {
            let start_utc = to_utc(start, offset);
            let taken = booked.in_slot(start_utc);
            let remaining = capacity.saturating_sub(taken);
            let remaining = quota_left.map_or(remaining, |q| remaining.min(q));
            slots.push(Slot {
                start,
                end,
                start_utc,
                end_utc: to_utc(end, offset),
                capacity,
                remaining,
                bookable: start.checked_sub_signed(cutoff).is_some_and(|closes| closes > local_now),
            });
            start = end;
        }
        slots
    }

    fn quota_left(&self, date: NaiveDate, booked: &dyn Booked) -> Option<u32> {
        self.counter.daily_quota.map(|quota| quota.saturating_sub(booked.on_day(date)))
    }

    /// The moment `date` can first be booked, by the same rule the server checks a booking with
    /// (it books through [`CounterCalendar::day`]): the later of the day entering the horizon (at
    /// local midnight, `horizon_days` before) and its quota's release. The calendar's "bookable
    /// from" text comes from this too, so it never promises a day before its quota opens.
    pub fn bookable_from(&self, date: NaiveDate) -> BookableFrom {
        // Checked: `date` may come from a request, anywhere in chrono's range.
        let enters = date.checked_sub_days(Days::new(u64::from(self.counter.horizon_days))).unwrap_or(NaiveDate::MIN);
        match self.release_moment(date) {
            Some(at) if at.naive_local() > enters.and_time(chrono::NaiveTime::MIN) => BookableFrom::Released { at },
            _ => BookableFrom::EntersHorizon { on: enters },
        }
    }

    /// When the quota of `date` is released, if the counter has a release policy.
    pub fn release_moment(&self, date: NaiveDate) -> Option<DateTime<FixedOffset>> {
        let offset = self.zone_offset();
        let local = match self.counter.release? {
            ReleasePolicy::MonthlyLastWorkingDay { at, .. } => {
                let first_of_month = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
                // Backwards from the last day of the month before (`iter_days().rev()` walks back).
                let day = first_of_month.pred_opt()?.iter_days().rev().take(31).find(|d| self.is_working_day(*d))?;
                day.and_time(at.0)
            }
            // On the named weekday even when it is a holiday: the source names a weekday, not a
            // working day, and the quota is opened by the booking system, not at a desk.
            ReleasePolicy::Weekly { weekday, at, .. } => {
                let monday = date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))?;
                let previous_week = monday.checked_sub_days(Days::new(7))?;
                let day = previous_week
                    .checked_add_days(Days::new(u64::from(Weekday::from(weekday).num_days_from_monday())))?;
                day.and_time(at.0)
            }
        };
        offset.from_local_datetime(&local).single()
    }

    /// Monday to Friday, and not a holiday or cuti bersama (the government's working days), nor a
    /// day the MPP closes whole (a regional holiday of its region, announced as a closure).
    fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && self.holidays.on(date).is_none()
            && !self.mpp.closures.iter().any(|c| c.date == date && c.hours.is_none())
    }
}

/// When a day can first be booked, and which rule decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookableFrom {
    /// The day enters the horizon at local midnight of `on`; its quota (if any) is out by then.
    EntersHorizon { on: NaiveDate },
    /// The day's quota is released `at`, after the day has entered the horizon.
    Released { at: DateTime<FixedOffset> },
}

impl BookableFrom {
    /// Whether the moment has come at `now` (`local_now` is the same instant on the MPP's clock).
    pub fn has_come(self, now: DateTime<Utc>, local_now: NaiveDateTime) -> bool {
        match self {
            BookableFrom::EntersHorizon { on } => local_now.date() >= on,
            BookableFrom::Released { at } => at <= now,
        }
    }
}

/// The status of a day whose moment has not come.
impl From<BookableFrom> for DayStatus {
    fn from(from: BookableFrom) -> DayStatus {
        match from {
            BookableFrom::EntersHorizon { on } => DayStatus::BeyondHorizon { opens_on: on },
            BookableFrom::Released { at } => DayStatus::NotReleased { opens_at: at },
        }
    }
}
