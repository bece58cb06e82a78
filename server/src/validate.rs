//! Checks of what a citizen types, for the booking endpoints: name, NIK, mobile number, email.
//! Each mistake is a field error with a stable code the app maps to its own message.

use antrean_core::api::{Applicant, FieldError};
use antrean_core::applicant::ApplicantError;
pub use antrean_core::applicant::ValidApplicant;
use antrean_core::nik::NikError;
use antrean_core::phone::MobileNumberError;
use chrono::NaiveDate;

use crate::error::field;

/// The applicant checked by the shared rules of [`antrean_core::applicant`], each mistake as a
/// field error in the request's language.
pub fn applicant(applicant: &Applicant, today: NaiveDate) -> Result<ValidApplicant, Vec<FieldError>> {
    antrean_core::applicant::validate(applicant, today).map_err(|errors| errors.into_iter().map(field_error).collect())
}

/// The field error for one mistake: the field and the stable code come from the shared rules, the
/// texts (in both languages; the request's language picks one) from here.
fn field_error(error: ApplicantError) -> FieldError {
    let (id, en) = match error {
        ApplicantError::Name => (
            "Nama lengkap 2-100 huruf; boleh memakai titik, koma, apostrof dan tanda hubung.",
            "Full name: 2-100 letters; dots, commas, apostrophes and hyphens are allowed.",
        ),
        ApplicantError::Email => ("Alamat email tidak valid.", "The email address is not valid."),
        ApplicantError::Nik(nik) => nik_text(nik),
        ApplicantError::Mobile(mobile) => mobile_text(mobile),
    };
    field(error.field().path(), error.code(), id, en)
}

fn nik_text(error: NikError) -> (&'static str, &'static str) {
    match error {
        NikError::Length { .. } => ("NIK harus 16 digit.", "A NIK has 16 digits."),
        NikError::NotDigit { .. } => ("NIK hanya berisi angka.", "A NIK has only digits."),
        NikError::Province { .. } => {
            ("Dua digit pertama NIK bukan kode provinsi.", "The first two digits are not a province code.")
        }
        NikError::Regency { .. } => {
            ("Digit 3-4 NIK bukan kode kabupaten/kota.", "Digits 3-4 are not a regency/city code.")
        }
        NikError::District => ("Digit 5-6 NIK bukan kode kecamatan.", "Digits 5-6 are not a district code."),
        NikError::Day { .. } => ("Digit 7-8 NIK bukan tanggal lahir.", "Digits 7-8 are not a day of birth."),
        NikError::Month { .. } => ("Digit 9-10 NIK bukan bulan lahir.", "Digits 9-10 are not a month of birth."),
        NikError::Date { .. } => {
            ("Tanggal lahir dalam NIK bukan tanggal yang ada.", "The birth date in the NIK is not a real date.")
        }
    }
}

fn mobile_text(error: MobileNumberError) -> (&'static str, &'static str) {
    match error {
        MobileNumberError::Empty => ("Nomor ponsel wajib diisi.", "The mobile number is required."),
        MobileNumberError::Character => ("Nomor ponsel hanya berisi angka.", "A mobile number has only digits."),
        MobileNumberError::NotIndonesianMobile => {
            ("Nomor ponsel Indonesia diawali 08 atau +628.", "An Indonesian mobile number starts with 08 or +628.")
        }
        MobileNumberError::Length { .. } => {
            ("Nomor ponsel 10 sampai 13 digit.", "A mobile number has 10 to 13 digits.")
        }
    }
}
