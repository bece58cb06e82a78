//! Why a day of a counter's calendar is open, closed or cannot be booked, as the availability
//! answer says it. Below both the calendar (which computes it for bookings) and the opening rules
//! (which say why a whole day is closed), so that neither imports the other.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::Text;

/// Why a day cannot be booked.
///
/// Written as an internally tagged object (`{"status": "open", "places_left": 12}`); read through
/// [`DayStatusWire`], a flat struct, because serde's internally tagged reader buffers every value
/// first and that generic code weighed 16 KB in the web app.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", try_from = "DayStatusWire")]
pub enum DayStatus {
    /// Bookable, with this many places left over all its slots.
    Open { places_left: u32 },
    /// Every slot (or the day's quota for this service) is taken.
    Full,
    /// Already over, or the last slot's cut-off has passed.
    Past,
    /// The counter does not serve on this weekday (weekends, special weekdays).
    NotServed,
    /// Libur nasional.
    NationalHoliday { name: Text },
    /// Cuti bersama.
    CutiBersama { name: Text },
    /// A closure of this MPP (a regional holiday, renovation…).
    Closure { reason: Text },
    /// Further ahead than the counter books; it enters the horizon on `opens_on`.
    BeyondHorizon {
        #[serde(with = "crate::iso_date")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        opens_on: NaiveDate,
    },
    /// The quota for this day is released at `opens_at` (local time of the MPP).
    NotReleased {
        #[serde(with = "crate::iso_time::offset")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        opens_at: DateTime<FixedOffset>,
    },
}

/// The kinds of [`DayStatus`], as its `status` member names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum DayStatusKind {
    Open,
    Full,
    Past,
    NotServed,
    NationalHoliday,
    CutiBersama,
    Closure,
    BeyondHorizon,
    NotReleased,
}

/// Every member a [`DayStatus`] object can have; which ones must be present depends on `status`.
#[derive(Deserialize)]
struct DayStatusWire {
    status: DayStatusKind,
    #[serde(default)]
    places_left: Option<u32>,
    #[serde(default)]
    name: Option<Text>,
    #[serde(default)]
    reason: Option<Text>,
    #[serde(default, with = "crate::iso_date::option")]
    opens_on: Option<NaiveDate>,
    #[serde(default, with = "crate::iso_time::offset::option")]
    opens_at: Option<DateTime<FixedOffset>>,
}

impl TryFrom<DayStatusWire> for DayStatus {
    type Error = &'static str;
    fn try_from(wire: DayStatusWire) -> Result<Self, Self::Error> {
        Ok(match wire.status {
            DayStatusKind::Open => DayStatus::Open { places_left: wire.places_left.ok_or("open needs places_left")? },
            DayStatusKind::Full => DayStatus::Full,
            DayStatusKind::Past => DayStatus::Past,
            DayStatusKind::NotServed => DayStatus::NotServed,
            DayStatusKind::NationalHoliday => {
                DayStatus::NationalHoliday { name: wire.name.ok_or("holiday needs a name")? }
            }
            DayStatusKind::CutiBersama => {
                DayStatus::CutiBersama { name: wire.name.ok_or("cuti bersama needs a name")? }
            }
            DayStatusKind::Closure => DayStatus::Closure { reason: wire.reason.ok_or("closure needs a reason")? },
            DayStatusKind::BeyondHorizon => {
                DayStatus::BeyondHorizon { opens_on: wire.opens_on.ok_or("needs opens_on")? }
            }
            DayStatusKind::NotReleased => DayStatus::NotReleased { opens_at: wire.opens_at.ok_or("needs opens_at")? },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_status_reads_back_what_it_writes() {
        let name = Text { id: "Idul Fitri".into(), en: "Eid al-Fitr".into() };
        let opens_at = crate::iso_time::offset::parse("2026-11-27T14:00:00+07:00").unwrap();
        for status in [
            DayStatus::Open { places_left: 12 },
            DayStatus::Full,
            DayStatus::Past,
            DayStatus::NotServed,
            DayStatus::NationalHoliday { name: name.clone() },
            DayStatus::CutiBersama { name: name.clone() },
            DayStatus::Closure { reason: name },
            DayStatus::BeyondHorizon { opens_on: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap() },
            DayStatus::NotReleased { opens_at },
        ] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(serde_json::from_str::<DayStatus>(&json).unwrap(), status, "{json}");
        }
        assert_eq!(
            serde_json::to_string(&DayStatus::Open { places_left: 3 }).unwrap(),
            r#"{"status":"open","places_left":3}"#
        );
        assert!(serde_json::from_str::<DayStatus>(r#"{"status":"open"}"#).is_err());
        assert!(serde_json::from_str::<DayStatus>(r#"{"status":"nope"}"#).is_err());
    }
}
