//! What the capacity, hold and booking tables record about a place: its key, the slot, the local
//! day and the limits, how many places are taken, and how instants and dates are written as text.

use std::collections::BTreeMap;

use antrean_core::calendar::Booked;
use antrean_core::place::PlaceKey;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::StorageError;

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
    pub key: PlaceKey,
    pub slot_start: DateTime<Utc>,
    /// The slot's date in the MPP's zone (the day of the quota and of the one-per-NIK rule).
    pub local_date: NaiveDate,
    pub limits: Limits,
}

impl Place {
    pub(super) fn mpp(&self) -> &str {
        self.key.mpp.as_str()
    }
    pub(super) fn counter(&self) -> &str {
        self.key.counter.as_str()
    }
    pub(crate) fn service(&self) -> &str {
        self.key.service.as_str()
    }
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

/// An instant as stored: RFC 3339 in UTC to the second, so text order is time order.
pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(super) fn parse_instant(text: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StorageError::BadValue(text.to_owned()))
}

pub(super) fn parse_date(text: &str) -> Result<NaiveDate, StorageError> {
    text.parse().map_err(|_| StorageError::BadValue(text.to_owned()))
}

/// A place's key as read back from a row.
pub(super) fn parse_key(mpp: &str, counter: &str, service: &str) -> Result<PlaceKey, StorageError> {
    PlaceKey::parse(mpp, counter, service).map_err(|error| StorageError::BadValue(error.to_string()))
}
