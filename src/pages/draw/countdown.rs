//! A draw's moments in the MPP's time, and the time left until one: "(2 jam 5 menit lagi)".

use antrean_core::zone::Zone;
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;

use crate::clock::now_utc;
use crate::i18n::{t_string, use_i18n, Locale};

/// `Senin, 7 Desember 2026, 09.00 WIB`: in the MPP's zone, which the server's offset names (the
/// device's own zone plays no part).
pub fn when(instant: DateTime<FixedOffset>, locale: Locale) -> String {
    let seconds = instant.offset().local_minus_utc();
    let zone = Zone::ALL.into_iter().find(|zone| zone.utc_offset_seconds() == seconds).unwrap_or(Zone::Jakarta);
    crate::format::moment(instant.to_utc(), zone, locale)
}

/// `3 hari 4 jam`, `2 jam 5 menit`, `6 menit 12 detik`: the two largest units.
fn span(seconds: u64, locale: Locale) -> String {
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60);
    let unit = |count: u64, id: &str, one: &str, other: &str| match locale {
        Locale::id => format!("{count} {id}"),
        Locale::en => format!("{count} {}", if count == 1 { one } else { other }),
    };
    match (days, hours, minutes) {
        (0, 0, _) => crate::format::minutes_seconds(seconds, locale),
        (0, h, 0) => unit(h, "jam", "hour", "hours"),
        (0, h, m) => format!("{} {}", unit(h, "jam", "hour", "hours"), unit(m, "menit", "minute", "minutes")),
        (d, 0, _) => unit(d, "hari", "day", "days"),
        (d, h, _) => format!("{} {}", unit(d, "hari", "day", "days"), unit(h, "jam", "hour", "hours")),
    }
}

/// The time left until `until`, kept current each second. At the moment it calls `on_end` (the page
/// asks the server what the draw has become), and every 5 s after while it is still shown: a
/// device whose clock runs ahead of the server's asks again until the server has moved on.
#[component]
pub fn Countdown<F>(until: DateTime<FixedOffset>, on_end: F) -> impl IntoView
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let left = move || (until.to_utc() - now_utc()).num_seconds().max(0).unsigned_abs();
    let seconds = RwSignal::new(left());
    // Seconds since the moment was reached (None before it); an instance made after it counts
    // from 1, so it asks again only after 5 s.
    let past = StoredValue::new((seconds.get_untracked() == 0).then_some(1u32));
    let tick = move || {
        let now = left();
        seconds.set(now);
        if now > 0 {
            return;
        }
        let since = past.get_value().map_or(0, |s| s.saturating_add(1));
        past.set_value(Some(since));
        if since % 5 == 0 {
            on_end();
        }
    };
    let interval = set_interval_with_handle(tick, std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
    });
    move || {
        let locale = i18n.get_locale_untracked();
        let left = seconds.get();
        (left > 0).then(|| {
            view! { <span class="draw__countdown">{t_string!(i18n, draw_time_left, time = span(left, locale)).to_string()}</span> }
        })
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_time_left_names_its_two_largest_units() {
        assert_eq!(span(45, Locale::id), "45 detik");
        assert_eq!(span(6 * 60 + 12, Locale::en), "6 minutes 12 seconds");
        assert_eq!(span(2 * 3600 + 5 * 60 + 59, Locale::id), "2 jam 5 menit");
        assert_eq!(span(3600 + 60, Locale::en), "1 hour 1 minute");
        assert_eq!(span(3 * 86_400 + 4 * 3600 + 1, Locale::id), "3 hari 4 jam");
        assert_eq!(span(86_400, Locale::en), "1 day");
        assert_eq!(span(3600, Locale::id), "1 jam");
    }

    #[wasm_bindgen_test]
    fn a_moment_is_told_in_the_zone_its_offset_names() {
        // 00:30 UTC is 09.30 in Jayapura (WIT), whatever the device's zone.
        let at = DateTime::parse_from_rfc3339("2026-12-31T09:30:00+09:00").unwrap_or_default();
        assert_eq!(when(at, Locale::id), "Kamis, 31 Desember 2026, 09.30 WIT");
        let wita = DateTime::parse_from_rfc3339("2026-12-31T09:30:00+08:00").unwrap_or_default();
        assert_eq!(when(wita, Locale::en), "Thursday, 31 December 2026, 09:30 WITA");
    }
}
