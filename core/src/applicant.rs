//! Who a booking is for, checked the same way in the app's form (instantly, as the citizen types)
//! and by the server: full name, NIK, Indonesian mobile number, optional email.

use chrono::NaiveDate;

use crate::api::Applicant;
use crate::nik::{Nik, NikError};
use crate::phone::{MobileNumber, MobileNumberError};

/// A checked applicant, normalised (single spaces in the name, NIK digits, +62 number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplicant {
    pub full_name: String,
    pub nik: Nik,
    pub mobile: MobileNumber,
    pub email: Option<String>,
}

/// One mistake, tied to its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApplicantError {
    #[error("full name: 2-100 letters; dots, commas, apostrophes and hyphens are allowed")]
    Name,
    #[error("NIK: {0}")]
    Nik(NikError),
    #[error("mobile number: {0}")]
    Mobile(MobileNumberError),
    #[error("the email address is not valid")]
    Email,
}

/// The form's fields, as the API names them in field errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicantField {
    FullName,
    Nik,
    Mobile,
    Email,
}

impl ApplicantField {
    /// `applicant.nik`, as in a problem's field errors.
    pub const fn path(self) -> &'static str {
        match self {
            ApplicantField::FullName => "applicant.full_name",
            ApplicantField::Nik => "applicant.nik",
            ApplicantField::Mobile => "applicant.mobile",
            ApplicantField::Email => "applicant.email",
        }
    }

    pub fn from_path(path: &str) -> Option<ApplicantField> {
        [ApplicantField::FullName, ApplicantField::Nik, ApplicantField::Mobile, ApplicantField::Email]
            .into_iter()
            .find(|field| field.path() == path)
    }
}

impl ApplicantError {
    pub const fn field(self) -> ApplicantField {
        match self {
            ApplicantError::Name => ApplicantField::FullName,
            ApplicantError::Nik(_) => ApplicantField::Nik,
            ApplicantError::Mobile(_) => ApplicantField::Mobile,
            ApplicantError::Email => ApplicantField::Email,
        }
    }

    /// A stable code for the app's own message and the API's field errors (`nik.length`).
    pub const fn code(self) -> &'static str {
        match self {
            ApplicantError::Name => "name.invalid",
            ApplicantError::Email => "email.invalid",
            ApplicantError::Nik(error) => match error {
                NikError::Length { .. } => "nik.length",
                NikError::NotDigit { .. } => "nik.not_digit",
                NikError::Province { .. } => "nik.province",
                NikError::Regency { .. } => "nik.regency",
                NikError::District => "nik.district",
                NikError::Day { .. } => "nik.day",
                NikError::Month { .. } => "nik.month",
                NikError::Date { .. } => "nik.date",
            },
            ApplicantError::Mobile(error) => match error {
                MobileNumberError::Empty => "mobile.empty",
                MobileNumberError::Character => "mobile.character",
                MobileNumberError::NotIndonesianMobile => "mobile.not_mobile",
                MobileNumberError::Length { .. } => "mobile.length",
            },
        }
    }
}

/// Checks every field and reports every mistake at once, in the form's order.
pub fn validate(applicant: &Applicant, today: NaiveDate) -> Result<ValidApplicant, Vec<ApplicantError>> {
    let mut errors = Vec::new();
    let name = applicant.full_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if !name_is_valid(&name) {
        errors.push(ApplicantError::Name);
    }
    let nik = Nik::parse(&applicant.nik, today).map_err(|error| errors.push(ApplicantError::Nik(error))).ok();
    let mobile =
        MobileNumber::parse(&applicant.mobile).map_err(|error| errors.push(ApplicantError::Mobile(error))).ok();
    let email = applicant.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned);
    if email.as_deref().is_some_and(|e| !email_is_plausible(e)) {
        errors.push(ApplicantError::Email);
    }
    match (nik, mobile) {
        (Some(nik), Some(mobile)) if errors.is_empty() => Ok(ValidApplicant { full_name: name, nik, mobile, email }),
        _ => Err(errors),
    }
}

/// Letters of any script, spaces, and the punctuation real Indonesian names and titles use.
pub fn name_is_valid(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=100).contains(&name.chars().count())
        && letters >= 2
        && name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '’' | '-'))
}

/// A loose check: something before an `@`, a dotted domain after it, no spaces.
pub fn email_is_plausible(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
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

    #[test]
    fn every_mistake_is_reported_with_its_field_and_code() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let applicant = Applicant {
            full_name: "B".into(),
            nik: "12345".into(),
            mobile: "0212345678".into(),
            email: Some("siti@".into()),
        };
        let errors = validate(&applicant, today).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field().path(), e.code())).collect();
        assert_eq!(
            fields,
            [
                ("applicant.full_name", "name.invalid"),
                ("applicant.nik", "nik.length"),
                ("applicant.mobile", "mobile.not_mobile"),
                ("applicant.email", "email.invalid"),
            ]
        );
        assert_eq!(ApplicantField::from_path("applicant.nik"), Some(ApplicantField::Nik));
        let valid = Applicant {
            full_name: "  Siti   Nurhaliza ".into(),
            nik: "7173 0141 0790 0001".into(),
            mobile: "0812-3456-7890".into(),
            email: Some(" ".into()),
        };
        let checked = validate(&valid, today).unwrap();
        assert_eq!(checked.full_name, "Siti Nurhaliza");
        assert_eq!(checked.email, None);
    }
}
