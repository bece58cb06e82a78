//! RFC 3339 times for serde, parsed and written by hand in the few strict forms the API uses.
//! chrono's general parser and formatter add tens of kilobytes to the web app, which reads and
//! writes every slot time; these functions are a few hundred bytes.
//!
//! - [`local`]: a wall-clock time in the MPP's zone, `2026-12-01T09:00:00` (no offset).
//! - [`utc`]: an instant, `2026-12-01T01:00:00Z` (fractions of a second are read and dropped).
//! - [`offset`]: an instant with the MPP's offset, `2026-11-27T14:00:00+07:00`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// `YYYY-MM-DDTHH:MM:SS` at the start of `text`, and the rest.
fn parse_local_prefix(text: &str) -> Option<(NaiveDateTime, &str)> {
    let date = crate::iso_date::parse(text.get(..10)?)?;
    let rest = text.get(10..)?.strip_prefix('T')?;
    let two = |at: usize| -> Option<u32> {
        let part = rest.as_bytes().get(at..at + 2)?;
        part.iter().all(u8::is_ascii_digit).then(|| u32::from(part[0] - b'0') * 10 + u32::from(part[1] - b'0'))
    };
    if rest.as_bytes().get(2) != Some(&b':') || rest.as_bytes().get(5) != Some(&b':') {
        return None;
    }
    let time = NaiveTime::from_hms_opt(two(0)?, two(3)?, two(6)?)?;
    Some((date.and_time(time), rest.get(8..)?))
}

/// Skips `.123456789` fractions of a second.
fn skip_fraction(rest: &str) -> &str {
    match rest.strip_prefix('.') {
        Some(digits) => digits.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    }
}

/// `Z`, `+07:00` or `-05:00` as seconds east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    if text == "Z" {
        return Some(0);
    }
    let bytes = text.as_bytes();
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if bytes.len() != 6 || bytes[3] != b':' || !bytes[1..3].iter().chain(&bytes[4..6]).all(u8::is_ascii_digit) {
        return None;
    }
    let number = |i: usize| i32::from(bytes[i] - b'0') * 10 + i32::from(bytes[i + 1] - b'0');
    let (hours, minutes) = (number(1), number(4));
    (hours < 24 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

fn write_local(local: &NaiveDateTime) -> String {
    compact(local, "-", ":")
}

/// Date and time with the given separators: `2026-12-01T09:00:00`, or `20261201T090000` (RFC 5545).
pub fn compact(local: &NaiveDateTime, date_separator: &str, time_separator: &str) -> String {
    let (d, t) = (date_separator, time_separator);
    format!(
        "{:04}{d}{:02}{d}{:02}T{:02}{t}{:02}{t}{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    <std::borrow::Cow<'de, str>>::deserialize(deserializer)
}

fn invalid<E: serde::de::Error>(text: &str, example: &str) -> E {
    E::custom(format!("\"{text}\" is not a time like {example}"))
}

/// A wall-clock time without offset: `2026-12-01T09:00:00`.
pub mod local {
    use super::*;

    pub fn parse(text: &str) -> Option<NaiveDateTime> {
        parse_local_prefix(text).filter(|(_, rest)| rest.is_empty()).map(|(local, _)| local)
    }

    pub fn serialize<S: Serializer>(local: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&write_local(local))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDateTime, D::Error> {
        let text = text(deserializer)?;
        parse(&text).ok_or_else(|| invalid(&text, "2026-12-01T09:00:00"))
    }
}

/// An instant in UTC: `2026-12-01T01:00:00Z` (any offset is accepted and converted).
pub mod utc {
    use super::*;

    pub fn parse(text: &str) -> Option<DateTime<Utc>> {
        super::offset::parse(text).map(|instant| instant.with_timezone(&Utc))
    }

    pub fn format(instant: &DateTime<Utc>) -> String {
        format!("{}Z", write_local(&instant.naive_utc()))
    }

    pub fn serialize<S: Serializer>(instant: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(instant))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        let text = text(deserializer)?;
        parse(&text).ok_or_else(|| invalid(&text, "2026-12-01T01:00:00Z"))
    }

    /// `Option<DateTime<Utc>>` in the same form (skip the field when `None`).
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(instant: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
            match instant {
                Some(instant) => serializer.serialize_str(&format(instant)),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
            match <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)? {
                Some(text) => parse(&text).map(Some).ok_or_else(|| invalid(&text, "2026-12-01T01:00:00Z")),
                None => Ok(None),
            }
        }
    }
}

/// An instant with its offset: `2026-11-27T14:00:00+07:00`.
pub mod offset {
    use super::*;

    pub fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
        let (local, rest) = parse_local_prefix(text)?;
        let offset = FixedOffset::east_opt(parse_offset(skip_fraction(rest))?)?;
        offset.from_local_datetime(&local).single()
    }

    pub fn serialize<S: Serializer>(instant: &DateTime<FixedOffset>, serializer: S) -> Result<S::Ok, S::Error> {
        let seconds = instant.offset().local_minus_utc();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.abs() / 60;
        serializer.serialize_str(&format!(
            "{}{sign}{:02}:{:02}",
            write_local(&instant.naive_local()),
            minutes / 60,
            minutes % 60
        ))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = text(deserializer)?;
        parse(&text).ok_or_else(|| invalid(&text, "2026-11-27T14:00:00+07:00"))
    }

    /// `Option<DateTime<FixedOffset>>` in the same form.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            instant: &Option<DateTime<FixedOffset>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match instant {
                Some(instant) => super::serialize(instant, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
            match <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)? {
                Some(text) => parse(&text).map(Some).ok_or_else(|| invalid(&text, "2026-11-27T14:00:00+07:00")),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_writes_and_writes_what_chrono_reads() {
        let instant: DateTime<Utc> = "2026-12-01T01:00:00Z".parse().unwrap();
        assert_eq!(utc::parse("2026-12-01T01:00:00Z"), Some(instant));
        assert_eq!(utc::parse("2026-12-01T09:00:00+08:00"), Some(instant));
        assert_eq!(utc::parse("2026-12-01T01:00:00.123456789Z"), Some(instant));
        assert_eq!(utc::format(&instant), "2026-12-01T01:00:00Z");
        let with_offset = offset::parse("2026-11-27T14:00:00+07:00").unwrap();
        assert_eq!(with_offset.to_rfc3339(), "2026-11-27T14:00:00+07:00");
        assert_eq!(local::parse("2026-12-01T09:00:00").unwrap().to_string(), "2026-12-01 09:00:00");
        let json = serde_json::to_string(&Wrapper { at: with_offset }).unwrap();
        assert_eq!(json, r#"{"at":"2026-11-27T14:00:00+07:00"}"#);
        assert_eq!(serde_json::from_str::<Wrapper>(&json).unwrap().at, with_offset);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "2026-12-01 01:00:00Z",
            "2026-12-01T1:00:00Z",
            "2026-12-01T01:00Z",
            "2026-12-01T25:00:00Z",
            "2026-02-30T01:00:00Z",
            "2026-12-01T01:00:00",
            "2026-12-01T01:00:00+0700",
            "2026-12-01T01:00:00+07:00junk",
            "",
        ] {
            assert_eq!(utc::parse(bad), None, "{bad}");
        }
        assert_eq!(local::parse("2026-12-01T09:00:00Z"), None);
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Wrapper {
        #[serde(with = "super::offset")]
        at: DateTime<FixedOffset>,
    }
}
