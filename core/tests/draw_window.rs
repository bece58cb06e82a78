//! The draw windows of a counter in draw mode: which days a release moment puts in the draw, when
//! the window opens and closes, and which windows matter at a given moment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use antrean_core::calendar::{offset, to_utc, CounterCalendar};
use antrean_core::data::load;
use antrean_core::schedule::ReleasePolicy;
use chrono::{Datelike, NaiveDate, Weekday};

#[test]
fn a_monthly_release_in_draw_mode_has_a_window_and_its_month() {
    let seed = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    let mut mpp = seed.mpps.iter().find(|m| m.id.as_str() == "mpp-tomohon").unwrap().clone();
    let counter = mpp.counters.iter_mut().find(|c| c.id == "imigrasi").unwrap();
    counter.release =
        Some(ReleasePolicy::MonthlyLastWorkingDay { at: "09:00".parse().unwrap(), draw_minutes: Some(60) });
    let counter = counter.clone();
    let calendar = CounterCalendar { mpp: &mpp, counter: &counter, holidays: &seed.holidays };
    let zone = offset(mpp.zone);

    // January 2027 is released on Thursday 31 December 2026 at 09:00 (the last working day).
    let window = calendar.draw_window_released_on(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()).unwrap();
    assert_eq!(window.opens_at.to_string(), "2026-12-31 09:00:00 +08:00");
    assert_eq!(window.closes_at.to_string(), "2026-12-31 10:00:00 +08:00");
    assert!(!window.days.is_empty());
    assert!(window.days.iter().all(|d| d.year() == 2027 && d.month() == 1), "{:?}", window.days);
    assert!(window.days.iter().all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
    assert_eq!(calendar.draw_window_of_day(window.days[0]), Some(window.clone()));
    assert_eq!(calendar.draw_window_released_on(NaiveDate::from_ymd_opt(2026, 12, 30).unwrap()), None);

    let during = to_utc(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap().and_hms_opt(9, 30, 0).unwrap(), zone);
    assert!(window.is_open(during));
    let around = calendar.draw_windows_around(during);
    assert!(around.contains(&window), "{around:?}");
    let after = during + chrono::Duration::hours(1);
    assert!(window.has_closed(after));
    let next = calendar.next_release_after(window.opens_at).unwrap();
    assert_eq!(next.date_naive().month(), 1, "February opens at the end of January");
    assert_eq!(window.id("mpp-tomohon", "imigrasi", "paspor"), "mpp-tomohon/imigrasi/paspor/2026-12-31");

    // Without draw_minutes, no windows.
    let mut plain = counter.clone();
    plain.release = Some(ReleasePolicy::MonthlyLastWorkingDay { at: "09:00".parse().unwrap(), draw_minutes: None });
    let calendar = CounterCalendar { mpp: &mpp, counter: &plain, holidays: &seed.holidays };
    assert!(calendar.draw_windows_around(during).is_empty());
    assert_eq!(calendar.draw_window_of_day(window.days[0]), None);
}
