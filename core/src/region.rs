//! Kemendagri region codes (Kepmendagri 300.2.2-2138 Tahun 2025, 38 provinces). These are the codes
//! in the NIK, which differ from BPS codes in Papua (Kemendagri 91 to 96). A regency or city code
//! is the province code plus two digits: kabupaten 01 to 69, kota 71 to 99.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::zone::Zone;

/// A province with its Kemendagri code and the time zone most of it lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Province {
    pub code: u8,
    pub name: &'static str,
    pub zone: Zone,
}

const fn p(code: u8, name: &'static str, zone: Zone) -> Province {
    Province { code, name, zone }
}

/// All 38 provinces, by Kemendagri code. Source: github.com/cahyadsn/wilayah (Kepmendagri
/// 300.2.2-2138/2025); zones per Keppres 41/1987.
pub const PROVINCES: [Province; 38] = [
    p(11, "Aceh", Zone::Jakarta),
    p(12, "Sumatera Utara", Zone::Jakarta),
    p(13, "Sumatera Barat", Zone::Jakarta),
    p(14, "Riau", Zone::Jakarta),
    p(15, "Jambi", Zone::Jakarta),
    p(16, "Sumatera Selatan", Zone::Jakarta),
    p(17, "Bengkulu", Zone::Jakarta),
    p(18, "Lampung", Zone::Jakarta),
    p(19, "Kepulauan Bangka Belitung", Zone::Jakarta),
    p(21, "Kepulauan Riau", Zone::Jakarta),
    p(31, "DKI Jakarta", Zone::Jakarta),
    p(32, "Jawa Barat", Zone::Jakarta),
    p(33, "Jawa Tengah", Zone::Jakarta),
    p(34, "DI Yogyakarta", Zone::Jakarta),
    p(35, "Jawa Timur", Zone::Jakarta),
    p(36, "Banten", Zone::Jakarta),
    p(51, "Bali", Zone::Makassar),
    p(52, "Nusa Tenggara Barat", Zone::Makassar),
    p(53, "Nusa Tenggara Timur", Zone::Makassar),
    p(61, "Kalimantan Barat", Zone::Pontianak),
    p(62, "Kalimantan Tengah", Zone::Pontianak),
    p(63, "Kalimantan Selatan", Zone::Makassar),
    p(64, "Kalimantan Timur", Zone::Makassar),
    p(65, "Kalimantan Utara", Zone::Makassar),
    p(71, "Sulawesi Utara", Zone::Makassar),
    p(72, "Sulawesi Tengah", Zone::Makassar),
    p(73, "Sulawesi Selatan", Zone::Makassar),
    p(74, "Sulawesi Tenggara", Zone::Makassar),
    p(75, "Gorontalo", Zone::Makassar),
    p(76, "Sulawesi Barat", Zone::Makassar),
    p(81, "Maluku", Zone::Jayapura),
    p(82, "Maluku Utara", Zone::Jayapura),
    p(91, "Papua", Zone::Jayapura),
    p(92, "Papua Barat", Zone::Jayapura),
    p(93, "Papua Selatan", Zone::Jayapura),
    p(94, "Papua Tengah", Zone::Jayapura),
    p(95, "Papua Pegunungan", Zone::Jayapura),
    p(96, "Papua Barat Daya", Zone::Jayapura),
];

/// Why a region code was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    #[error("a province code is two digits, like \"71\"; got \"{0}\"")]
    ProvinceFormat(String),
    #[error("{0} is not a Kemendagri province code")]
    UnknownProvince(u8),
    #[error("a regency or city code looks like \"71.73\"; got \"{0}\"")]
    RegencyFormat(String),
    #[error("regency/city number {0:02} is neither a kabupaten (01-69) nor a kota (71-99)")]
    RegencyNumber(u8),
}

/// A valid Kemendagri province code. It holds the province's place in [`PROVINCES`], so a
/// `ProvinceCode` always names a real province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvinceCode(u8);

impl ProvinceCode {
    /// Accepts only codes in [`PROVINCES`].
    pub fn new(code: u8) -> Result<Self, RegionCodeError> {
        PROVINCES
            .iter()
            .position(|province| province.code == code)
            .map(|index| ProvinceCode(index as u8))
            .ok_or(RegionCodeError::UnknownProvince(code))
    }

    /// The two-digit code, e.g. 71.
    pub fn get(self) -> u8 {
        self.province().code
    }

    pub fn province(self) -> Province {
        PROVINCES[usize::from(self.0)]
    }
}

/// The province with this Kemendagri code, if there is one.
pub fn province(code: u8) -> Option<Province> {
    ProvinceCode::new(code).ok().map(ProvinceCode::province)
}

fn two_digits(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    (bytes.len() == 2 && bytes.iter().all(u8::is_ascii_digit)).then(|| (bytes[0] - b'0') * 10 + (bytes[1] - b'0'))
}

impl FromStr for ProvinceCode {
    type Err = RegionCodeError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ProvinceCode::new(two_digits(text).ok_or_else(|| RegionCodeError::ProvinceFormat(text.into()))?)
    }
}

impl fmt::Display for ProvinceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.get())
    }
}

/// A kabupaten (regency) or kota (city) code such as `71.73` (Kota Tomohon).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegencyCode {
    province: ProvinceCode,
    number: u8,
}

impl RegencyCode {
    pub fn new(province: ProvinceCode, number: u8) -> Result<Self, RegionCodeError> {
        if matches!(number, 1..=69 | 71..=99) {
            Ok(RegencyCode { province, number })
        } else {
            Err(RegionCodeError::RegencyNumber(number))
        }
    }

    pub const fn province(self) -> ProvinceCode {
        self.province
    }

    pub const fn number(self) -> u8 {
        self.number
    }

    /// A kota (city) rather than a kabupaten (regency).
    pub const fn is_city(self) -> bool {
        self.number >= 71
    }
}

impl FromStr for RegencyCode {
    type Err = RegionCodeError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let format = || RegionCodeError::RegencyFormat(text.into());
        let (province, number) = text.split_once('.').ok_or_else(format)?;
        let province = province.parse::<ProvinceCode>().map_err(|error| match error {
            RegionCodeError::ProvinceFormat(_) => format(),
            other => other,
        })?;
        RegencyCode::new(province, two_digits(number).ok_or_else(format)?)
    }
}

impl fmt::Display for RegencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.province, self.number)
    }
}

macro_rules! string_serde {
    ($type:ty) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(ProvinceCode);
string_serde!(RegencyCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_38_distinct_provinces_with_papua_91_to_96() {
        let mut codes: Vec<u8> = PROVINCES.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 38);
        for code in 91..=96 {
            assert_eq!(province(code).map(|p| p.zone), Some(Zone::Jayapura), "{code}");
        }
        assert_eq!(province(97), None, "97 is a BPS code, not Kemendagri");
        assert_eq!(province(71).map(|p| p.name), Some("Sulawesi Utara"));
    }

    #[test]
    fn province_codes_parse_strictly() {
        assert_eq!("71".parse::<ProvinceCode>().map(ProvinceCode::get), Ok(71));
        assert_eq!("71".parse::<ProvinceCode>().map(|c| c.to_string()), Ok("71".into()));
        assert_eq!("7".parse::<ProvinceCode>(), Err(RegionCodeError::ProvinceFormat("7".into())));
        assert_eq!("7a".parse::<ProvinceCode>(), Err(RegionCodeError::ProvinceFormat("7a".into())));
        assert_eq!("20".parse::<ProvinceCode>(), Err(RegionCodeError::UnknownProvince(20)));
    }

    #[test]
    fn regency_codes_parse_and_print() {
        let tomohon: RegencyCode = "71.73".parse().unwrap();
        assert_eq!(tomohon.province().get(), 71);
        assert_eq!(tomohon.number(), 73);
        assert!(tomohon.is_city());
        assert_eq!(tomohon.to_string(), "71.73");
        let lebak: RegencyCode = "36.02".parse().unwrap();
        assert!(!lebak.is_city());
        assert_eq!("36.70".parse::<RegencyCode>(), Err(RegionCodeError::RegencyNumber(70)));
        assert_eq!("36.00".parse::<RegencyCode>(), Err(RegionCodeError::RegencyNumber(0)));
        assert_eq!("3602".parse::<RegencyCode>(), Err(RegionCodeError::RegencyFormat("3602".into())));
        assert_eq!("20.71".parse::<RegencyCode>(), Err(RegionCodeError::UnknownProvince(20)));
        assert_eq!("x.71".parse::<RegencyCode>(), Err(RegionCodeError::RegencyFormat("x.71".into())));
    }

    #[test]
    fn codes_serialize_as_strings() {
        let code: RegencyCode = serde_json::from_str("\"12.72\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"12.72\"");
        assert!(serde_json::from_str::<ProvinceCode>("\"99\"").is_err());
    }
}
