//! The booking calendar on the real `data/`: holidays, cuti bersama, special weekdays, horizon,
//! release policies, cut-off and quotas, all in the MPP's own zone; then properties that must
//! hold for any MPP, counter, date and moment.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use antrean_core::calendar::{offset, to_local, to_utc, Booked, CounterCalendar, Day, DayStatus, NoBookings};
use antrean_core::data::{load, SeedData};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use proptest::prelude::*;

fn seed() -> &'static SeedData {
    static SEED: std::sync::OnceLock<SeedData> = std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap_or_else(|errors| panic!("{errors}"))
    })
}

fn calendar<'a>(data: &'a SeedData, mpp: &str, counter: &str) -> CounterCalendar<'a> {
    let mpp = data.mpps.iter().find(|m| m.id.as_str() == mpp).unwrap_or_else(|| panic!("{mpp}"));
    let counter = mpp.counters.iter().find(|c| c.id == counter).unwrap_or_else(|| panic!("{counter}"));
    CounterCalendar { mpp, counter, holidays: &data.holidays }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A UTC instant given as local wall-clock time in Jakarta (UTC+7).
fn wib(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    to_utc(date(y, m, d).and_hms_opt(h, min, 0).unwrap(), offset(antrean_core::zone::Zone::Jakarta))
}

#[test]
fn national_holidays_and_cuti_bersama_close_with_their_name() {
    let data = seed();
    let cal = calendar(data, "mpp-pekanbaru", "dukcapil");
    let now = wib(2026, 3, 10, 8, 0);
    let nyepi = cal.day(date(2026, 3, 19), now, &NoBookings);
    assert!(matches!(&nyepi.status, DayStatus::NationalHoliday { name } if name.id.contains("Nyepi")), "{nyepi:?}");
    let cuti = cal.day(date(2026, 3, 20), now, &NoBookings);
    assert!(matches!(&cuti.status, DayStatus::CutiBersama { name } if name.en.contains("Eid")), "{cuti:?}");
    assert!(cuti.slots.is_empty());
    assert_eq!(
        cal.day(date(2026, 3, 21), now, &NoBookings).status,
        DayStatus::NationalHoliday { name: data.holidays.on(date(2026, 3, 21)).unwrap().name.clone() }
    );
    assert_eq!(cal.day(date(2026, 3, 14), now, &NoBookings).status, DayStatus::NotServed, "a Saturday");
    assert!(matches!(cal.day(date(2026, 3, 12), now, &NoBookings).status, DayStatus::Open { .. }));
}

#[test]
fn denpasar_opens_half_a_day_on_cuti_bersama() {
    let data = seed();
    let cal = calendar(data, "mpp-denpasar", "dukcapil");
    let now = to_utc(date(2026, 3, 16).and_hms_opt(7, 0, 0).unwrap(), offset(antrean_core::zone::Zone::Makassar));
    let day = cal.day(date(2026, 3, 20), now, &NoBookings);
    assert!(matches!(day.status, DayStatus::Open { .. }), "{day:?}");
    assert_eq!(day.hours.map(|h| h.close.to_string()), Some("12:00".into()));
    assert!(day.slots.iter().all(|s| s.end.time() <= chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap()));
    assert!(matches!(cal.day(date(2026, 3, 19), now, &NoBookings).status, DayStatus::NationalHoliday { .. }));
}

#[test]
fn imigrasi_at_pematangsiantar_serves_on_tuesdays_only() {
    let data = seed();
    let cal = calendar(data, "mpp-siantar", "imigrasi");
    let now = wib(2026, 11, 30, 10, 0); // released for December on the last working day of November
    let days = cal.days(date(2026, 12, 1), date(2026, 12, 14), now, &NoBookings);
    for day in &days {
        let open = matches!(day.status, DayStatus::Open { .. });
        assert_eq!(open, day.date.weekday() == Weekday::Tue, "{day:?}");
    }
    let tuesday = &days[0];
    assert_eq!(tuesday.status, DayStatus::Open { places_left: 20 }, "the daily quota of 20 caps the day");
}

#[test]
fn next_months_passport_quota_opens_on_the_last_working_day_at_nine() {
    let data = seed();
    let cal = calendar(data, "mpp-pekanbaru", "imigrasi");
    // December 2026 opens on Monday 30 November 2026, 09:00 WIB (the 30th is a working day).
    let before = cal.day(date(2026, 12, 3), wib(2026, 11, 30, 8, 59), &NoBookings);
    let DayStatus::NotReleased { opens_at } = before.status else { panic!("{before:?}") };
    assert_eq!(opens_at.naive_local(), date(2026, 11, 30).and_hms_opt(9, 0, 0).unwrap());
    assert_eq!(opens_at.offset().local_minus_utc(), 7 * 3600);
    let after = cal.day(date(2026, 12, 3), wib(2026, 11, 30, 9, 0), &NoBookings);
    assert!(matches!(after.status, DayStatus::Open { .. }), "{after:?}");
    // January 2027 opens on Thursday 31 December 2026: the 24th (cuti) and 25th are not working days, the 31st is.
    let january = cal.day(date(2027, 1, 4), wib(2026, 12, 20, 9, 0), &NoBookings);
    assert!(
        matches!(january.status, DayStatus::NotReleased { opens_at } if opens_at.date_naive() == date(2026, 12, 31)),
        "{january:?}"
    );
}

#[test]
fn days_beyond_the_horizon_say_when_they_enter_it() {
    let data = seed();
    let cal = calendar(data, "mpp-pekanbaru", "dukcapil"); // 14 days ahead
    let now = wib(2026, 12, 1, 10, 0);
    assert!(matches!(cal.day(date(2026, 12, 15), now, &NoBookings).status, DayStatus::Open { .. }));
    assert_eq!(
        cal.day(date(2026, 12, 16), now, &NoBookings).status,
        DayStatus::BeyondHorizon { opens_on: date(2026, 12, 2) }
    );
}

#[test]
fn today_is_the_mpps_today_and_the_cut_off_applies() {
    let data = seed();
    // WIT (UTC+9), 20-minute slots, cut-off 60 minutes.
    let cal = calendar(data, "mpp-jayapura", "dukcapil");
    // 23:30 UTC on 1 December is already 08:30 on 2 December in Jayapura.
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap();
    let today = cal.day(date(2026, 12, 2), now, &NoBookings);
    let first_bookable = today.slots.iter().find(|s| s.bookable).expect("later slots are bookable");
    assert_eq!(first_bookable.start.format("%H:%M").to_string(), "09:40", "08:30 + 60 min cut-off, 20-minute slots");
    assert_eq!(cal.day(date(2026, 12, 1), now, &NoBookings).status, DayStatus::Past);
    assert_eq!(first_bookable.start_utc, Utc.with_ymd_and_hms(2026, 12, 2, 0, 40, 0).unwrap());
}

struct Counts {
    slots: BTreeMap<DateTime<Utc>, u32>,
    days: BTreeMap<NaiveDate, u32>,
}

impl Booked for Counts {
    fn in_slot(&self, start: DateTime<Utc>) -> u32 {
        self.slots.get(&start).copied().unwrap_or(0)
    }
    fn on_day(&self, date: NaiveDate) -> u32 {
        self.days.get(&date).copied().unwrap_or(0)
    }
}

#[test]
fn bookings_fill_slots_and_quotas() {
    let data = seed();
    let cal = calendar(data, "mpp-lebak", "imigrasi"); // 2 desks, quota 20
    let now = wib(2026, 11, 30, 10, 0);
    let day = cal.day(date(2026, 12, 2), now, &NoBookings);
    let first = day.slots[0].start_utc;
    let two = Counts { slots: BTreeMap::from([(first, 2)]), days: BTreeMap::from([(date(2026, 12, 2), 2)]) };
    let after = cal.day(date(2026, 12, 2), now, &two);
    assert_eq!(after.slots[0].remaining, 0);
    assert_eq!(after.slots[1].remaining, 2);
    assert_eq!(after.status, DayStatus::Open { places_left: 18 });
    let quota_full = Counts { slots: BTreeMap::new(), days: BTreeMap::from([(date(2026, 12, 2), 20)]) };
    let full = cal.day(date(2026, 12, 2), now, &quota_full);
    assert_eq!(full.status, DayStatus::Full);
    assert!(full.slots.iter().all(|s| s.remaining == 0));
}

fn any_calendar(data: &SeedData) -> Vec<(usize, usize)> {
    data.mpps.iter().enumerate().flat_map(|(i, m)| (0..m.counters.len()).map(move |j| (i, j))).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn slots_are_within_hours_on_open_days_and_never_overbooked(
        pick in 0usize..1000,
        day_offset in 0i64..500,
        minutes in 0i64..(24 * 60),
        booked_slot in 0u32..10,
        booked_day in 0u32..100,
    ) {
        let data = seed();
        let pairs = any_calendar(data);
        let (m, c) = pairs[pick % pairs.len()];
        let (mpp, counter) = (&data.mpps[m], &data.mpps[m].counters[c]);
        let cal = CounterCalendar { mpp, counter, holidays: &data.holidays };
        let date = date(2026, 1, 1) + chrono::Duration::days(day_offset);
        let now = to_utc(date.and_hms_opt(0, 0, 0).unwrap(), offset(mpp.zone)) - chrono::Duration::days(3) + chrono::Duration::minutes(minutes);
        let counts = Counts { slots: BTreeMap::new(), days: BTreeMap::from([(date, booked_day)]) };
        struct Every(u32, Counts);
        impl Booked for Every {
            fn in_slot(&self, _: DateTime<Utc>) -> u32 { self.0 }
            fn on_day(&self, d: NaiveDate) -> u32 { self.1.on_day(d) }
        }
        let day: Day = cal.day(date, now, &Every(booked_slot, counts));
        let is_holiday = data.holidays.on(date).is_some();
        let is_closure = mpp.closures.iter().any(|c| c.date == date);
        match &day.status {
            DayStatus::NationalHoliday { .. } | DayStatus::CutiBersama { .. } => {
                prop_assert!(is_holiday);
                prop_assert!(day.slots.is_empty());
            }
            DayStatus::Closure { .. } => {
                prop_assert!(is_closure);
                prop_assert!(day.slots.is_empty());
            }
            DayStatus::NotServed | DayStatus::BeyondHorizon { .. } | DayStatus::NotReleased { .. } => {
                prop_assert!(day.slots.is_empty());
            }
            DayStatus::Open { .. } | DayStatus::Full | DayStatus::Past => {}
        }
        let hours = day.hours;
        for slot in &day.slots {
            let hours = hours.expect("slots only on days with hours");
            prop_assert!(slot.start.date() == date && slot.end.date() == date);
            prop_assert!(slot.start.time() >= hours.open.0 && slot.end.time() <= hours.close.0);
            prop_assert!(slot.remaining <= slot.capacity);
            prop_assert_eq!(slot.capacity, u32::from(counter.desks));
            prop_assert_eq!(to_local(slot.start_utc, mpp.zone), slot.start, "instants round-trip");
            prop_assert_eq!(to_utc(slot.start, offset(mpp.zone)), slot.start_utc);
            if let Some(quota) = counter.daily_quota {
                prop_assert!(slot.remaining <= quota.saturating_sub(booked_day));
            }
        }
        if let DayStatus::Open { places_left } = day.status {
            prop_assert!(places_left > 0);
            let bookable: u32 = day.slots.iter().filter(|s| s.bookable).map(|s| s.remaining).sum();
            prop_assert!(places_left <= bookable);
            prop_assert!(date >= to_local(now, mpp.zone).date());
        }
        if !counter.weekdays.is_empty() && !day.slots.is_empty() {
            prop_assert!(counter.weekdays.iter().any(|w| Weekday::from(*w) == date.weekday()));
        }
    }

    /// Dates come from requests (`from=+262142-12-31`): the calendar must answer for any date chrono
    /// can hold, seen at any moment, without overflowing.
    #[test]
    fn any_date_and_moment_in_chronos_range_gets_a_day_without_panicking(
        pick in 0usize..1000,
        day in NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce(),
        span in 0u64..3,
        now_seconds in DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp(),
        near_the_ends in proptest::bool::ANY,
    ) {
        let data = seed();
        let pairs = any_calendar(data);
        let (m, c) = pairs[pick % pairs.len()];
        let (mpp, counter) = (&data.mpps[m], &data.mpps[m].counters[c]);
        let cal = CounterCalendar { mpp, counter, holidays: &data.holidays };
        let mut date = NaiveDate::from_num_days_from_ce_opt(day).unwrap();
        if near_the_ends {
            // The very ends, where a day of arithmetic overflows.
            date = if day % 2 == 0 { NaiveDate::MAX } else { NaiveDate::MIN };
        }
        let now = Utc.timestamp_opt(now_seconds, 0).single().unwrap();
        let last = date.checked_add_days(chrono::Days::new(span)).unwrap_or(NaiveDate::MAX);
        let days = cal.days(date, last, now, &NoBookings);
        prop_assert!(!days.is_empty() && days.len() as u64 <= span + 1);
        prop_assert_eq!(days[0].date, date);
        let local = to_local(now, mpp.zone);
        let _ = to_utc(local, offset(mpp.zone));
    }

    #[test]
    fn local_and_utc_round_trip_in_every_zone(seconds in 0i64..4_000_000_000i64, zone in 0usize..4) {
        let zone = antrean_core::zone::Zone::ALL[zone];
        let instant = Utc.timestamp_opt(seconds, 0).single().expect("in range");
        let local: NaiveDateTime = to_local(instant, zone);
        prop_assert_eq!(to_utc(local, offset(zone)), instant);
        prop_assert_eq!((local - instant.naive_utc()).num_seconds(), i64::from(zone.utc_offset_seconds()));
    }
}

#[test]
fn a_weekly_release_opens_next_week_on_friday_afternoon() {
    let data = seed();
    let mut mpp = data.mpps.iter().find(|m| m.id.as_str() == "mpp-pekanbaru").unwrap().clone();
    let counter = mpp.counters.iter_mut().find(|c| c.id == "imigrasi").unwrap();
    counter.release = Some(antrean_core::schedule::ReleasePolicy::Weekly {
        weekday: antrean_core::schedule::WeekdayName::Friday,
        at: "14:00".parse().unwrap(),
        draw_minutes: None,
    });
    let cal = CounterCalendar {
        mpp: &mpp,
        counter: &mpp.counters.iter().find(|c| c.id == "imigrasi").unwrap().clone(),
        holidays: &data.holidays,
    };
    // Wednesday 9 December 2026 belongs to the week released on Friday 4 December, 14:00 WIB.
    let before = cal.day(date(2026, 12, 9), wib(2026, 12, 4, 13, 59), &NoBookings);
    let DayStatus::NotReleased { opens_at } = before.status else { panic!("{before:?}") };
    assert_eq!(opens_at.naive_local(), date(2026, 12, 4).and_hms_opt(14, 0, 0).unwrap());
    assert!(matches!(cal.day(date(2026, 12, 9), wib(2026, 12, 4, 14, 0), &NoBookings).status, DayStatus::Open { .. }));
}

#[test]
fn closures_close_the_day_and_half_days_shorten_it() {
    let data = seed();
    let mut mpp = data.mpps.iter().find(|m| m.id.as_str() == "mpp-denpasar").unwrap().clone();
    let reason = antrean_core::text::Text { id: "Galungan".into(), en: "Galungan".into() };
    mpp.closures.push(antrean_core::schedule::Closure { date: date(2026, 12, 9), reason: reason.clone(), hours: None });
    mpp.closures.push(antrean_core::schedule::Closure {
        date: date(2026, 12, 10),
        reason,
        hours: Some(serde_json::from_str(r#"["08:00", "11:00"]"#).unwrap()),
    });
    let counter = mpp.counters[0].clone();
    let cal = CounterCalendar { mpp: &mpp, counter: &counter, holidays: &data.holidays };
    let now = wib(2026, 12, 1, 8, 0);
    assert!(
        matches!(&cal.day(date(2026, 12, 9), now, &NoBookings).status, DayStatus::Closure { reason } if reason.id == "Galungan")
    );
    let half = cal.day(date(2026, 12, 10), now, &NoBookings);
    assert_eq!(half.hours.map(|h| h.close.to_string()), Some("11:00".into()));
    assert!(half.slots.iter().all(|s| s.end.time() <= chrono::NaiveTime::from_hms_opt(11, 0, 0).unwrap()));
    assert!(!half.slots.is_empty());
}
