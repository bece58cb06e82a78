//! NIK (Nomor Induk Kependudukan) and Nomor KK: 16 digits `PPKKCCDDMMYYSSSS`.
//!
//! - `PP` province, `KK` kabupaten (01-69) or kota (71-99), `CC` kecamatan: Kemendagri codes of the
//!   place where the NIK was *first registered*. A NIK never changes (PP 40/2019 Pasal 30(2)), so this
//!   is not where the person lives now: never use it as an address.
//! - `DDMMYY` date of birth; women have 40 added to the day (a woman born on the 10th has 50).
//! - `SSSS` a serial from SIAK: not validated (real NIKs have serials outside any pattern).
//!
//! The year has no century: we take the most recent one that is not in the future.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::region::{ProvinceCode, RegencyCode};

/// Sex as encoded in the NIK.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// What a valid NIK says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nik {
    digits: [u8; 16],
    /// The kabupaten/kota where the NIK was first registered (not necessarily where the person lives).
    pub registered_in: RegencyCode,
    /// The kecamatan number within that kabupaten/kota.
    pub district: u8,
    pub sex: Sex,
    pub birth_date: NaiveDate,
}

/// Why a NIK (or Nomor KK) was refused. Each kind gets its own message in the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("a NIK has 16 digits; this has {found}")]
    Length { found: usize },
    #[error("a NIK has only digits; character {position} is not a digit")]
    NotDigit { position: usize },
    #[error("{code:02} is not a province code (the first two digits)")]
    Province { code: u8 },
    #[error("{code:02} is not a kabupaten/kota code (digits 3-4: 01-69 or 71-99)")]
    Regency { code: u8 },
    #[error("00 is not a kecamatan code (digits 5-6)")]
    District,
    #[error("{day:02} is not a day of birth (digits 7-8: 01-31, or 41-71 for women)")]
    Day { day: u8 },
    #[error("{month:02} is not a month (digits 9-10)")]
    Month { month: u8 },
    #[error("{day:02}-{month:02}-{year:02} is not a real date")]
    Date { day: u8, month: u8, year: u8 },
}

/// Strips the spaces, dots and dashes people type between groups of digits.
fn digits_of(text: &str) -> Result<[u8; 16], NikError> {
    let cleaned: Vec<char> = text.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect();
    if let Some(position) = cleaned.iter().position(|c| !c.is_ascii_digit()) {
        return Err(NikError::NotDigit { position: position + 1 });
    }
    if cleaned.len() != 16 {
        return Err(NikError::Length { found: cleaned.len() });
    }
    let mut digits = [0u8; 16];
    for (digit, c) in digits.iter_mut().zip(cleaned) {
        *digit = c as u8 - b'0';
    }
    Ok(digits)
}

fn pair(digits: &[u8; 16], at: usize) -> u8 {
    digits[at] * 10 + digits[at + 1]
}

fn region(digits: &[u8; 16]) -> Result<(RegencyCode, u8), NikError> {
    let province = pair(digits, 0);
    let regency = pair(digits, 2);
    let district = pair(digits, 4);
    let province = ProvinceCode::new(province).map_err(|_| NikError::Province { code: province })?;
    let registered_in = RegencyCode::new(province, regency).map_err(|_| NikError::Regency { code: regency })?;
    if district == 0 {
        return Err(NikError::District);
    }
    Ok((registered_in, district))
}

impl Nik {
    /// Parses and validates a NIK. `today` resolves the century of the birth year.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Nik, NikError> {
        let digits = digits_of(text)?;
        let (registered_in, district) = region(&digits)?;
        let (encoded_day, month, year) = (pair(&digits, 6), pair(&digits, 8), pair(&digits, 10));
        let (sex, day) = match encoded_day {
            1..=31 => (Sex::Male, encoded_day),
            41..=71 => (Sex::Female, encoded_day - 40),
            _ => return Err(NikError::Day { day: encoded_day }),
        };
        if !(1..=12).contains(&month) {
            return Err(NikError::Month { month });
        }
        let birth_date = birth_date(day, month, year, today).ok_or(NikError::Date { day, month, year })?;
        Ok(Nik { digits, registered_in, district, sex, birth_date })
    }

    /// The 16 digits, without separators.
    pub fn digits(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// Whether the birth date in the NIK agrees with a date the person gave. A mismatch is worth a
    /// hint ("check the NIK or the date"), not a refusal: old NIKs sometimes carry placeholder dates.
    pub fn birth_date_matches(&self, stated: NaiveDate) -> bool {
        self.birth_date == stated
    }
}

/// The most recent date with this day, month and two-digit year that is not after `today`.
fn birth_date(day: u8, month: u8, year: u8, today: NaiveDate) -> Option<NaiveDate> {
    let century = today.year() / 100 * 100;
    [century, century - 100]
        .into_iter()
        .filter_map(|c| NaiveDate::from_ymd_opt(c + i32::from(year), u32::from(month), u32::from(day)))
        .find(|date| *date <= today)
}

/// A Nomor KK (Kartu Keluarga number): 16 digits, the region where the KK was issued, then the
/// issue date and a serial. The research rates the date part medium-confidence, so only the length
/// and the region are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NomorKk {
    digits: [u8; 16],
    pub issued_in: RegencyCode,
}

impl NomorKk {
    pub fn parse(text: &str) -> Result<NomorKk, NikError> {
        let digits = digits_of(text)?;
        let (issued_in, _) = region(&digits)?;
        Ok(NomorKk { digits, issued_in })
    }

    pub fn digits(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_python_stdnum_examples_parse() {
        let man = Nik::parse("3171011708450001", today()).unwrap();
        assert_eq!(man.sex, Sex::Male);
        assert_eq!(man.birth_date, date(1945, 8, 17));
        assert_eq!(man.registered_in.to_string(), "31.71");
        assert_eq!(man.district, 1);
        let woman = Nik::parse("3171015708450001", today()).unwrap();
        assert_eq!(woman.sex, Sex::Female);
        assert_eq!(woman.birth_date, date(1945, 8, 17));
    }

    #[test]
    fn separators_are_accepted_and_dropped() {
        let nik = Nik::parse("3273 0101-0180.0002", today()).unwrap();
        assert_eq!(nik.digits(), "3273010101800002");
        assert_eq!(nik.birth_date, date(1980, 1, 1));
    }

    #[test]
    fn the_century_is_the_latest_not_in_the_future() {
        assert_eq!(Nik::parse("3171011708050001", today()).unwrap().birth_date, date(2005, 8, 17));
        assert_eq!(Nik::parse("3171012311260001", today()).unwrap().birth_date, date(2026, 11, 23), "born today");
        assert_eq!(Nik::parse("3171012411260001", today()).unwrap().birth_date, date(1926, 11, 24));
        // 29 February 2000 was a leap day; in a NIK read in 2026 "00" is 2000.
        assert_eq!(Nik::parse("3171012902000001", today()).unwrap().birth_date, date(2000, 2, 29));
    }

    #[test]
    fn papua_codes_91_to_96_are_valid_and_97_is_not() {
        for province in 91..=96 {
            let text = format!("{province}71011708450001");
            assert!(Nik::parse(&text, today()).is_ok(), "{text}");
        }
        assert_eq!(Nik::parse("9771011708450001", today()), Err(NikError::Province { code: 97 }));
    }

    #[test]
    fn each_mistake_has_its_own_error() {
        let t = today();
        assert_eq!(Nik::parse("317101170845000", t), Err(NikError::Length { found: 15 }));
        assert_eq!(Nik::parse("31710117084500011", t), Err(NikError::Length { found: 17 }));
        assert_eq!(Nik::parse("", t), Err(NikError::Length { found: 0 }));
        assert_eq!(Nik::parse("31710117O8450001", t), Err(NikError::NotDigit { position: 9 }));
        assert_eq!(Nik::parse("2071011708450001", t), Err(NikError::Province { code: 20 }));
        assert_eq!(Nik::parse("3170011708450001", t), Err(NikError::Regency { code: 70 }));
        assert_eq!(Nik::parse("3100011708450001", t), Err(NikError::Regency { code: 0 }));
        assert_eq!(Nik::parse("3171001708450001", t), Err(NikError::District));
        assert_eq!(Nik::parse("3171013208450001", t), Err(NikError::Day { day: 32 }));
        assert_eq!(Nik::parse("3171014008450001", t), Err(NikError::Day { day: 40 }));
        assert_eq!(Nik::parse("3171017208450001", t), Err(NikError::Day { day: 72 }));
        assert_eq!(Nik::parse("3171011713450001", t), Err(NikError::Month { month: 13 }));
        // The libktpnik sample: a woman "born" on 31 February.
        assert_eq!(Nik::parse("3502027102019913", t), Err(NikError::Date { day: 31, month: 2, year: 1 }));
    }

    #[test]
    fn the_business_id_nik_doc_sample_has_month_19() {
        // Quoted in the research as a fixture, but its digits 9-10 are "19": not a month.
        assert_eq!(Nik::parse("3273010119800002", today()), Err(NikError::Month { month: 19 }));
    }

    #[test]
    fn the_serial_is_never_a_reason_to_refuse() {
        for serial in ["0000", "9999", "0001"] {
            assert!(Nik::parse(&format!("317101170845{serial}"), today()).is_ok());
        }
    }

    #[test]
    fn a_stated_birth_date_can_be_compared() {
        let nik = Nik::parse("3171015708450001", today()).unwrap();
        assert!(nik.birth_date_matches(date(1945, 8, 17)));
        assert!(!nik.birth_date_matches(date(1945, 8, 18)));
    }

    #[test]
    fn nomor_kk_checks_length_and_region_only() {
        let kk = NomorKk::parse("7173012304180003").unwrap();
        assert_eq!(kk.issued_in.to_string(), "71.73");
        assert_eq!(kk.digits(), "7173012304180003");
        assert!(NomorKk::parse("7173019999990003").is_ok(), "the date part is not checked");
        assert_eq!(NomorKk::parse("7173"), Err(NikError::Length { found: 4 }));
        assert_eq!(NomorKk::parse("9773012304180003"), Err(NikError::Province { code: 97 }));
    }
}
