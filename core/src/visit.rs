//! The day of the visit: when a booking may check in at the kiosk (a window around its slot, per
//! counter), what the check-in and walk-in endpoints take and answer, and a booking's visit status.
//! A booking not checked in by the end of its grace is a no-show: computed from the clock, as hold
//! expiry is, never written by a background job.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::BookedSlot;
use crate::booking_code::BookingCode;
use crate::directory::MppId;
use crate::queue::QueueNumber;
use crate::text::Text;

/// Check-in opens this many minutes before the slot unless the counter's data says otherwise.
pub const DEFAULT_CHECK_IN_BEFORE_MINUTES: u16 = 60;
/// And closes this many minutes after the slot's start.
pub const DEFAULT_CHECK_IN_GRACE_MINUTES: u16 = 15;
/// The longest window the data may set either side (a whole day).
pub const MAX_CHECK_IN_MINUTES: u16 = 24 * 60;

/// When a booking may check in, relative to its slot's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckInWindow {
    pub before_minutes: u16,
    pub grace_minutes: u16,
}

impl Default for CheckInWindow {
    fn default() -> Self {
        CheckInWindow { before_minutes: DEFAULT_CHECK_IN_BEFORE_MINUTES, grace_minutes: DEFAULT_CHECK_IN_GRACE_MINUTES }
    }
}

/// Where an instant falls in a booking's check-in window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowPosition {
    /// Too early: check-in opens at the instant given.
    Before(DateTime<Utc>),
    Open,
    /// Too late: check-in closed at the instant given.
    After(DateTime<Utc>),
}

impl CheckInWindow {
    pub fn opens(self, slot_start: DateTime<Utc>) -> DateTime<Utc> {
        slot_start - Duration::minutes(i64::from(self.before_minutes))
    }

    /// The end of the grace: from this instant on, a booking not checked in is a no-show.
    pub fn closes(self, slot_start: DateTime<Utc>) -> DateTime<Utc> {
        slot_start + Duration::minutes(i64::from(self.grace_minutes))
    }

    /// Open from [`CheckInWindow::opens`] up to and including [`CheckInWindow::closes`].
    pub fn position(self, slot_start: DateTime<Utc>, now: DateTime<Utc>) -> WindowPosition {
        let (opens, closes) = (self.opens(slot_start), self.closes(slot_start));
        if now < opens {
            WindowPosition::Before(opens)
        } else if now > closes {
            WindowPosition::After(closes)
        } else {
            WindowPosition::Open
        }
    }
}

/// Where an active booking stands on the day of its visit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    /// Check-in has not opened yet.
    Upcoming,
    /// The kiosk takes the check-in now.
    CheckInOpen,
    CheckedIn,
    /// Not checked in by the end of the grace.
    NoShow,
}

/// A check-in as a booking shows it: when, and the queue number given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedIn {
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: DateTime<Utc>,
    pub queue_number: QueueNumber,
}

/// The visit of an active booking, computed at every answer from the clock.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub status: VisitStatus,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub check_in_opens: DateTime<Utc>,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub check_in_closes: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_in: Option<CheckedIn>,
}

impl Visit {
    /// The visit of a booking at `slot_start` as of `now`.
    pub fn at(
        window: CheckInWindow,
        slot_start: DateTime<Utc>,
        checked_in: Option<CheckedIn>,
        now: DateTime<Utc>,
    ) -> Visit {
        let mut visit = Visit {
            status: VisitStatus::Upcoming,
            check_in_opens: window.opens(slot_start),
            check_in_closes: window.closes(slot_start),
            checked_in,
        };
        visit.status = visit.status_at(now);
        visit
    }

    /// The status as of `now`, from the window the server sent: a copy kept on the device becomes
    /// a no-show by the clock, offline too.
    pub fn status_at(&self, now: DateTime<Utc>) -> VisitStatus {
        match self.checked_in {
            Some(_) => VisitStatus::CheckedIn,
            None if now < self.check_in_opens => VisitStatus::Upcoming,
            None if now > self.check_in_closes => VisitStatus::NoShow,
            None => VisitStatus::CheckInOpen,
        }
    }
}

/// `POST /api/v1/check-ins`, from a kiosk of the MPP.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInRequest {
    /// The MPP of the kiosk.
    pub mpp: MppId,
    /// What the kiosk's scanner typed from the booking's QR code (a signed proof `AQ1.…`, or a
    /// bare booking code from older QR codes), or the booking code as the citizen typed it.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 512,
            pattern = r"^\s*(?:[Aa][Qq]1\.[A-Za-z2-7]+|[2-9A-HJKMNP-Za-hjkmnp-z][2-9A-HJKMNP-Za-hjkmnp-z -]*)\s*$"
        )
    )]
    pub code: String,
    /// The last four digits of the NIK the booking was made with.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}$"))]
    pub nik_last4: String,
}

/// A booking checked in: its queue number and what the ticket prints.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub queue_number: QueueNumber,
    pub code: BookingCode,
    pub mpp: MppId,
    pub counter: String,
    pub counter_name: Text,
    pub service: String,
    pub service_name: Text,
    pub slot: BookedSlot,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub checked_in_at: DateTime<Utc>,
    /// `true` when the booking had already checked in: the same number and time again (`200`), so
    /// a ticket lost or a scan repeated never gives a second place in the queue.
    pub repeated: bool,
}

/// A walk-in number (`POST /api/v1/mpps/{id}/counters/{counter}/walk-ins`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkIn {
    pub queue_number: QueueNumber,
    pub mpp: MppId,
    pub counter: String,
    pub counter_name: Text,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub issued_at: DateTime<Utc>,
    /// The MPP's local day the number belongs to.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub local_date: NaiveDate,
}

/// The last four digits of a NIK as the kiosk asks them: exactly four ASCII digits.
pub fn is_nik_last4(text: &str) -> bool {
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_window_opens_before_the_slot_and_closes_after_its_grace() {
        let window = CheckInWindow::default();
        let slot = at("2026-12-02T02:00:00Z");
        assert_eq!(
            window.position(slot, at("2026-12-02T00:59:59Z")),
            WindowPosition::Before(at("2026-12-02T01:00:00Z"))
        );
        assert_eq!(window.position(slot, at("2026-12-02T01:00:00Z")), WindowPosition::Open);
        assert_eq!(window.position(slot, at("2026-12-02T02:15:00Z")), WindowPosition::Open);
        assert_eq!(
            window.position(slot, at("2026-12-02T02:15:01Z")),
            WindowPosition::After(at("2026-12-02T02:15:00Z"))
        );
        let tight = CheckInWindow { before_minutes: 10, grace_minutes: 0 };
        assert_eq!(tight.position(slot, at("2026-12-02T01:55:00Z")), WindowPosition::Open);
        assert_eq!(tight.position(slot, at("2026-12-02T02:00:01Z")), WindowPosition::After(slot));
    }

    #[test]
    fn a_booking_not_checked_in_after_its_grace_is_a_no_show_by_the_clock() {
        let window = CheckInWindow::default();
        let slot = at("2026-12-02T02:00:00Z");
        let status = |now: &str, checked: Option<CheckedIn>| Visit::at(window, slot, checked, at(now)).status;
        assert_eq!(status("2026-12-01T10:00:00Z", None), VisitStatus::Upcoming);
        assert_eq!(status("2026-12-02T01:30:00Z", None), VisitStatus::CheckInOpen);
        assert_eq!(status("2026-12-02T02:16:00Z", None), VisitStatus::NoShow);
        let checked = CheckedIn { at: at("2026-12-02T01:40:00Z"), queue_number: "D-014".parse().unwrap() };
        assert_eq!(status("2026-12-03T00:00:00Z", Some(checked)), VisitStatus::CheckedIn);
        let kept = Visit::at(window, slot, None, at("2026-12-01T10:00:00Z"));
        for now in ["2026-12-01T10:00:00Z", "2026-12-02T01:30:00Z", "2026-12-02T02:16:00Z"] {
            assert_eq!(kept.status_at(at(now)), status(now, None), "{now}");
        }
        let visit = Visit::at(window, slot, Some(checked), at("2026-12-02T02:30:00Z"));
        assert_eq!(
            serde_json::to_value(&visit).unwrap(),
            serde_json::json!({
                "status": "checked_in", "check_in_opens": "2026-12-02T01:00:00Z", "check_in_closes": "2026-12-02T02:15:00Z",
                "checked_in": { "at": "2026-12-02T01:40:00Z", "queue_number": "D-014" }
            })
        );
    }

    #[test]
    fn the_last_four_nik_digits_are_four_digits() {
        assert!(is_nik_last4("0001"));
        for bad in ["", "001", "00011", "12a4", "١٢٣٤", " 123"] {
            assert!(!is_nik_last4(bad), "{bad:?}");
        }
    }

    const COUNTER: &str = r#"
id = "dukcapil"
agency = "dukcapil"
name = { id = "Dukcapil", en = "Civil registry" }
services = ["ktp-baru"]
slot_minutes = 20
desks = 4
horizon_days = 14
"#;

    #[test]
    fn a_counter_without_check_in_settings_gets_the_defaults() {
        let counter: crate::schedule::Counter = toml::from_str(COUNTER).unwrap();
        assert_eq!(counter.check_in_window(), CheckInWindow { before_minutes: 60, grace_minutes: 15 });
        assert_eq!(counter.queue_letter().to_string(), "D");
        assert!(!counter.walk_ins);
        let json = serde_json::to_value(&counter).unwrap();
        assert!(json.get("walk_ins").is_none() && json.get("queue_letter").is_none(), "{json}");
    }

    #[test]
    fn a_counter_sets_its_window_letter_and_walk_ins_in_the_data() {
        let text = format!(
            "{COUNTER}check_in_before_minutes = 30\ncheck_in_grace_minutes = 0\nqueue_letter = \"K\"\nwalk_ins = true\n"
        );
        let counter: crate::schedule::Counter = toml::from_str(&text).unwrap();
        assert_eq!(counter.check_in_window(), CheckInWindow { before_minutes: 30, grace_minutes: 0 });
        assert_eq!(counter.queue_letter().to_string(), "K");
        assert!(counter.walk_ins);
        for bad in
            ["queue_letter = \"k\"", "queue_letter = \"DK\"", "check_in_grace_minutes = -5", "walk_ins = \"yes\""]
        {
            assert!(toml::from_str::<crate::schedule::Counter>(&format!("{COUNTER}{bad}\n")).is_err(), "{bad}");
        }
    }

    #[test]
    fn two_counters_of_one_mpp_never_share_a_letter_and_windows_are_bounded() {
        let seed = crate::data::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
        let pekanbaru = seed.mpps.iter().find(|m| m.id.as_str() == "mpp-pekanbaru").unwrap();
        let letters: Vec<String> = pekanbaru.counters.iter().map(|c| c.queue_letter().to_string()).collect();
        assert_eq!(letters, ["D", "I", "P", "S", "B", "U", "A", "J", "K"]);
        let mut clash = pekanbaru.clone();
        let bpn = clash.counters.iter_mut().find(|c| c.id == "bpn").unwrap();
        bpn.queue_letter = None;
        let error = clash.validate().unwrap_err().to_string();
        assert!(error.contains("counter \"bpn\": its queue letter is another counter's"), "{error}");
        let mut long = pekanbaru.clone();
        long.counters[0].check_in_grace_minutes = Some(MAX_CHECK_IN_MINUTES + 1);
        assert!(long.validate().unwrap_err().to_string().contains("check_in_grace_minutes"));
        let walk_ins: Vec<&str> = pekanbaru.counters.iter().filter(|c| c.walk_ins).map(|c| c.id.as_str()).collect();
        assert_eq!(walk_ins, ["imigrasi"], "on only where the research supports it");
    }
}
