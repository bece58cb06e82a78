//! Why a day can or cannot be booked, or why an MPP is closed, in words: "Libur nasional: Idul
//! Fitri", "Kuota dibuka Jumat 27 November 2026, 14.00 WIB", "Penuh"… Used by the directory's open
//! now line, the MPP page's closed days and every greyed-out day of the booking calendar.

use antrean_core::calendar::DayStatus;
use antrean_core::schedule::LocalTime;
use antrean_core::zone::Zone;
use chrono::{Datelike, Timelike};

use crate::format::{self, zoned_clock};
use crate::i18n::{t_string, use_i18n, Locale};

pub fn day_status_text(status: &DayStatus, zone: Zone, locale: Locale) -> String {
    let i18n = use_i18n();
    match status {
        DayStatus::Open { places_left: 1 } => t_string!(i18n, places_left_single).to_string(),
        DayStatus::Open { places_left } => t_string!(i18n, places_left, count = *places_left).to_string(),
        DayStatus::Full => t_string!(i18n, day_full).to_string(),
        DayStatus::Past => t_string!(i18n, day_past).to_string(),
        DayStatus::NotServed => t_string!(i18n, day_not_served).to_string(),
        DayStatus::NationalHoliday { name } => {
            t_string!(i18n, closed_holiday, name = format::text(name, locale)).to_string()
        }
        DayStatus::CutiBersama { name } => t_string!(i18n, closed_cuti, name = format::text(name, locale)).to_string(),
        DayStatus::Closure { reason } => format::text(reason, locale),
        DayStatus::BeyondHorizon { opens_on } => {
            t_string!(i18n, day_beyond_horizon, date = format::date(*opens_on, locale)).to_string()
        }
        DayStatus::NotReleased { opens_at } => {
            let local = opens_at.naive_local();
            let time = LocalTime(chrono::NaiveTime::from_hms_opt(local.hour(), local.minute(), 0).unwrap_or_default());
            let when = format!(
                "{} {}, {}",
                format::weekday(local.weekday(), locale),
                format::date(local.date(), locale),
                zoned_clock(time, zone, locale)
            );
            t_string!(i18n, day_not_released, when = when).to_string()
        }
    }
}
