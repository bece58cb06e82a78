//! Queue numbers as the hall calls them: a counter's letter and a number of the day, `D-014`.
//! Numbers start at 1 each local day per counter, shared by checked-in bookings and walk-ins.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// The largest number of a day: four digits, far above any counter's day.
pub const MAX_NUMBER: u16 = 9_999;

/// A counter's letter on the queue ticket and the hall display: one of A to Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QueueLetter(char);

/// Why a queue letter or number was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    #[error("a queue letter is one capital letter A to Z; got \"{0}\"")]
    Letter(String),
    #[error("a queue number is a letter, a dash and 1 to 9999 (e.g. D-014); got \"{0}\"")]
    Number(String),
}

impl QueueLetter {
    pub fn new(letter: char) -> Result<QueueLetter, QueueError> {
        if letter.is_ascii_uppercase() {
            Ok(QueueLetter(letter))
        } else {
            Err(QueueError::Letter(letter.to_string()))
        }
    }

    /// The letter a counter gets when the data sets none: the first letter of its id (`dukcapil`
    /// is D), or A for an id without one. The data check refuses two counters of one MPP with the
    /// same letter, so a clash is settled in the data (`queue_letter = "N"`), never by chance.
    pub fn derived_from(counter_id: &str) -> QueueLetter {
        QueueLetter(counter_id.chars().find(char::is_ascii_alphabetic).map_or('A', |c| c.to_ascii_uppercase()))
    }

    pub fn as_char(self) -> char {
        self.0
    }
}

impl fmt::Display for QueueLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<String> for QueueLetter {
    type Error = QueueError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(letter), None) => QueueLetter::new(letter),
            _ => Err(QueueError::Letter(text)),
        }
    }
}

impl From<QueueLetter> for String {
    fn from(letter: QueueLetter) -> String {
        letter.0.to_string()
    }
}

/// A queue number: the counter's letter and the day's number, shown as `D-014`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QueueNumber {
    letter: QueueLetter,
    number: u16,
}

impl QueueNumber {
    /// The `number`th of the day at the counter with `letter` (1 to [`MAX_NUMBER`]).
    pub fn new(letter: QueueLetter, number: u16) -> Result<QueueNumber, QueueError> {
        if (1..=MAX_NUMBER).contains(&number) {
            Ok(QueueNumber { letter, number })
        } else {
            Err(QueueError::Number(format!("{letter}-{number}")))
        }
    }

    pub fn letter(self) -> QueueLetter {
        self.letter
    }

    pub fn number(self) -> u16 {
        self.number
    }
}

/// `D-014`: at least three digits, as hall displays show them.
impl fmt::Display for QueueNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:03}", self.letter, self.number)
    }
}

/// Reads `D-014`, and as a person types it: `d14`, `D 014`.
impl FromStr for QueueNumber {
    type Err = QueueError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = || QueueError::Number(text.to_owned());
        let trimmed = text.trim();
        let mut chars = trimmed.chars();
        let letter = chars.next().ok_or_else(refuse)?.to_ascii_uppercase();
        let letter = QueueLetter::new(letter).map_err(|_| refuse())?;
        let digits = chars.as_str().trim_start_matches(['-', ' ']);
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refuse());
        }
        let number = digits.parse().map_err(|_| refuse())?;
        QueueNumber::new(letter, number).map_err(|_| refuse())
    }
}

impl TryFrom<String> for QueueNumber {
    type Error = QueueError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<QueueNumber> for String {
    fn from(number: QueueNumber) -> String {
        number.to_string()
    }
}

#[cfg(feature = "openapi")]
mod schemas {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{RefOr, Schema};

    impl utoipa::PartialSchema for super::QueueNumber {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[A-Z]-[0-9]{3,4}$"))
                .description(Some("A queue number: the counter's letter and the day's number, e.g. D-014"))
                .into()
        }
    }
    impl utoipa::ToSchema for super::QueueNumber {}

    impl utoipa::PartialSchema for super::QueueLetter {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[A-Z]$"))
                .description(Some("A counter's letter on queue tickets"))
                .into()
        }
    }
    impl utoipa::ToSchema for super::QueueLetter {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(c: char) -> QueueLetter {
        QueueLetter::new(c).unwrap()
    }

    #[test]
    fn a_number_shows_with_three_digits_and_reads_back() {
        let d14 = QueueNumber::new(letter('D'), 14).unwrap();
        assert_eq!(d14.to_string(), "D-014");
        assert_eq!("D-014".parse(), Ok(d14));
        assert_eq!(QueueNumber::new(letter('A'), 1).unwrap().to_string(), "A-001");
        assert_eq!(QueueNumber::new(letter('B'), 1234).unwrap().to_string(), "B-1234");
        assert_eq!(serde_json::to_value(d14).unwrap(), serde_json::json!("D-014"));
        assert_eq!(serde_json::from_value::<QueueNumber>(serde_json::json!("D-014")).unwrap(), d14);
    }

    #[test]
    fn a_number_reads_as_people_type_it() {
        let d14 = QueueNumber::new(letter('D'), 14).unwrap();
        for typed in ["d14", "D 014", " D-014\n", "D014", "d-0014"] {
            assert_eq!(typed.parse(), Ok(d14), "{typed:?}");
        }
    }

    #[test]
    fn what_is_not_a_queue_number_is_refused() {
        for bad in ["", "D", "D-", "D-0", "D-10000", "1-014", "DD-014", "D-01a", "Ä-014", "D--014x", "D-+14"] {
            assert!(bad.parse::<QueueNumber>().is_err(), "{bad:?}");
        }
        assert!(QueueNumber::new(letter('D'), 0).is_err());
        assert!(QueueNumber::new(letter('D'), MAX_NUMBER + 1).is_err());
    }

    #[test]
    fn letters_are_capitals_and_derive_from_the_counter() {
        assert_eq!(QueueLetter::derived_from("dukcapil"), letter('D'));
        assert_eq!(QueueLetter::derived_from("3-samsat"), letter('S'));
        assert_eq!(QueueLetter::derived_from("123"), letter('A'));
        assert!(QueueLetter::new('d').is_err() && QueueLetter::new('1').is_err() && QueueLetter::new('É').is_err());
        assert!(serde_json::from_value::<QueueLetter>(serde_json::json!("DK")).is_err());
        assert_eq!(serde_json::from_value::<QueueLetter>(serde_json::json!("N")).unwrap(), letter('N'));
    }
}
