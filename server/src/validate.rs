//! Checks of what a citizen types, for the booking endpoints: name, NIK, mobile number, email.
//! Each mistake is a field error with a stable code the app maps to its own message.

use antrean_core::api::{Applicant, FieldError};
pub use antrean_core::applicant::ValidApplicant;
use antrean_core::applicant::{ApplicantError, ApplicantField};
use antrean_core::nik::NikError;
use antrean_core::phone::MobileNumberError;
use chrono::NaiveDate;

use crate::error::field;

/// The applicant checked by the shared rules of [`antrean_core::applicant`], each mistake as a
/// field error in the request's language.
pub fn applicant(applicant: &Applicant, today: NaiveDate) -> Result<ValidApplicant, Vec<FieldError>> {
    antrean_core::applicant::validate(applicant, today).map_err(|errors| errors.into_iter().map(field_error).collect())
}

fn field_error(error: ApplicantError) -> FieldError {
    match error {
        ApplicantError::Name => field(
            ApplicantField::FullName.path(),
            error.code(),
            "Nama lengkap 2-100 huruf; boleh memakai titik, koma, apostrof dan tanda hubung.",
            "Full name: 2-100 letters; dots, commas, apostrophes and hyphens are allowed.",
        ),
        ApplicantError::Email => field(
            ApplicantField::Email.path(),
            error.code(),
            "Alamat email tidak valid.",
            "The email address is not valid.",
        ),
        ApplicantError::Nik(nik) => nik_error(nik),
        ApplicantError::Mobile(mobile) => mobile_error(mobile),
    }
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
