//! Whether an MPP (or one of its counters) is open on a day and at a moment, and when it opens
//! next: the "Buka · tutup 15.00 WITA" / "Tutup · buka Senin 08.00 WIB" line of the directory and
//! the closed days of the booking calendar come from the same rule.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::day_status::DayStatus;
use crate::holidays::{HolidayKind, Holidays};
use crate::schedule::{Closure, Hours, LocalTime, WeeklyHours};
use crate::zone::Zone;

/// How far ahead [`OpeningRules::now`] looks for the next opening (a long holiday plus weekends).
const LOOK_AHEAD_DAYS: i64 = 21;

/// The rules that decide a day's hours: weekly hours, then holidays and closures over them.
#[derive(Clone, Copy, Debug)]
pub struct OpeningRules<'a> {
    pub weekly: &'a WeeklyHours,
    /// The hours on cuti bersama days, when the MPP opens on them (otherwise it is closed).
    pub cuti_bersama_hours: Option<Hours>,
    pub closures: &'a [Closure],
    pub holidays: &'a Holidays,
}

/// Open or closed at a moment, seen in the MPP's zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenNow {
    /// Open now, until `closes` today.
    Open { closes: LocalTime },
    /// Closed now. `today` says why the whole day is closed (a holiday, a closure), if it is;
    /// `next` is the next opening within three weeks.
    Closed { today: Option<DayStatus>, next: Option<NextOpening> },
}

/// The next time the doors open (local date and time of the MPP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextOpening {
    pub date: NaiveDate,
    pub opens: LocalTime,
}

impl OpeningRules<'_> {
    /// The hours on a local date, or why the day is closed. A closure without hours closes the
    /// day; libur nasional closes it; cuti bersama closes it unless the MPP has cuti bersama hours;
    /// a shortened day never extends the weekly hours.
    pub fn hours_on(&self, date: NaiveDate) -> Result<Hours, DayStatus> {
        let closure = self.closures.iter().find(|c| c.date == date);
        if let Some(closure) = closure.filter(|c| c.hours.is_none()) {
            return Err(DayStatus::Closure { reason: closure.reason.clone() });
        }
        let mut short = match self.holidays.on(date) {
            Some(h) if h.kind == HolidayKind::LiburNasional => {
                return Err(DayStatus::NationalHoliday { name: h.name.clone() })
            }
            Some(h) => match self.cuti_bersama_hours {
                Some(hours) => Some(hours),
                None => return Err(DayStatus::CutiBersama { name: h.name.clone() }),
            },
            None => None,
        };
        let weekly = self.weekly.on(date.weekday()).ok_or(DayStatus::NotServed)?;
        if let Some(half_day) = closure.and_then(|c| c.hours) {
            short = Some(half_day);
        }
        Ok(match short {
            Some(short) => Hours { open: short.open.max(weekly.open), close: short.close.min(weekly.close) },
            None => weekly,
        })
    }

    /// Open or closed at `now`, in `zone`.
    pub fn now(&self, zone: Zone, now: DateTime<Utc>) -> OpenNow {
        let local = crate::zone::to_local(now, zone);
        let (today, time) = (local.date(), LocalTime(local.time()));
        let hours_today = self.hours_on(today);
        if let Ok(hours) = hours_today {
            if hours.open <= time && time < hours.close {
                return OpenNow::Open { closes: hours.close };
            }
        }
        let opens_later_today = hours_today.as_ref().ok().filter(|h| time < h.open);
        let next = match opens_later_today {
            Some(hours) => Some(NextOpening { date: today, opens: hours.open }),
            None => (1..=LOOK_AHEAD_DAYS).find_map(|ahead| {
                let date = today + Duration::days(ahead);
                self.hours_on(date).ok().map(|hours| NextOpening { date, opens: hours.open })
            }),
        };
        let why_closed_today = match hours_today {
            Err(
                status
                @ (DayStatus::Closure { .. } | DayStatus::NationalHoliday { .. } | DayStatus::CutiBersama { .. }),
            ) => Some(status),
            _ => None,
        };
        OpenNow::Closed { today: why_closed_today, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holidays::Holiday;
    use crate::source::Confidence;
    use crate::text::Text;

    fn time(text: &str) -> LocalTime {
        text.parse().unwrap()
    }

    fn hours(open: &str, close: &str) -> Hours {
        Hours { open: time(open), close: time(close) }
    }

    fn weekdays_8_to_15() -> WeeklyHours {
        let day = Some(hours("08:00", "15:00"));
        WeeklyHours {
            monday: day,
            tuesday: day,
            wednesday: day,
            thursday: day,
            friday: Some(hours("08:00", "11:30")),
            saturday: None,
            sunday: None,
            assumed: false,
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn text(same: &str) -> Text {
        Text { id: same.into(), en: same.into() }
    }

    /// A UTC instant from a local time in WITA (UTC+8).
    fn wita(text: &str) -> DateTime<Utc> {
        let local: chrono::NaiveDateTime = text.parse().unwrap();
        crate::zone::to_utc(local, crate::zone::offset(Zone::Makassar))
    }

    fn holidays() -> Holidays {
        let day =
            |d: &str, kind, name: &str| Holiday { date: date(d), kind, name: text(name), confidence: Confidence::High };
        Holidays {
            days: vec![
                day("2026-03-20", HolidayKind::LiburNasional, "Idul Fitri 1447 H"),
                day("2026-03-23", HolidayKind::CutiBersama, "Cuti Bersama Idul Fitri"),
            ],
            years: vec![2026],
        }
    }

    #[test]
    fn open_until_closing_time_then_closed_until_the_next_working_day() {
        let weekly = weekdays_8_to_15();
        let holidays = Holidays::default();
        let rules = OpeningRules { weekly: &weekly, cuti_bersama_hours: None, closures: &[], holidays: &holidays };
        // Monday 2 March 2026.
        assert_eq!(rules.now(Zone::Makassar, wita("2026-03-02T09:15:00")), OpenNow::Open { closes: time("15:00") });
        assert_eq!(
            rules.now(Zone::Makassar, wita("2026-03-02T07:59:00")),
            OpenNow::Closed { today: None, next: Some(NextOpening { date: date("2026-03-02"), opens: time("08:00") }) }
        );
        assert_eq!(
            rules.now(Zone::Makassar, wita("2026-03-02T15:00:00")),
            OpenNow::Closed { today: None, next: Some(NextOpening { date: date("2026-03-03"), opens: time("08:00") }) }
        );
        // Friday afternoon: closed over the weekend, opens Monday.
        assert_eq!(
            rules.now(Zone::Makassar, wita("2026-03-06T12:00:00")),
            OpenNow::Closed { today: None, next: Some(NextOpening { date: date("2026-03-09"), opens: time("08:00") }) }
        );
    }

    #[test]
    fn the_same_instant_is_judged_in_the_mpps_own_zone() {
        let weekly = weekdays_8_to_15();
        let holidays = Holidays::default();
        let rules = OpeningRules { weekly: &weekly, cuti_bersama_hours: None, closures: &[], holidays: &holidays };
        // 07:30 WITA is 06:30 WIB and 08:30 WIT.
        let instant = wita("2026-03-02T07:30:00");
        assert!(matches!(rules.now(Zone::Jakarta, instant), OpenNow::Closed { .. }));
        assert!(matches!(rules.now(Zone::Makassar, instant), OpenNow::Closed { .. }));
        assert_eq!(rules.now(Zone::Jayapura, instant), OpenNow::Open { closes: time("15:00") });
    }

    #[test]
    fn holidays_and_closures_close_the_day_and_say_why() {
        let weekly = weekdays_8_to_15();
        let holidays = holidays();
        let closures = [Closure { date: date("2026-03-24"), reason: text("HUT Kota"), hours: None }];
        let rules =
            OpeningRules { weekly: &weekly, cuti_bersama_hours: None, closures: &closures, holidays: &holidays };
        match rules.now(Zone::Makassar, wita("2026-03-20T10:00:00")) {
            OpenNow::Closed { today: Some(DayStatus::NationalHoliday { name }), next } => {
                assert_eq!(name, text("Idul Fitri 1447 H"));
                // Saturday, Sunday, cuti bersama Monday, closure Tuesday: Wednesday.
                assert_eq!(next, Some(NextOpening { date: date("2026-03-25"), opens: time("08:00") }));
            }
            other => panic!("expected a holiday, got {other:?}"),
        }
        let with_cuti_hours = OpeningRules { cuti_bersama_hours: Some(hours("09:00", "12:00")), ..rules };
        assert_eq!(with_cuti_hours.hours_on(date("2026-03-23")), Ok(hours("09:00", "12:00")));
        assert_eq!(with_cuti_hours.now(Zone::Makassar, wita("2026-03-23T12:30:00")), {
            OpenNow::Closed { today: None, next: Some(NextOpening { date: date("2026-03-25"), opens: time("08:00") }) }
        });
    }

    #[test]
    fn a_half_day_closure_shortens_but_never_extends_the_day() {
        let weekly = weekdays_8_to_15();
        let holidays = Holidays::default();
        let closures =
            [Closure { date: date("2026-03-04"), reason: text("Rapat"), hours: Some(hours("07:00", "12:00")) }];
        let rules =
            OpeningRules { weekly: &weekly, cuti_bersama_hours: None, closures: &closures, holidays: &holidays };
        assert_eq!(rules.hours_on(date("2026-03-04")), Ok(hours("08:00", "12:00")));
        assert_eq!(rules.hours_on(date("2026-03-07")), Err(DayStatus::NotServed));
    }
}
