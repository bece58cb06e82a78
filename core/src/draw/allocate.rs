//! The allocation: the entries in the seed's random order, each given a place by its preferences.
//!
//! The entries are sorted by fingerprint (so that the order they were stored or published in does
//! not matter), shuffled with the seed's stream (Fisher–Yates), and served greedily in that order:
//! each takes the earliest free slot of its first preferred day that has one (a slot of its
//! preferred part of the day first, if it named one), else of its second, else of its third; if it
//! accepted any day of the released period, then of the earliest day that has one. A slot is free
//! while it has places and its day has quota left for the service.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::stream::{DrawSeed, Fingerprint, SeedStream};
use super::MAX_PREFERRED_DAYS;

/// A part of the day: morning is a slot starting before 12:00 local time, afternoon from 12:00.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    Morning,
    Afternoon,
}

impl DayPart {
    /// The part of the day a slot starting at this local time is in.
    pub fn of(start: NaiveDateTime) -> DayPart {
        if start.hour() < 12 {
            DayPart::Morning
        } else {
            DayPart::Afternoon
        }
    }
}

/// What an entry asks for: up to three days in order of preference, or any day of the released
/// period (or both: the days first, then any), and optionally a part of the day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DrawPreference))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preference {
    /// Up to three distinct days of the released period, the most wanted first.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, max_items = 3))]
    pub days: Vec<DateOnly>,
    /// Any day of the released period will do (after the named days, if any).
    #[serde(default)]
    pub any_day: bool,
    /// Slots of this part of the day are tried first on each day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<DayPart>,
}

/// A date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateOnly(#[serde(with = "crate::iso_date")] pub NaiveDate);

/// Why a preference cannot enter a draw.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PreferenceError {
    #[error("name at least one day, or accept any day")]
    Empty,
    #[error("name at most {MAX_PREFERRED_DAYS} days")]
    TooManyDays,
    #[error("the day {0} is named twice")]
    Repeated(NaiveDate),
    #[error("the day {0} is not a day of the released period")]
    NotReleased(NaiveDate),
}

impl Preference {
    /// Checks the preference against the days the draw releases.
    pub fn check(&self, capacity: &Capacity) -> Result<(), PreferenceError> {
        if self.days.is_empty() && !self.any_day {
            return Err(PreferenceError::Empty);
        }
        if self.days.len() > MAX_PREFERRED_DAYS {
            return Err(PreferenceError::TooManyDays);
        }
        for (i, day) in self.days.iter().enumerate() {
            if self.days[..i].contains(day) {
                return Err(PreferenceError::Repeated(day.0));
            }
            if !capacity.days.iter().any(|d| d.date == day.0) {
                return Err(PreferenceError::NotReleased(day.0));
            }
        }
        Ok(())
    }
}

/// One slot's free places at the draw.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotCapacity {
    /// Local wall-clock start in the MPP's zone (decides the part of the day).
    #[serde(with = "crate::iso_time::local")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"))]
    pub start: NaiveDateTime,
    /// The same instant in UTC: the booking's `slot_start`.
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start_utc: DateTime<Utc>,
    pub places: u32,
}

/// One released day's free places at the draw.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayCapacity {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    /// The service's quota left that day, if the counter has a daily quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<u32>,
    /// In time order.
    pub slots: Vec<SlotCapacity>,
}

/// The free places of the released period at the draw, in date order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DrawCapacity))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    pub days: Vec<DayCapacity>,
}

impl Capacity {
    /// Places that can be given: per day the smaller of its slots' places and its quota.
    pub fn places(&self) -> u64 {
        self.days
            .iter()
            .map(|d| {
                let slots: u64 = d.slots.iter().map(|s| u64::from(s.places)).sum();
                d.quota.map_or(slots, |q| slots.min(u64::from(q)))
            })
            .sum()
    }

    /// Takes the first free slot of `day` (of `part` first), giving its UTC start.
    fn take(&mut self, day: NaiveDate, part: Option<DayPart>) -> Option<DateTime<Utc>> {
        let day = self.days.iter_mut().find(|d| d.date == day)?;
        if day.quota == Some(0) {
            return None;
        }
        let in_part = |slot: &SlotCapacity| part.is_none_or(|p| DayPart::of(slot.start) == p);
        let index = day
            .slots
            .iter()
            .position(|s| s.places > 0 && in_part(s))
            .or_else(|| day.slots.iter().position(|s| s.places > 0))?;
        let slot = &mut day.slots[index];
        slot.places -= 1;
        if let Some(quota) = &mut day.quota {
            *quota -= 1;
        }
        Some(slot.start_utc)
    }
}

/// An entry as the draw sees it: nothing personal.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = PublishedEntry))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: Fingerprint,
    pub preference: Preference,
}

/// What one entry got, in the draw's order: a slot (its UTC start), or none ("not this time").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DrawOutcome))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub fingerprint: Fingerprint,
    #[serde(with = "crate::iso_time::utc::option", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub slot_start: Option<DateTime<Utc>>,
}

/// Why a set of entries cannot be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AllocationError {
    #[error("the fingerprint {0} appears twice")]
    DuplicateFingerprint(Fingerprint),
}

/// The draw: the entries in the seed's order, each with what it got. The entries may come in any
/// order; `capacity` is the places before the draw.
pub fn allocate(seed: &DrawSeed, entries: &[Entry], capacity: &Capacity) -> Result<Vec<Outcome>, AllocationError> {
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_by_key(|entry| entry.fingerprint);
    if let Some(pair) = order.windows(2).find(|w| w[0].fingerprint == w[1].fingerprint) {
        return Err(AllocationError::DuplicateFingerprint(pair[0].fingerprint));
    }
    SeedStream::new(seed).shuffle(&mut order);
    let mut left = capacity.clone();
    let all_days: Vec<NaiveDate> = capacity.days.iter().map(|d| d.date).collect();
    Ok(order
        .into_iter()
        .map(|entry| {
            let wanted = &entry.preference;
            let named = wanted.days.iter().map(|d| d.0);
            let any = all_days.iter().copied().filter(|_| wanted.any_day);
            let slot_start = named.chain(any).find_map(|day| left.take(day, wanted.part));
            Outcome { fingerprint: entry.fingerprint, slot_start }
        })
        .collect())
}
