//! Indonesian mobile numbers, normalised to E.164 (`+628…`). People write them as `0812-3456-7890`,
//! `+62 812 3456 7890` or `62812…`; all mean the same number.

use core::fmt;

use serde::{Deserialize, Serialize};

/// A mobile number in E.164 form, e.g. `+6281234567890`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

/// Why a mobile number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MobileNumberError {
    #[error("the number is empty")]
    Empty,
    #[error("a phone number has only digits, spaces, dashes, dots, brackets and a leading +")]
    Character,
    #[error("an Indonesian mobile number starts with 08, 628 or +628")]
    NotIndonesianMobile,
    #[error("an Indonesian mobile number has 10 to 13 digits counting the leading 0; this has {digits}")]
    Length { digits: usize },
}

impl MobileNumber {
    pub fn parse(text: &str) -> Result<MobileNumber, MobileNumberError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(MobileNumberError::Empty);
        }
        let (plus, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
                _ => return Err(MobileNumberError::Character),
            }
        }
        let national = if let Some(national) = digits.strip_prefix("62") {
            national
        } else if let (false, Some(national)) = (plus, digits.strip_prefix('0')) {
            national
        } else {
            return Err(MobileNumberError::NotIndonesianMobile);
        };
        if !national.starts_with('8') {
            return Err(MobileNumberError::NotIndonesianMobile);
        }
        // Counted as people count them: with the leading 0 (0812 3456 789 is 11 digits).
        let length = national.len() + 1;
        if !(10..=13).contains(&length) {
            return Err(MobileNumberError::Length { digits: length });
        }
        Ok(MobileNumber(format!("+62{national}")))
    }

    /// E.164, e.g. `+6281234567890`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = MobileNumberError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        MobileNumber::parse(&text)
    }
}

impl From<MobileNumber> for String {
    fn from(number: MobileNumber) -> String {
        number.0
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_spellings_normalise_to_e164() {
        for text in ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "62812.3456.7890", "(0812) 3456 7890"] {
            assert_eq!(MobileNumber::parse(text).unwrap().as_str(), "+6281234567890", "{text}");
        }
        assert_eq!(MobileNumber::parse("0812345678").unwrap().as_str(), "+62812345678", "10 digits");
        assert_eq!(MobileNumber::parse("0812345678901").unwrap().as_str(), "+62812345678901", "13 digits");
    }

    #[test]
    fn each_mistake_is_named() {
        assert_eq!(MobileNumber::parse("  "), Err(MobileNumberError::Empty));
        assert_eq!(MobileNumber::parse("0812-3456-789a"), Err(MobileNumberError::Character));
        assert_eq!(MobileNumber::parse("0215551234"), Err(MobileNumberError::NotIndonesianMobile), "Jakarta landline");
        assert_eq!(MobileNumber::parse("+6581234567"), Err(MobileNumberError::NotIndonesianMobile), "Singapore");
        assert_eq!(MobileNumber::parse("+081234567890"), Err(MobileNumberError::NotIndonesianMobile));
        assert_eq!(MobileNumber::parse("081234567"), Err(MobileNumberError::Length { digits: 9 }));
        assert_eq!(MobileNumber::parse("08123456789012"), Err(MobileNumberError::Length { digits: 14 }));
    }

    #[test]
    fn serde_accepts_any_spelling_and_writes_e164() {
        let number: MobileNumber = serde_json::from_str("\"0812 3456 7890\"").unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), "\"+6281234567890\"");
        assert!(serde_json::from_str::<MobileNumber>("\"12345\"").is_err());
    }
}
