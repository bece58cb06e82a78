//! Opening hours, counters and their booking rules, as the MPP files describe them: weekly hours,
//! closures and half days, slot length, parallel desks, daily quotas, booking horizon, cut-off,
//! special weekdays (Imigrasi at MPP Pematangsiantar on Tuesdays only) and quota release policies
//! (next month's passport quota on the last working day at 09:00, or every Friday at 14:00).

use core::fmt;
use core::str::FromStr;

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::queue::QueueLetter;
use crate::text::Text;
use crate::visit::CheckInWindow;

/// A local time of day, written `"08:00"` in the data and `"08.00"` in Indonesian text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime(pub NaiveTime);

/// Exactly `HH:MM`, parsed by hand: chrono's general parser and formatter would add kilobytes to
/// the web app, which reads every opening time.
impl FromStr for LocalTime {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let two_digits = |part: &[u8]| -> Option<u32> {
            match part {
                [tens @ b'0'..=b'9', ones @ b'0'..=b'9'] => Some(u32::from(tens - b'0') * 10 + u32::from(ones - b'0')),
                _ => None,
            }
        };
        let time = match text.as_bytes() {
            [h @ .., b':', m1, m2] if h.len() == 2 => {
                two_digits(h).zip(two_digits(&[*m1, *m2])).and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
            }
            _ => None,
        };
        time.map(LocalTime).ok_or_else(|| format!("\"{text}\" is not a time like \"08:00\""))
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Timelike;
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

impl Serialize for LocalTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Opening hours of one day, `["08:00", "15:00"]`: open at the first time, closed at the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "[LocalTime; 2]", into = "[LocalTime; 2]")]
pub struct Hours {
    pub open: LocalTime,
    pub close: LocalTime,
}

impl TryFrom<[LocalTime; 2]> for Hours {
    type Error = String;
    fn try_from([open, close]: [LocalTime; 2]) -> Result<Self, Self::Error> {
        if open < close {
            Ok(Hours { open, close })
        } else {
            Err(format!("opening {open} must be before closing {close}"))
        }
    }
}

impl From<Hours> for [LocalTime; 2] {
    fn from(hours: Hours) -> Self {
        [hours.open, hours.close]
    }
}

/// Hours for each day of the week; a missing day is closed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monday: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuesday: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wednesday: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thursday: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friday: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturday: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunday: Option<Hours>,
    /// The hours were not found in any source: a clearly marked assumption.
    #[serde(default)]
    pub assumed: bool,
}

impl WeeklyHours {
    pub fn on(&self, weekday: Weekday) -> Option<Hours> {
        match weekday {
            Weekday::Mon => self.monday,
            Weekday::Tue => self.tuesday,
            Weekday::Wed => self.wednesday,
            Weekday::Thu => self.thursday,
            Weekday::Fri => self.friday,
            Weekday::Sat => self.saturday,
            Weekday::Sun => self.sunday,
        }
    }
}

/// A day an MPP departs from its weekly hours.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub reason: Text,
    /// Open these hours instead of closing all day (a half day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
}

/// When a day's quota opens for booking. Without a policy, a day opens when it enters the horizon.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum ReleasePolicy {
    /// A month's days open on the last working day of the month before, at `at` local time.
    MonthlyLastWorkingDay {
        at: LocalTime,
        /// Draw mode (see [`ReleasePolicy::draw_minutes`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        draw_minutes: Option<u16>,
    },
    /// A week's days (Monday to Sunday) open on `weekday` of the week before, at `at` local time.
    Weekly {
        weekday: WeekdayName,
        at: LocalTime,
        /// Draw mode (see [`ReleasePolicy::draw_minutes`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        draw_minutes: Option<u16>,
    },
}

/// The longest draw window a counter may have: a day.
pub const MAX_DRAW_MINUTES: u16 = 24 * 60;

impl ReleasePolicy {
    /// In draw mode, how long the window after each release moment is: citizens enter the draw
    /// instead of booking, and the released places are drawn when it closes (see
    /// [`crate::draw`]). `None` (the default): the places are booked first come, first served.
    pub fn draw_minutes(&self) -> Option<u16> {
        match self {
            ReleasePolicy::MonthlyLastWorkingDay { draw_minutes, .. } | ReleasePolicy::Weekly { draw_minutes, .. } => {
                *draw_minutes
            }
        }
    }
}

/// A weekday as written in the data (`"friday"`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekdayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<WeekdayName> for Weekday {
    fn from(name: WeekdayName) -> Weekday {
        match name {
            WeekdayName::Monday => Weekday::Mon,
            WeekdayName::Tuesday => Weekday::Tue,
            WeekdayName::Wednesday => Weekday::Wed,
            WeekdayName::Thursday => Weekday::Thu,
            WeekdayName::Friday => Weekday::Fri,
            WeekdayName::Saturday => Weekday::Sat,
            WeekdayName::Sunday => Weekday::Sun,
        }
    }
}

/// The longest horizon a counter may have: the booking calendar shows today and the next 61 days
/// (the longest range the availability API answers, 62 days), so a day after them is always
/// beyond the horizon and the calendar can say so without asking.
pub const MAX_HORIZON_DAYS: u16 = 61;

/// A counter (gerai) of one agency in an MPP, and how it takes bookings.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counter {
    /// Unique within the MPP, e.g. `imigrasi`.
    pub id: String,
    /// An agency of `data/catalogue/agencies.toml`.
    pub agency: String,
    /// The name on the counter, e.g. "Kantor Imigrasi Kelas I TPI Manado".
    pub name: Text,
    /// Services of that agency offered here.
    pub services: Vec<String>,
    /// Length of one slot.
    pub slot_minutes: u16,
    /// Appointments served in parallel: the capacity of one slot, shared by the counter's services.
    pub desks: u16,
    /// Most bookings per service per day, when the office sets a quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_quota: Option<u32>,
    /// How many days ahead a day can be booked (today counts as day 0).
    pub horizon_days: u16,
    /// Booking closes this many minutes before a slot starts.
    #[serde(default)]
    pub cutoff_minutes: u16,
    /// Serves only on these weekdays (within the MPP's hours); every open day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<WeekdayName>,
    /// Own hours, when they differ from the MPP's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<WeeklyHours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<ReleasePolicy>,
    /// Elderly (60+), disabled, pregnant applicants and children under 5 may come without a booking.
    #[serde(default)]
    pub priority_walk_in: bool,
    /// Answers this counter cannot serve, e.g. an office that issues only e-passports:
    /// `restrict = [{ question = "jenis", options = ["elektronik"] }]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrict: Vec<Restriction>,
    /// Check-in at the kiosk opens this many minutes before the slot (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in_before_minutes: Option<u16>,
    /// And stays open this many minutes after the slot's start (default 15); a booking not checked
    /// in by then is a no-show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in_grace_minutes: Option<u16>,
    /// The letter of its queue numbers (`D-014`); by default the first letter of its id. Two
    /// counters of one MPP never share a letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_letter: Option<QueueLetter>,
    /// Whether citizens without a booking may take a queue number at the kiosk (off by default).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub walk_ins: bool,
}

/// Of a single-choice question, the only options a counter serves.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    pub question: String,
    pub options: Vec<String>,
    /// Why, for the citizen: "Kantor ini hanya menerbitkan e-paspor".
    pub reason: Text,
}

impl Counter {
    /// When a booking may check in, from the data or the defaults (60 minutes before, 15 after).
    pub fn check_in_window(&self) -> CheckInWindow {
        let default = CheckInWindow::default();
        CheckInWindow {
            before_minutes: self.check_in_before_minutes.unwrap_or(default.before_minutes),
            grace_minutes: self.check_in_grace_minutes.unwrap_or(default.grace_minutes),
        }
    }

    /// The letter of its queue numbers: the data's, or the first letter of its id.
    pub fn queue_letter(&self) -> QueueLetter {
        self.queue_letter.unwrap_or_else(|| QueueLetter::derived_from(&self.id))
    }

    /// The restriction an answer breaks at this counter, if any.
    pub fn refuses(&self, answers: &crate::rules::Answers) -> Option<&Restriction> {
        refusal(&self.restrict, answers)
    }
}

/// The first restriction the answers break (a single choice outside the options served).
pub fn refusal<'a>(restrictions: &'a [Restriction], answers: &crate::rules::Answers) -> Option<&'a Restriction> {
    restrictions.iter().find(|r| match answers.get(&r.question) {
        Some(crate::rules::Answer::Choice(option)) => !r.options.contains(option),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_and_check_their_order() {
        let hours: Hours = serde_json::from_str(r#"["08:00", "15:30"]"#).unwrap();
        assert_eq!(hours.open.to_string(), "08:00");
        assert_eq!(hours.close.to_string(), "15:30");
        let error = serde_json::from_str::<Hours>(r#"["15:00", "08:00"]"#).unwrap_err().to_string();
        assert!(error.contains("opening 15:00 must be before closing 08:00"), "{error}");
        assert!(serde_json::from_str::<Hours>(r#"["8", "15:00"]"#).is_err());
        assert_eq!(serde_json::to_string(&hours).unwrap(), r#"["08:00","15:30"]"#);
        for bad in ["8:00", "08.00", "24:00", "08:60", "08:0", "0800", "", "ab:cd", "08:00:00"] {
            assert!(bad.parse::<LocalTime>().is_err(), "{bad}");
        }
        assert_eq!("23:59".parse::<LocalTime>().unwrap().to_string(), "23:59");
    }

    #[test]
    fn release_policies_read_as_tagged_tables() {
        let monthly: ReleasePolicy =
            serde_json::from_str(r#"{"kind": "monthly_last_working_day", "at": "09:00"}"#).unwrap();
        assert!(matches!(monthly, ReleasePolicy::MonthlyLastWorkingDay { .. }));
        let weekly: ReleasePolicy =
            serde_json::from_str(r#"{"kind": "weekly", "weekday": "friday", "at": "14:00"}"#).unwrap();
        assert_eq!(
            weekly,
            ReleasePolicy::Weekly { weekday: WeekdayName::Friday, at: "14:00".parse().unwrap(), draw_minutes: None }
        );
        assert_eq!(weekly.draw_minutes(), None);
        let drawn: ReleasePolicy =
            serde_json::from_str(r#"{"kind": "monthly_last_working_day", "at": "09:00", "draw_minutes": 60}"#).unwrap();
        assert_eq!(drawn.draw_minutes(), Some(60));
        assert!(serde_json::from_str::<ReleasePolicy>(
            r#"{"kind": "weekly", "weekday": "friday", "at": "14:00", "draw": 1}"#
        )
        .is_err());
    }
}
