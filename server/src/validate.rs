//! Checks of what a citizen types, for the booking endpoints: name, NIK, mobile number, email.
//! Each mistake is a field error with a stable code the app maps to its own message.

use antrean_core::api::{Applicant, FieldError};
use antrean_core::applicant::ApplicantError;
pub use antrean_core::applicant::ValidApplicant;
use antrean_core::nik::NikError;
use antrean_core::phone::MobileNumberError;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::error::field;

/// The applicant checked by the shared rules of [`antrean_core::applicant`], each mistake as a
/// field error in the request's language. The name is read in Unicode NFC first: `Jose\u{301}`
/// (an `e` and a combining accent, as some keyboards type it) is the `José` that is checked,
/// stored and compared, not a name with a stray mark in it.
pub fn applicant(applicant: &Applicant, today: NaiveDate) -> Result<ValidApplicant, Vec<FieldError>> {
    let applicant = Applicant { full_name: applicant.full_name.nfc().collect(), ..applicant.clone() };
    antrean_core::applicant::validate(&applicant, today).map_err(|errors| errors.into_iter().map(field_error).collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with_name(full_name: &str) -> Applicant {
        Applicant {
            full_name: full_name.into(),
            nik: "3171011708800001".into(),
            mobile: "081234567890".into(),
            email: None,
        }
    }

    #[test]
    fn a_name_typed_with_combining_accents_is_the_precomposed_name() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        for typed in ["Jose\u{301} Rizal", "José Rizal", "  Jose\u{301}   Rizal "] {
            let valid = applicant(&with_name(typed), today).unwrap();
            assert_eq!(valid.full_name, "Jos\u{e9} Rizal", "{typed:?}");
        }
        assert_eq!(applicant(&with_name("Nguye\u{302}\u{303}n Va\u{306}n"), today).unwrap().full_name, "Nguyễn Văn");
        assert!(applicant(&with_name("J\u{301}\u{301}"), today).is_err(), "marks alone are not letters");
    }
}
