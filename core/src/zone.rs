//! Indonesia's time zones. Indonesia has no daylight saving time, so each zone is a fixed offset from
//! UTC (Keppres 41/1987). We keep the IANA name for interoperability and show the Indonesian label.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, Utc};
use serde::{Deserialize, Serialize};

/// The IANA zones used in Indonesia. `Asia/Pontianak` is WIB like `Asia/Jakarta`, but a distinct
/// IANA name, and calendars exported to other software should carry the name the MPP uses.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zone {
    #[serde(rename = "Asia/Jakarta")]
    Jakarta,
    #[serde(rename = "Asia/Pontianak")]
    Pontianak,
    #[serde(rename = "Asia/Makassar")]
    Makassar,
    #[serde(rename = "Asia/Jayapura")]
    Jayapura,
}

impl Zone {
    pub const ALL: [Zone; 4] = [Zone::Jakarta, Zone::Pontianak, Zone::Makassar, Zone::Jayapura];

    /// The IANA time zone name, e.g. `Asia/Makassar`.
    pub const fn iana(self) -> &'static str {
        match self {
            Zone::Jakarta => "Asia/Jakarta",
            Zone::Pontianak => "Asia/Pontianak",
            Zone::Makassar => "Asia/Makassar",
            Zone::Jayapura => "Asia/Jayapura",
        }
    }

    /// The label Indonesians read on a clock: WIB, WITA or WIT.
    pub const fn label(self) -> &'static str {
        match self {
            Zone::Jakarta | Zone::Pontianak => "WIB",
            Zone::Makassar => "WITA",
            Zone::Jayapura => "WIT",
        }
    }

    /// Offset from UTC in seconds (no daylight saving time in Indonesia).
    pub const fn utc_offset_seconds(self) -> i32 {
        match self {
            Zone::Jakarta | Zone::Pontianak => 7 * 3600,
            Zone::Makassar => 8 * 3600,
            Zone::Jayapura => 9 * 3600,
        }
    }

    /// Looks a zone up by its IANA name.
    pub fn from_iana(name: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|zone| zone.iana() == name)
    }
}

/// The offset of a zone, as chrono wants it.
pub fn offset(zone: Zone) -> FixedOffset {
    // +7, +8 and +9 hours are always valid offsets; UTC is a total fallback that is never taken.
    FixedOffset::east_opt(zone.utc_offset_seconds()).unwrap_or(Utc.fix())
}

/// A local wall-clock time in a fixed-offset zone, as a UTC instant. Never panics: the few hours at
/// the very ends of chrono's range (years ±262 000) that have no instant clamp to the nearest one.
pub fn to_utc(local: NaiveDateTime, offset: FixedOffset) -> DateTime<Utc> {
    let utc = local.checked_sub_offset(offset).unwrap_or(if offset.local_minus_utc() > 0 {
        NaiveDateTime::MIN
    } else {
        NaiveDateTime::MAX
    });
    utc.and_utc()
}

/// A UTC instant as local wall-clock time in a zone. Never panics (chrono's `naive_local` does at
/// the end of its range): the last hours of year 262 142 clamp to the latest representable time.
pub fn to_local(instant: DateTime<Utc>, zone: Zone) -> NaiveDateTime {
    instant.naive_utc().checked_add_offset(offset(zone)).unwrap_or(NaiveDateTime::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_offsets_follow_keppres_41_1987() {
        assert_eq!(Zone::Jakarta.label(), "WIB");
        assert_eq!(Zone::Pontianak.label(), "WIB");
        assert_eq!(Zone::Makassar.label(), "WITA");
        assert_eq!(Zone::Jayapura.label(), "WIT");
        assert_eq!(Zone::Jakarta.utc_offset_seconds(), 25_200);
        assert_eq!(Zone::Makassar.utc_offset_seconds(), 28_800);
        assert_eq!(Zone::Jayapura.utc_offset_seconds(), 32_400);
    }

    #[test]
    fn iana_names_round_trip_through_serde() {
        for zone in Zone::ALL {
            assert_eq!(Zone::from_iana(zone.iana()), Some(zone));
            let json = serde_json::to_string(&zone).unwrap();
            assert_eq!(json, format!("\"{}\"", zone.iana()));
            assert_eq!(serde_json::from_str::<Zone>(&json).unwrap(), zone);
        }
        assert_eq!(Zone::from_iana("Asia/Singapore"), None);
        assert!(serde_json::from_str::<Zone>("\"UTC\"").is_err());
    }
}
