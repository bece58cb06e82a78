//! When a day can first be booked: the later of its entering the horizon and its quota's release,
//! one rule for the calendar's "bookable from" text and for the booking the server accepts.
//! Monthly release (the last working day of the month before, skipping weekends, holidays, cuti
//! bersama and the MPP's whole-day closures) and weekly release, across month and year ends.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use antrean_core::calendar::{offset, to_local, to_utc, BookableFrom, CounterCalendar, DayStatus, NoBookings};
use antrean_core::data::{load, SeedData};
use antrean_core::directory::Mpp;
use antrean_core::holidays::{Holiday, HolidayKind};
use antrean_core::schedule::{Closure, Counter, ReleasePolicy, WeekdayName};
use antrean_core::source::Confidence;
use antrean_core::text::Text;
use antrean_core::zone::Zone;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

fn seed() -> &'static SeedData {
    static SEED: std::sync::OnceLock<SeedData> = std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap_or_else(|errors| panic!("{errors}"))
    })
}

fn mpp(id: &str) -> Mpp {
    seed().mpps.iter().find(|m| m.id.as_str() == id).unwrap_or_else(|| panic!("{id}")).clone()
}

fn counter(mpp: &Mpp, id: &str) -> Counter {
    mpp.counters.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("{id}")).clone()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A UTC instant from a local wall-clock time in `zone`.
fn at(zone: Zone, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    to_utc(date(y, m, d).and_hms_opt(h, min, 0).unwrap(), offset(zone))
}

/// A moment written in the local time of `zone`, as the calendar reports it.
fn local(zone: Zone, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    offset(zone).with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn released(zone: Zone, y: i32, m: u32, d: u32, h: u32) -> BookableFrom {
    BookableFrom::Released { at: local(zone, y, m, d, h, 0) }
}

fn weekly(counter: &mut Counter) {
    counter.release =
        Some(ReleasePolicy::Weekly { weekday: WeekdayName::Friday, at: "14:00".parse().unwrap(), draw_minutes: None });
}

/// The issue's case: on 2 December 2026, MPP Tomohon's passport counter (30 days ahead, quota of a
/// month released on the last working day before it at 09.00 WITA) said 4 January 2027 was
/// bookable from 5 December; it is bookable from 31 December, 09.00.
#[test]
fn a_day_beyond_the_horizon_is_bookable_from_its_release_when_that_comes_later() {
    let tomohon = mpp("mpp-tomohon");
    let imigrasi = counter(&tomohon, "imigrasi");
    let cal = CounterCalendar { mpp: &tomohon, counter: &imigrasi, holidays: &seed().holidays };
    let now = at(Zone::Makassar, 2026, 12, 2, 10, 0);
    assert_eq!(cal.bookable_from(date(2027, 1, 4)), released(Zone::Makassar, 2026, 12, 31, 9));
    assert_eq!(
        cal.day(date(2027, 1, 4), now, &NoBookings).status,
        DayStatus::NotReleased { opens_at: local(Zone::Makassar, 2026, 12, 31, 9, 0) }
    );
    // Still nothing on the morning of the 31st, then the day opens at 09.00 WITA (01.00 UTC).
    let before = cal.day(date(2027, 1, 4), at(Zone::Makassar, 2026, 12, 31, 8, 59), &NoBookings);
    assert!(matches!(before.status, DayStatus::NotReleased { .. }), "{before:?}");
    let after = cal.day(date(2027, 1, 4), at(Zone::Makassar, 2026, 12, 31, 9, 0), &NoBookings);
    assert!(matches!(after.status, DayStatus::Open { .. }), "{after:?}");
    // Released but not yet in the horizon: Wednesday 31 March 2027 (released on Friday 26
    // February) enters it on 1 March.
    assert_eq!(cal.bookable_from(date(2027, 3, 31)), BookableFrom::EntersHorizon { on: date(2027, 3, 1) });
    assert_eq!(
        cal.day(date(2027, 3, 31), at(Zone::Makassar, 2027, 2, 27, 12, 0), &NoBookings).status,
        DayStatus::BeyondHorizon { opens_on: date(2027, 3, 1) }
    );
    // A counter without a release policy: the horizon alone decides.
    let dukcapil = counter(&tomohon, "dukcapil");
    let cal = CounterCalendar { mpp: &tomohon, counter: &dukcapil, holidays: &seed().holidays };
    assert_eq!(cal.bookable_from(date(2027, 1, 4)), BookableFrom::EntersHorizon { on: date(2026, 12, 21) });
}

#[test]
fn the_monthly_release_skips_weekends_holidays_cuti_bersama_and_the_mpps_closures() {
    let mut tomohon = mpp("mpp-tomohon");
    let imigrasi = counter(&tomohon, "imigrasi");
    let zone = Zone::Makassar;
    {
        let cal = CounterCalendar { mpp: &tomohon, counter: &imigrasi, holidays: &seed().holidays };
        // February 2027: 31 January is a Sunday, the 30th a Saturday: Friday the 29th.
        assert_eq!(cal.bookable_from(date(2027, 2, 1)), released(zone, 2027, 1, 29, 9));
        assert_eq!(cal.bookable_from(date(2027, 2, 28)), released(zone, 2027, 1, 29, 9));
        // June 2026: 31 May is Waisak on a Sunday, the 30th a Saturday: Friday 29 May.
        assert_eq!(cal.bookable_from(date(2026, 6, 15)), released(zone, 2026, 5, 29, 9));
    }
    // A cuti bersama on the last day of the year and a regional closure the day before: the 29th.
    let mut holidays = seed().holidays.clone();
    let name = Text { id: "Cuti bersama".into(), en: "Collective leave".into() };
    holidays.days.push(Holiday {
        date: date(2026, 12, 31),
        kind: HolidayKind::CutiBersama,
        name: name.clone(),
        confidence: Confidence::High,
    });
    holidays.days.sort_by_key(|d| d.date);
    tomohon.closures.push(Closure { date: date(2026, 12, 30), reason: name.clone(), hours: None });
    let cal = CounterCalendar { mpp: &tomohon, counter: &imigrasi, holidays: &holidays };
    assert_eq!(cal.bookable_from(date(2027, 1, 4)), released(zone, 2026, 12, 29, 9));
    // A half-day closure is still a working day.
    tomohon.closures.push(Closure {
        date: date(2026, 12, 29),
        reason: name.clone(),
        hours: Some(serde_json::from_str(r#"["08:00", "12:00"]"#).unwrap()),
    });
    let cal = CounterCalendar { mpp: &tomohon, counter: &imigrasi, holidays: &holidays };
    assert_eq!(cal.bookable_from(date(2027, 1, 4)), released(zone, 2026, 12, 29, 9));
    // The 28th and 29th closed as well: back over the weekend and Christmas (25th) and the
    // cuti bersama (24th) to Wednesday 23 December.
    for day in [28, 29] {
        tomohon.closures.push(Closure { date: date(2026, 12, day), reason: name.clone(), hours: None });
    }
    tomohon.closures.retain(|c| c.hours.is_none());
    let cal = CounterCalendar { mpp: &tomohon, counter: &imigrasi, holidays: &holidays };
    assert_eq!(cal.bookable_from(date(2027, 1, 4)), released(zone, 2026, 12, 23, 9));
}

#[test]
fn the_weekly_release_opens_next_week_across_month_and_year_ends() {
    let pekanbaru = mpp("mpp-pekanbaru");
    let mut imigrasi = counter(&pekanbaru, "imigrasi");
    weekly(&mut imigrasi);
    let zone = Zone::Jakarta;
    let cal = CounterCalendar { mpp: &pekanbaru, counter: &imigrasi, holidays: &seed().holidays };
    // Monday 30 November to Sunday 6 December 2026: Friday 27 November.
    assert_eq!(cal.bookable_from(date(2026, 11, 30)), released(zone, 2026, 11, 27, 14));
    assert_eq!(cal.bookable_from(date(2026, 12, 6)), released(zone, 2026, 11, 27, 14));
    // Monday 28 December 2026 to Sunday 3 January 2027: Friday 25 December, Christmas. The weekly
    // rule names a weekday, not a working day, so a holiday does not move it.
    assert_eq!(cal.bookable_from(date(2026, 12, 28)), released(zone, 2026, 12, 25, 14));
    assert_eq!(cal.bookable_from(date(2027, 1, 1)), released(zone, 2026, 12, 25, 14));
    assert_eq!(cal.bookable_from(date(2027, 1, 3)), released(zone, 2026, 12, 25, 14));
    assert_eq!(cal.bookable_from(date(2027, 1, 4)), released(zone, 2027, 1, 1, 14));
    let new_year = cal.day(date(2027, 1, 4), at(zone, 2026, 12, 31, 9, 0), &NoBookings);
    assert_eq!(new_year.status, DayStatus::NotReleased { opens_at: local(zone, 2027, 1, 1, 14, 0) });
    let open = cal.day(date(2027, 1, 4), at(zone, 2027, 1, 1, 14, 0), &NoBookings);
    assert!(matches!(open.status, DayStatus::Open { .. }), "{open:?}");
}

#[test]
fn a_weekly_release_before_the_horizon_leaves_the_horizon_to_decide() {
    let pekanbaru = mpp("mpp-pekanbaru");
    let mut imigrasi = counter(&pekanbaru, "imigrasi");
    weekly(&mut imigrasi);
    imigrasi.horizon_days = 3;
    let cal = CounterCalendar { mpp: &pekanbaru, counter: &imigrasi, holidays: &seed().holidays };
    // Monday 14 December 2026 is released on Friday the 11th at 14.00 but enters a 3-day horizon
    // that day at midnight: the release decides. Wednesday the 16th enters it on the 13th, after.
    assert_eq!(cal.bookable_from(date(2026, 12, 14)), released(Zone::Jakarta, 2026, 12, 11, 14));
    assert_eq!(cal.bookable_from(date(2026, 12, 16)), BookableFrom::EntersHorizon { on: date(2026, 12, 13) });
    assert_eq!(
        cal.day(date(2026, 12, 16), at(Zone::Jakarta, 2026, 12, 12, 23, 59), &NoBookings).status,
        DayStatus::BeyondHorizon { opens_on: date(2026, 12, 13) }
    );
    let open = cal.day(date(2026, 12, 16), at(Zone::Jakarta, 2026, 12, 13, 0, 0), &NoBookings);
    assert!(matches!(open.status, DayStatus::Open { .. }), "{open:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// For every counter of the data, with its own or a weekly policy: a day not yet bookable says
    /// exactly the moment `bookable_from` gives, and a bookable day's moment has come.
    #[test]
    fn the_calendar_says_the_moment_bookable_from_gives(
        pick in 0usize..1000,
        day_offset in 0i64..800,
        hours_before in 0i64..(24 * 70),
        weekly_policy in proptest::bool::ANY,
    ) {
        let data = seed();
        let pairs: Vec<(usize, usize)> =
            data.mpps.iter().enumerate().flat_map(|(i, m)| (0..m.counters.len()).map(move |j| (i, j))).collect();
        let (m, c) = pairs[pick % pairs.len()];
        let mpp = &data.mpps[m];
        let mut counter = mpp.counters[c].clone();
        if weekly_policy {
            weekly(&mut counter);
        }
        let cal = CounterCalendar { mpp, counter: &counter, holidays: &data.holidays };
        let day = date(2026, 1, 1) + chrono::Duration::days(day_offset);
        let now = to_utc(day.and_hms_opt(12, 0, 0).unwrap(), offset(mpp.zone)) - chrono::Duration::hours(hours_before);
        let from = cal.bookable_from(day);
        let status = cal.day(day, now, &NoBookings).status;
        match status {
            DayStatus::BeyondHorizon { .. } | DayStatus::NotReleased { .. } => {
                prop_assert_eq!(status, DayStatus::from(from));
                prop_assert!(!from.has_come(now, to_local(now, mpp.zone)));
            }
            DayStatus::Open { .. } | DayStatus::Full => prop_assert!(from.has_come(now, to_local(now, mpp.zone))),
            _ => {}
        }
        if let BookableFrom::Released { at } = from {
            prop_assert!(at.date_naive() < day, "a quota is released before its day");
        }
    }
}
