//! Numbers, money, dates and times the way each language writes them: `Rp950.000`,
//! `Senin, 2 Maret 2026` and `08.30 WIB` in Bahasa Indonesia; `Rp950,000`, `Monday, 2 March 2026`
//! and `08:30 WIB` in English. Small and by hand, to keep the download small.

use antrean_core::month_names::{MONTHS_EN, MONTHS_ID};
use antrean_core::schedule::LocalTime;
use antrean_core::text::{Language, Text};
use antrean_core::zone::Zone;
use chrono::{Datelike, NaiveDate, Timelike, Weekday};

use crate::i18n::Locale;

/// A text from the data in the app's current language.
pub fn text(text: &Text, locale: Locale) -> String {
    let language = match locale {
        Locale::id => Language::Id,
        Locale::en => Language::En,
    };
    text.get(language).to_owned()
}

/// Rupiah without decimals: `Rp950.000` (id) or `Rp950,000` (en).
pub fn rupiah(amount: u64, locale: Locale) -> String {
    let separator = match locale {
        Locale::id => '.',
        Locale::en => ',',
    };
    let digits = amount.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    format!("Rp{grouped}")
}

/// `2 Maret 2026` / `2 March 2026`.
pub fn date(date: NaiveDate, locale: Locale) -> String {
    let months = match locale {
        Locale::id => &MONTHS_ID,
        Locale::en => &MONTHS_EN,
    };
    format!("{} {} {}", date.day(), months[date.month0() as usize], date.year())
}

const WEEKDAYS_ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// `Senin` / `Monday`.
pub fn weekday(day: Weekday, locale: Locale) -> &'static str {
    let names = match locale {
        Locale::id => &WEEKDAYS_ID,
        Locale::en => &WEEKDAYS_EN,
    };
    names[day.num_days_from_monday() as usize]
}

/// `Senin, 2 Maret 2026` / `Monday, 2 March 2026`.
pub fn long_date(day: NaiveDate, locale: Locale) -> String {
    format!("{}, {}", weekday(day.weekday(), locale), date(day, locale))
}

/// A wall-clock time: `08.30` (id, as the KBBI writes times) or `08:30` (en).
pub fn clock(time: LocalTime, locale: Locale) -> String {
    let separator = match locale {
        Locale::id => '.',
        Locale::en => ':',
    };
    format!("{:02}{separator}{:02}", time.0.hour(), time.0.minute())
}

/// A time with the zone Indonesians read on a clock: `08.30 WIB`.
pub fn zoned_clock(time: LocalTime, zone: Zone, locale: Locale) -> String {
    format!("{} {}", clock(time, locale), zone.label())
}

/// A moment in an MPP's zone, whatever the device's: `Senin, 7 Desember 2026, 09.00 WIB`.
pub fn moment(instant: chrono::DateTime<chrono::Utc>, zone: Zone, locale: Locale) -> String {
    let local = antrean_core::zone::to_local(instant, zone);
    format!("{}, {}", long_date(local.date(), locale), zoned_clock(LocalTime(local.time()), zone, locale))
}

/// A slot's wall-clock span with the zone: `09.00–09.30 WITA`.
pub fn time_range(start: chrono::NaiveDateTime, end: chrono::NaiveDateTime, zone: Zone, locale: Locale) -> String {
    format!("{}–{} {}", clock(LocalTime(start.time()), locale), clock(LocalTime(end.time()), locale), zone.label())
}

/// `UTC+8` for WITA.
pub fn utc_offset(zone: Zone) -> String {
    format!("UTC+{}", zone.utc_offset_seconds() / 3600)
}

/// `1 minute`, `2 minutes`. English's plural rule is "one for exactly 1"; Indonesian nouns do not
/// change with a count, so no plural data needs to travel in the app.
fn english_count(count: u64, one: &str, other: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { other })
}

/// How long ago a moment (milliseconds since the epoch) was, in words.
pub fn age_since(then: f64, locale: Locale) -> String {
    let minutes = ((js_sys::Date::now() - then) / 60_000.0).max(0.0) as u64;
    let (hours, days) = (minutes / 60, minutes / 1440);
    match (locale, days, hours, minutes) {
        (Locale::id, d, _, _) if d > 0 => format!("{d} hari lalu"),
        (Locale::id, _, h, _) if h > 0 => format!("{h} jam lalu"),
        (Locale::id, _, _, m) => format!("{m} menit lalu"),
        (Locale::en, d, _, _) if d > 0 => format!("{} ago", english_count(d, "day", "days")),
        (Locale::en, _, h, _) if h > 0 => format!("{} ago", english_count(h, "hour", "hours")),
        (Locale::en, _, _, m) => format!("{} ago", english_count(m, "minute", "minutes")),
    }
}

/// A short span in minutes and seconds: `6 menit 54 detik`, `45 detik` / `6 minutes 54 seconds`.
pub fn minutes_seconds(seconds: u64, locale: Locale) -> String {
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    let (minutes_text, seconds_text) = match locale {
        Locale::id => (format!("{minutes} menit"), format!("{seconds} detik")),
        Locale::en => (english_count(minutes, "minute", "minutes"), english_count(seconds, "second", "seconds")),
    };
    match (minutes, seconds) {
        (0, _) => seconds_text,
        (_, 0) => minutes_text,
        _ => format!("{minutes_text} {seconds_text}"),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // wasm_bindgen_test functions are tests, but clippy cannot tell
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn rupiah_and_dates_follow_the_language() {
        assert_eq!(rupiah(950_000, Locale::id), "Rp950.000");
        assert_eq!(rupiah(1_950_000, Locale::en), "Rp1,950,000");
        assert_eq!(rupiah(0, Locale::id), "Rp0");
        assert_eq!(rupiah(30_000, Locale::id), "Rp30.000");
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(date(d, Locale::id), "2 Maret 2026");
        assert_eq!(date(d, Locale::en), "2 March 2026");
        assert_eq!(long_date(d, Locale::id), "Senin, 2 Maret 2026");
        assert_eq!(long_date(d, Locale::en), "Monday, 2 March 2026");
        let half_past_eight: LocalTime = "08:30".parse().unwrap();
        assert_eq!(zoned_clock(half_past_eight, Zone::Jakarta, Locale::id), "08.30 WIB");
        assert_eq!(zoned_clock(half_past_eight, Zone::Makassar, Locale::en), "08:30 WITA");
    }

    #[wasm_bindgen_test]
    fn time_left_reads_as_words() {
        assert_eq!(minutes_seconds(414, Locale::id), "6 menit 54 detik");
        assert_eq!(minutes_seconds(414, Locale::en), "6 minutes 54 seconds");
        assert_eq!(minutes_seconds(61, Locale::en), "1 minute 1 second");
        assert_eq!(minutes_seconds(45, Locale::id), "45 detik");
        assert_eq!(minutes_seconds(120, Locale::en), "2 minutes");
    }
}
