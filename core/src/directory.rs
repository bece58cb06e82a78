//! The MPP directory: the public service malls, where they are and which zone their clocks keep.
//! Entries come from `data/directory/*.toml`; each carries its sources and its caveats.

use core::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::region::{ProvinceCode, RegencyCode};
use crate::schedule::{Closure, Counter, Hours, WeeklyHours};
use crate::source::{Caveat, Confidence, Source};
use crate::zone::Zone;

/// An MPP's identifier: lowercase ASCII letters, digits and dashes, starting with `mpp-`
/// (e.g. `mpp-tomohon`). It appears in URLs, so it is kept short and readable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MppId(String);

/// Why an MPP identifier was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an MPP id is \"mpp-\" followed by 1 to 60 lowercase letters, digits or single dashes; got \"{0}\"")]
pub struct MppIdError(pub String);

impl MppId {
    pub fn new(id: impl Into<String>) -> Result<Self, MppIdError> {
        let id = id.into();
        let rest = id.strip_prefix("mpp-").unwrap_or("");
        let valid = (1..=60).contains(&rest.len())
            && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !rest.starts_with('-')
            && !rest.ends_with('-')
            && !rest.contains("--");
        if valid {
            Ok(MppId(id))
        } else {
            Err(MppIdError(id))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MppId {
    type Error = MppIdError;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        MppId::new(id)
    }
}

impl core::str::FromStr for MppId {
    type Err = MppIdError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        MppId::new(id)
    }
}

impl From<MppId> for String {
    fn from(id: MppId) -> String {
        id.0
    }
}

impl fmt::Display for MppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point on the map (WGS 84 degrees).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

impl Coordinates {
    /// Indonesia lies roughly between 6°N and 11°S, 95°E and 141°E; anything far outside is a typo
    /// (a swapped pair, a missing minus sign).
    pub fn is_in_indonesia(self) -> bool {
        (-11.5..=6.5).contains(&self.latitude) && (94.5..=141.5).contains(&self.longitude)
    }

    /// The great-circle distance in kilometres (haversine on a sphere of the Earth's mean radius:
    /// within 0.5 % of the ellipsoid, plenty to sort MPPs by distance).
    pub fn distance_km(self, other: Coordinates) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let half_dlat = (lat2 - lat1) / 2.0;
        let half_dlon = (other.longitude - self.longitude).to_radians() / 2.0;
        let a = half_dlat.sin().powi(2) + lat1.cos() * lat2.cos() * half_dlon.sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// One MPP as the seed data describes it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mpp {
    pub id: MppId,
    /// The name citizens know, e.g. `MPP Kota Tomohon "Wale Kabasaran"`.
    pub name: String,
    pub province: ProvinceCode,
    /// The kabupaten or kota the MPP belongs to (Kemendagri code).
    pub regency: RegencyCode,
    /// The kabupaten or kota name, e.g. `Kota Tomohon`.
    pub regency_name: String,
    pub zone: Zone,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Coordinates>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<NaiveDate>,
    /// How sure the research is that this MPP exists and operates as described.
    #[serde(default)]
    pub confidence: Confidence,
    /// Facts about this MPP that the citizen should confirm with the office.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<Caveat>,
    pub sources: Vec<Source>,
    /// Weekly opening hours, local time.
    pub hours: WeeklyHours,
    /// Hours on cuti bersama days, where the MPP opens half a day (Denpasar); closed otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cuti_bersama_hours: Option<Hours>,
    /// Closures and half days of this MPP (regional holidays such as Galungan in Bali).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closures: Vec<Closure>,
    /// The counters that take bookings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counters: Vec<Counter>,
}

/// A rule an MPP entry breaks. The data loader reports it with the file it came from.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MppRuleError {
    #[error("regency {regency} is not in province {province}")]
    RegencyOutsideProvince { regency: RegencyCode, province: ProvinceCode },
    #[error("time zone {zone} does not match province {province} ({expected})", zone = .zone.iana(), expected = .expected.iana())]
    ZoneMismatch { zone: Zone, province: ProvinceCode, expected: Zone },
    #[error("location {latitude}, {longitude} is outside Indonesia (latitude and longitude swapped?)")]
    LocationOutsideIndonesia { latitude: f64, longitude: f64 },
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("no source: every MPP needs at least one source with a URL and the date it was checked")]
    NoSource,
    #[error("no opening hours on any day")]
    NoHours,
    #[error("counter \"{counter}\": {problem}")]
    Counter { counter: String, problem: &'static str },
    #[error("closure on {0} is listed twice")]
    DuplicateClosure(NaiveDate),
}

impl Mpp {
    /// The counter with this id, if the MPP has one.
    pub fn counter(&self, id: &str) -> Option<&Counter> {
        self.counters.iter().find(|c| c.id == id)
    }

    /// Checks the rules a single entry must follow, beyond what its types already guarantee.
    pub fn validate(&self) -> Result<(), MppRuleError> {
        for (field, value) in [("name", &self.name), ("regency_name", &self.regency_name), ("address", &self.address)] {
            if value.trim().is_empty() {
                return Err(MppRuleError::Empty { field });
            }
        }
        if self.regency.province() != self.province {
            return Err(MppRuleError::RegencyOutsideProvince { regency: self.regency, province: self.province });
        }
        let expected = self.province.province().zone;
        if self.zone.label() != expected.label() {
            return Err(MppRuleError::ZoneMismatch { zone: self.zone, province: self.province, expected });
        }
        if let Some(location) = self.location.filter(|l| !l.is_in_indonesia()) {
            return Err(MppRuleError::LocationOutsideIndonesia {
                latitude: location.latitude,
                longitude: location.longitude,
            });
        }
        if self.sources.iter().all(|source| source.url.trim().is_empty()) {
            return Err(MppRuleError::NoSource);
        }
        let weekdays = [self.hours.monday, self.hours.tuesday, self.hours.wednesday, self.hours.thursday];
        let weekend = [self.hours.friday, self.hours.saturday, self.hours.sunday];
        if weekdays.iter().chain(&weekend).all(Option::is_none) {
            return Err(MppRuleError::NoHours);
        }
        for (i, closure) in self.closures.iter().enumerate() {
            if self.closures[..i].iter().any(|c| c.date == closure.date) {
                return Err(MppRuleError::DuplicateClosure(closure.date));
            }
        }
        for (i, counter) in self.counters.iter().enumerate() {
            let problem = if !crate::ids::is_slug(&counter.id) {
                Some("the id is not 1 to 64 lowercase letters, digits and dashes")
            } else if self.counters[..i].iter().any(|c| c.id == counter.id) {
                Some("the id is used twice")
            } else if counter.services.is_empty() {
                Some("offers no service")
            } else if counter.slot_minutes == 0 || counter.slot_minutes > 240 {
                Some("slot_minutes must be 1 to 240")
            } else if counter.desks == 0 {
                Some("desks must be at least 1")
            } else if counter.horizon_days == 0 || counter.horizon_days > crate::schedule::MAX_HORIZON_DAYS {
                Some("horizon_days must be 1 to 61")
            } else if counter.daily_quota == Some(0) {
                Some("a daily_quota of 0 closes the counter: remove the counter instead")
            } else if [counter.check_in_before_minutes, counter.check_in_grace_minutes]
                .iter()
                .any(|m| m.is_some_and(|m| m > crate::visit::MAX_CHECK_IN_MINUTES))
            {
                Some("check_in_before_minutes and check_in_grace_minutes must be 0 to 1440")
            } else if self.counters[..i].iter().any(|c| c.queue_letter() == counter.queue_letter()) {
                Some("its queue letter is another counter's: set queue_letter to tell them apart")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(MppRuleError::Counter { counter: counter.id.clone(), problem });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tomohon() -> Mpp {
        Mpp {
            id: MppId::new("mpp-tomohon").unwrap(),
            name: "MPP Kota Tomohon \"Wale Kabasaran\"".into(),
            province: "71".parse().unwrap(),
            regency: "71.73".parse().unwrap(),
            regency_name: "Kota Tomohon".into(),
            zone: Zone::Makassar,
            address: "Gedung Wale Kabasaran, Tomohon".into(),
            location: None,
            opened: NaiveDate::from_ymd_opt(2018, 4, 21),
            confidence: Confidence::High,
            caveats: vec![],
            sources: vec![Source {
                url: "https://example.org/tomohon".into(),
                checked: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                supports: None,
            }],
            hours: serde_json::from_value(serde_json::json!({ "monday": ["08:00", "15:00"] })).unwrap(),
            cuti_bersama_hours: None,
            closures: vec![],
            counters: vec![],
        }
    }

    #[test]
    fn distances_between_known_cities() {
        let jakarta = Coordinates { latitude: -6.2, longitude: 106.816_666 };
        let surabaya = Coordinates { latitude: -7.257_472, longitude: 112.752_09 };
        let km = jakarta.distance_km(surabaya);
        assert!((660.0..670.0).contains(&km), "Jakarta to Surabaya is about 664 km, got {km}");
        assert_eq!(jakarta.distance_km(jakarta), 0.0);
    }

    #[test]
    fn mpp_ids_are_readable_slugs() {
        assert!(MppId::new("mpp-tomohon").is_ok());
        assert!(MppId::new("mpp-kota-bekasi").is_ok());
        for bad in ["tomohon", "mpp-", "mpp-Tomohon", "mpp--x", "mpp-x-", "mpp-a b", "mpp-é"] {
            assert_eq!(MppId::new(bad), Err(MppIdError(bad.into())), "{bad}");
        }
    }

    #[test]
    fn a_consistent_entry_is_valid() {
        assert_eq!(tomohon().validate(), Ok(()));
    }

    #[test]
    fn each_broken_rule_is_named() {
        let mut mpp = tomohon();
        mpp.regency = "12.72".parse().unwrap();
        assert!(matches!(mpp.validate(), Err(MppRuleError::RegencyOutsideProvince { .. })));

        let mut mpp = tomohon();
        mpp.zone = Zone::Jakarta;
        let error = mpp.validate().unwrap_err();
        assert_eq!(error.to_string(), "time zone Asia/Jakarta does not match province 71 (Asia/Makassar)");

        let mut mpp = tomohon();
        mpp.location = Some(Coordinates { latitude: 124.84, longitude: 1.32 });
        assert!(matches!(mpp.validate(), Err(MppRuleError::LocationOutsideIndonesia { .. })));

        let mut mpp = tomohon();
        mpp.address = "  ".into();
        assert_eq!(mpp.validate(), Err(MppRuleError::Empty { field: "address" }));

        let mut mpp = tomohon();
        mpp.sources.clear();
        assert_eq!(mpp.validate(), Err(MppRuleError::NoSource));
    }
}
