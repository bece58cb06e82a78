//! Checks of what a citizen types, for the booking endpoints: name, NIK, mobile number, email.
//! Each mistake is a field error with a stable code the app maps to its own message.

use antrean_core::api::{Applicant, FieldError};
use antrean_core::nik::{Nik, NikError};
use antrean_core::phone::{MobileNumber, MobileNumberError};
use chrono::NaiveDate;

use crate::error::field;

/// A checked applicant.
pub struct ValidApplicant {
    pub full_name: String,
    pub nik: Nik,
    pub mobile: MobileNumber,
    pub email: Option<String>,
}

pub fn applicant(applicant: &Applicant, today: NaiveDate) -> Result<ValidApplicant, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = applicant.full_name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_ok = name_is_valid(&name);
    if !name_ok {
        errors.push(field(
            "applicant.full_name",
            "name.invalid",
            "Nama lengkap 2-100 huruf; boleh memakai titik, koma, apostrof dan tanda hubung.",
            "Full name: 2-100 letters; dots, commas, apostrophes and hyphens are allowed.",
        ));
    }
    let nik = Nik::parse(&applicant.nik, today).map_err(|error| errors.push(nik_error(error))).ok();
    let mobile = MobileNumber::parse(&applicant.mobile).map_err(|error| errors.push(mobile_error(error))).ok();
    let email = applicant.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned);
    if email.as_deref().is_some_and(|e| !email_is_plausible(e)) {
        errors.push(field(
            "applicant.email",
            "email.invalid",
            "Alamat email tidak valid.",
            "The email address is not valid.",
        ));
    }
    match (name_ok, nik, mobile, errors.is_empty()) {
        (true, Some(nik), Some(mobile), true) => Ok(ValidApplicant { full_name: name, nik, mobile, email }),
        _ => Err(errors),
    }
}

/// Letters of any script, spaces, and the punctuation real Indonesian names and titles use.
fn name_is_valid(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=100).contains(&name.chars().count())
        && letters >= 2
        && name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '’' | '-'))
}

fn email_is_plausible(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn nik_error(error: NikError) -> FieldError {
    let (code, id, en) = match error {
        NikError::Length { .. } => ("nik.length", "NIK harus 16 digit.", "A NIK has 16 digits."),
        NikError::NotDigit { .. } => ("nik.not_digit", "NIK hanya berisi angka.", "A NIK has only digits."),
        NikError::Province { .. } => (
            "nik.province",
            "Dua digit pertama NIK bukan kode provinsi.",
            "The first two digits are not a province code.",
        ),
        NikError::Regency { .. } => {
            ("nik.regency", "Digit 3-4 NIK bukan kode kabupaten/kota.", "Digits 3-4 are not a regency/city code.")
        }
        NikError::District => {
            ("nik.district", "Digit 5-6 NIK bukan kode kecamatan.", "Digits 5-6 are not a district code.")
        }
        NikError::Day { .. } => ("nik.day", "Digit 7-8 NIK bukan tanggal lahir.", "Digits 7-8 are not a day of birth."),
        NikError::Month { .. } => {
            ("nik.month", "Digit 9-10 NIK bukan bulan lahir.", "Digits 9-10 are not a month of birth.")
        }
        NikError::Date { .. } => (
            "nik.date",
            "Tanggal lahir dalam NIK bukan tanggal yang ada.",
            "The birth date in the NIK is not a real date.",
        ),
    };
    field("applicant.nik", code, id, en)
}

fn mobile_error(error: MobileNumberError) -> FieldError {
    let (code, id, en) = match error {
        MobileNumberError::Empty => ("mobile.empty", "Nomor ponsel wajib diisi.", "The mobile number is required."),
        MobileNumberError::Character => {
            ("mobile.character", "Nomor ponsel hanya berisi angka.", "A mobile number has only digits.")
        }
        MobileNumberError::NotIndonesianMobile => (
            "mobile.not_mobile",
            "Nomor ponsel Indonesia diawali 08 atau +628.",
            "An Indonesian mobile number starts with 08 or +628.",
        ),
        MobileNumberError::Length { .. } => {
            ("mobile.length", "Nomor ponsel 10 sampai 13 digit.", "A mobile number has 10 to 13 digits.")
        }
    };
    field("applicant.mobile", code, id, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_indonesian_names_pass() {
        for name in [
            "Siti Nurhaliza",
            "Dr. H. Ahmad Syafi'i, S.H.",
            "I Gusti Ngurah Rai",
            "Ni Luh Putu Ayu",
            "Budi",
            "Tan Ek-Liong",
            "Wu",
        ] {
            assert!(name_is_valid(name), "{name}");
        }
        for name in ["B", "Budi123", "<script>", "@@", &"a".repeat(101)] {
            assert!(!name_is_valid(name), "{name}");
        }
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(email_is_plausible("siti@example.co.id"));
        for email in ["siti", "siti@", "@x.id", "siti@localhost", "si ti@x.id", "a@b@c.id"] {
            assert!(!email_is_plausible(email), "{email}");
        }
    }
}
