//! Booking codes: short, read aloud at a counter, typed on a phone. Eight random characters from an
//! alphabet without look-alikes (no 0/O, 1/I/L), then a check character, shown as `ABCD-EFGH-J`.
//!
//! The alphabet has 31 characters, a prime, so a weighted sum modulo 31 catches every single wrong
//! character and every swap of two neighbours, offline, before anything is sent.

use core::fmt;

use serde::{Deserialize, Serialize};

/// The characters of a booking code: digits 2-9 and letters without I, L, O.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM_LENGTH: usize = 8;

/// A booking code with a valid check character, stored without the dashes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BookingCode(String);

/// Why a typed booking code was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookingCodeError {
    #[error("a booking code has 9 characters; this has {found}")]
    Length { found: usize },
    #[error("\"{character}\" is not used in booking codes")]
    Character { character: char },
    #[error("the code has a typing mistake (the check character does not match)")]
    Check,
}

fn value_of(byte: u8) -> Option<usize> {
    ALPHABET.iter().position(|&c| c == byte)
}

/// The character that makes the weighted sum of the code a multiple of 31.
fn check_character(values: &[usize]) -> u8 {
    let sum: usize = values.iter().enumerate().map(|(i, v)| (i + 1) * v).sum();
    let weight = values.len() + 1;
    // Find c with sum + weight * c = 0 (mod 31); weight < 31 is invertible modulo the prime 31.
    let c = (0..31).find(|c| (sum + weight * c).is_multiple_of(31)).unwrap_or(0);
    ALPHABET[c]
}

impl BookingCode {
    /// Makes a code from random bits (the server passes a cryptographically random `u64`).
    pub fn from_random(mut random: u64) -> BookingCode {
        let mut values = [0usize; RANDOM_LENGTH];
        for value in &mut values {
            *value = (random % 31) as usize;
            random /= 31;
        }
        let mut code: String = values.iter().map(|&v| char::from(ALPHABET[v])).collect();
        code.push(char::from(check_character(&values)));
        BookingCode(code)
    }

    /// Reads a code as a person types it: any case, with or without dashes and spaces.
    pub fn parse(text: &str) -> Result<BookingCode, BookingCodeError> {
        let cleaned: String =
            text.chars().filter(|c| !matches!(c, '-' | ' ' | '\u{a0}')).map(|c| c.to_ascii_uppercase()).collect();
        if cleaned.chars().count() != RANDOM_LENGTH + 1 {
            return Err(BookingCodeError::Length { found: cleaned.chars().count() });
        }
        let mut values = Vec::with_capacity(RANDOM_LENGTH + 1);
        for character in cleaned.chars() {
            let value = u8::try_from(character).ok().and_then(value_of);
            values.push(value.ok_or(BookingCodeError::Character { character })?);
        }
        let sum: usize = values.iter().enumerate().map(|(i, v)| (i + 1) * v).sum();
        if !sum.is_multiple_of(31) {
            return Err(BookingCodeError::Check);
        }
        Ok(BookingCode(cleaned))
    }

    /// Without dashes, e.g. `K7MQ2XRAP`: for URLs, storage and QR codes.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Grouped for reading aloud: `K7MQ-2XRA-P`.
impl fmt::Display for BookingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, rest) = self.0.split_at(4);
        let (second, check) = rest.split_at(4);
        write!(f, "{first}-{second}-{check}")
    }
}

impl TryFrom<String> for BookingCode {
    type Error = BookingCodeError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        BookingCode::parse(&text)
    }
}

impl From<BookingCode> for String {
    fn from(code: BookingCode) -> String {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BookingCode {
        BookingCode::from_random(0x1234_5678_9abc_def0)
    }

    #[test]
    fn the_alphabet_has_no_look_alikes_and_31_distinct_characters() {
        for c in b"01ILO" {
            assert!(!ALPHABET.contains(c), "{}", char::from(*c));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
    }

    #[test]
    fn generated_codes_parse_back_in_any_typing() {
        for seed in [0u64, 1, 42, u64::MAX, 0xdead_beef_cafe_f00d] {
            let code = BookingCode::from_random(seed);
            assert_eq!(code.as_str().len(), 9);
            assert_eq!(BookingCode::parse(code.as_str()), Ok(code.clone()));
            assert_eq!(BookingCode::parse(&code.to_string()), Ok(code.clone()));
            assert_eq!(BookingCode::parse(&code.to_string().to_lowercase()), Ok(code.clone()));
        }
        assert_eq!(sample().to_string().len(), 11);
        assert_eq!(sample().to_string().matches('-').count(), 2);
    }

    #[test]
    fn every_single_substitution_is_caught() {
        let code = sample();
        for position in 0..9 {
            for &replacement in ALPHABET {
                let mut bytes = code.as_str().as_bytes().to_vec();
                if bytes[position] == replacement {
                    continue;
                }
                bytes[position] = replacement;
                let typo = String::from_utf8(bytes).unwrap();
                assert_eq!(BookingCode::parse(&typo), Err(BookingCodeError::Check), "{typo}");
            }
        }
    }

    #[test]
    fn every_swap_of_neighbours_is_caught() {
        for seed in 0..200u64 {
            let code = BookingCode::from_random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            for position in 0..8 {
                let mut bytes = code.as_str().as_bytes().to_vec();
                if bytes[position] == bytes[position + 1] {
                    continue;
                }
                bytes.swap(position, position + 1);
                let swapped = String::from_utf8(bytes).unwrap();
                assert_eq!(BookingCode::parse(&swapped), Err(BookingCodeError::Check), "{swapped}");
            }
        }
    }

    #[test]
    fn wrong_lengths_and_characters_are_named() {
        assert_eq!(BookingCode::parse("ABCD-EFGH"), Err(BookingCodeError::Length { found: 8 }));
        assert_eq!(BookingCode::parse("ABCD-EFGH-JK"), Err(BookingCodeError::Length { found: 10 }));
        assert_eq!(BookingCode::parse("ABCD-EFG0-J"), Err(BookingCodeError::Character { character: '0' }));
        assert_eq!(BookingCode::parse("ABCD-EFGO-J"), Err(BookingCodeError::Character { character: 'O' }));
        assert_eq!(BookingCode::parse("ABCD-EFGé-J"), Err(BookingCodeError::Character { character: 'é' }));
    }
}
