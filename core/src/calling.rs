//! The hall's queue on the day of the visit: the order in which waiting numbers are called, what
//! the hall display and the citizen's phone see (numbers and counters only, nothing personal), and
//! what the counter's staff send and read.
//!
//! **The calling order** (one function, [`call_order`], used by the server for "call next" and for
//! every view): priority citizens first (lansia, disabilitas, ibu hamil, a child under five); then
//! numbers sent over from another counter of the MPP (they have waited once already); then booked
//! citizens who checked in, by their slot's start, and within one slot by check-in time; then
//! walk-ins in arrival order. Priorities and numbers sent over go by when their number was given;
//! ties keep the order numbers were given.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::directory::MppId;
use crate::queue::{QueueLetter, QueueNumber};
use crate::text::Text;
use crate::zone::Zone;

/// The most desks (loket) a counter may have: far above any MPP's.
pub const MAX_DESKS: u16 = 99;

/// Why a citizen is called before the others.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Elderly, 60 and over.
    Lansia,
    Disabilitas,
    IbuHamil,
    /// Accompanied by a child under five.
    Balita,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Lansia, Priority::Disabilitas, Priority::IbuHamil, Priority::Balita];
}

/// How a number entered the queue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketOrigin {
    /// A booking that checked in at the kiosk, with its slot's start.
    Booked {
        #[serde(with = "crate::iso_time::utc")]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        slot_start: DateTime<Utc>,
    },
    WalkIn,
}

/// Where a number stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    /// Called to a desk and being served.
    Called,
    Served,
    /// Called and did not come.
    Absent,
}

/// A number waiting to be called, as the order needs it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingTicket {
    pub number: QueueNumber,
    pub origin: TicketOrigin,
    /// When the number was given (check-in or walk-in).
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub issued_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Sent over from another counter of the MPP (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferred_from: Option<String>,
}

/// The group a waiting ticket is called in, first group first.
fn group(ticket: &WaitingTicket) -> u8 {
    match (ticket.priority, &ticket.transferred_from, ticket.origin) {
        (Some(_), _, _) => 0,
        (None, Some(_), _) => 1,
        (None, None, TicketOrigin::Booked { .. }) => 2,
        (None, None, TicketOrigin::WalkIn) => 3,
    }
}

/// Sorts waiting tickets into the order they will be called (see the module's documentation).
pub fn call_order(tickets: &mut [WaitingTicket]) {
    tickets.sort_by(|a, b| {
        // Only the booked group goes by slot; the others go by when their number was given.
        let slot = |t: &WaitingTicket| match (group(t), t.origin) {
            (2, TicketOrigin::Booked { slot_start }) => Some(slot_start),
            _ => None,
        };
        group(a)
            .cmp(&group(b))
            .then_with(|| slot(a).cmp(&slot(b)))
            .then_with(|| a.issued_at.cmp(&b.issued_at))
            .then_with(|| a.number.number().cmp(&b.number.number()))
    });
}

/// A number called to a desk.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub number: QueueNumber,
    /// The desk (loket) of the counter, from 1.
    pub desk: u16,
    /// When it was last called (a call again changes it, and the hall announces it again).
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub called_at: DateTime<Utc>,
    /// How many times it was called (1, then 2 after a call again…).
    pub calls: u16,
}

/// One counter's queue as the hall and the citizens see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterQueue {
    pub counter: String,
    pub counter_name: Text,
    pub letter: QueueLetter,
    /// Numbers being served now, at most one per desk, latest call first.
    pub serving: Vec<Call>,
    /// The last numbers called, latest first (at most [`RECENT_CALLS`]), served or not.
    pub recent: Vec<Call>,
    /// Waiting numbers in the order they will be called.
    pub waiting: Vec<QueueNumber>,
}

/// How many recent calls a counter's view lists.
pub const RECENT_CALLS: usize = 5;

/// An MPP's queue today (`GET /api/v1/mpps/{id}/queue`, and each event of its stream).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallQueue {
    pub mpp: MppId,
    pub mpp_name: String,
    /// The MPP's local day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub local_date: NaiveDate,
    /// Grows with every change of the MPP's queue that day.
    pub version: u64,
    /// Counters that gave numbers today, in the MPP's order.
    pub counters: Vec<CounterQueue>,
}

/// Where one number stands in a hall's queue, as the citizen's phone says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Waiting, with this many numbers to be called before it.
    Waiting { ahead: usize, now_serving: Option<Call> },
    /// Called now: go to this desk.
    Called(Call),
    /// Neither waiting nor being served: served, absent, or not in today's queue.
    Gone,
}

impl HallQueue {
    /// Where `number` stands, wherever it waits (a number sent to another counter keeps its letter).
    pub fn position(&self, number: QueueNumber) -> Position {
        for counter in &self.counters {
            if let Some(call) = counter.serving.iter().find(|call| call.number == number) {
                return Position::Called(*call);
            }
            if let Some(ahead) = counter.waiting.iter().position(|waiting| *waiting == number) {
                return Position::Waiting { ahead, now_serving: counter.serving.first().copied() };
            }
        }
        Position::Gone
    }
}

/// `POST /api/v1/staff/sessions`: a member of staff signs in at a desk of their counter.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSignIn {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub password: String,
    /// The desk (loket) they serve at, from 1 to the counter's desks. `2.0` reads as `2` (JSON
    /// has one number type, and JSON Schema's integers include it).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    #[serde(deserialize_with = "whole_desk")]
    pub desk: u16,
}

/// A desk number from any JSON number that is a whole number from 0 to 255.
fn whole_desk<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    crate::rules::whole_number(deserializer).map(u16::from)
}

/// A signed-in member of staff: the bearer token for `Authorization: Bearer …` and what it allows.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    pub token: String,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: DateTime<Utc>,
    pub username: String,
    pub mpp: MppId,
    pub mpp_name: String,
    pub counter: String,
    pub counter_name: Text,
    pub desk: u16,
    /// The MPP's time zone: the staff read slot times in it.
    pub zone: Zone,
}

/// A counter of the same MPP a number can be sent to.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterRef {
    pub id: String,
    pub name: Text,
}

/// `GET /api/v1/staff/queue`, and the answer to every staff action: the counter's queue as its
/// staff see it (still numbers only: the booking code and the citizen are not in it).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffQueue {
    pub counter: String,
    pub counter_name: Text,
    pub desk: u16,
    /// What this desk is serving now, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Call>,
    /// Waiting numbers in calling order, with what the order needs.
    pub waiting: Vec<WaitingTicket>,
    /// Every desk's current call, latest first.
    pub serving: Vec<Call>,
    /// Other counters of the MPP, for "send to another counter".
    pub transfer_to: Vec<CounterRef>,
    pub version: u64,
}

/// What a member of staff does: the server carries it out, the counter's screen sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffAction {
    /// The desk's current number is served; the next waiting one, in calling order, is called.
    CallNext,
    CallAgain(QueueNumber),
    Served(QueueNumber),
    Absent(QueueNumber),
    /// Sends a number to another counter of the MPP, where it waits again.
    Transfer(QueueNumber, String),
    Priority(QueueNumber, Priority),
}

impl StaffAction {
    /// The number the action names (none for "call next").
    pub fn number(&self) -> Option<QueueNumber> {
        match self {
            StaffAction::CallNext => None,
            StaffAction::CallAgain(number)
            | StaffAction::Served(number)
            | StaffAction::Absent(number)
            | StaffAction::Transfer(number, _)
            | StaffAction::Priority(number, _) => Some(*number),
        }
    }

    /// The API path that does it, under `/api/v1`.
    pub fn path(&self) -> String {
        let ticket = |number: &QueueNumber, action: &str| format!("/staff/queue/tickets/{number}/{action}");
        match self {
            StaffAction::CallNext => "/staff/queue/call-next".to_owned(),
            StaffAction::CallAgain(number) => ticket(number, "call-again"),
            StaffAction::Served(number) => ticket(number, "served"),
            StaffAction::Absent(number) => ticket(number, "absent"),
            StaffAction::Transfer(number, _) => ticket(number, "transfer"),
            StaffAction::Priority(number, _) => ticket(number, "priority"),
        }
    }

    /// The action's name in the audit.
    pub fn name(&self) -> &'static str {
        match self {
            StaffAction::CallNext => "call_next",
            StaffAction::CallAgain(_) => "call_again",
            StaffAction::Served(_) => "served",
            StaffAction::Absent(_) => "absent",
            StaffAction::Transfer(..) => "transfer",
            StaffAction::Priority(..) => "priority",
        }
    }
}

/// `POST /api/v1/staff/queue/tickets/{number}/transfer`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// Another counter of the same MPP.
    pub counter: String,
}

/// `POST /api/v1/staff/queue/tickets/{number}/priority`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityRequest {
    pub priority: Priority,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> DateTime<Utc> {
        format!("2026-12-07T01:{minute:02}:00Z").parse().unwrap()
    }

    fn ticket(number: &str, origin: TicketOrigin, issued_minute: u32) -> WaitingTicket {
        WaitingTicket {
            number: number.parse().unwrap(),
            origin,
            issued_at: at(issued_minute),
            priority: None,
            transferred_from: None,
        }
    }

    fn booked(slot_minute: u32) -> TicketOrigin {
        TicketOrigin::Booked { slot_start: at(slot_minute) }
    }

    fn numbers(tickets: &[WaitingTicket]) -> Vec<String> {
        tickets.iter().map(|t| t.number.to_string()).collect()
    }

    #[test]
    fn booked_by_slot_then_check_in_then_walk_ins_by_arrival() {
        let mut tickets = vec![
            ticket("I-001", TicketOrigin::WalkIn, 1),
            ticket("I-002", booked(40), 2),
            ticket("I-003", booked(20), 3),
            ticket("I-004", TicketOrigin::WalkIn, 4),
            ticket("I-005", booked(20), 5),
        ];
        call_order(&mut tickets);
        assert_eq!(numbers(&tickets), ["I-003", "I-005", "I-002", "I-001", "I-004"]);
    }

    #[test]
    fn priorities_first_then_numbers_sent_from_another_counter() {
        let mut tickets = vec![
            ticket("I-001", booked(0), 1),
            WaitingTicket { transferred_from: Some("dukcapil".into()), ..ticket("D-007", TicketOrigin::WalkIn, 0) },
            WaitingTicket { priority: Some(Priority::Lansia), ..ticket("I-009", TicketOrigin::WalkIn, 9) },
            WaitingTicket { priority: Some(Priority::IbuHamil), ..ticket("I-004", booked(30), 4) },
        ];
        call_order(&mut tickets);
        assert_eq!(numbers(&tickets), ["I-004", "I-009", "D-007", "I-001"]);
    }

    #[test]
    fn the_same_instant_keeps_the_order_numbers_were_given() {
        let mut tickets = vec![ticket("I-003", TicketOrigin::WalkIn, 1), ticket("I-002", TicketOrigin::WalkIn, 1)];
        call_order(&mut tickets);
        assert_eq!(numbers(&tickets), ["I-002", "I-003"]);
    }

    fn hall() -> HallQueue {
        let call = Call { number: "D-011".parse().unwrap(), desk: 2, called_at: at(30), calls: 1 };
        HallQueue {
            mpp: MppId::new("mpp-pekanbaru").unwrap(),
            mpp_name: "MPP Pekanbaru".into(),
            local_date: "2026-12-07".parse().unwrap(),
            version: 7,
            counters: vec![CounterQueue {
                counter: "dukcapil".into(),
                counter_name: Text { id: "Dukcapil".into(), en: "Civil registry".into() },
                letter: QueueLetter::new('D').unwrap(),
                serving: vec![call],
                recent: vec![call],
                waiting: ["D-012", "D-013", "I-002", "D-014"].iter().map(|n| n.parse().unwrap()).collect(),
            }],
        }
    }

    #[test]
    fn a_phone_finds_its_number_and_how_many_are_before_it() {
        let hall = hall();
        let serving = hall.counters[0].serving[0];
        assert_eq!(hall.position("D-014".parse().unwrap()), Position::Waiting { ahead: 3, now_serving: Some(serving) });
        assert_eq!(hall.position("I-002".parse().unwrap()), Position::Waiting { ahead: 2, now_serving: Some(serving) });
        assert_eq!(hall.position("D-011".parse().unwrap()), Position::Called(serving));
        assert_eq!(hall.position("D-010".parse().unwrap()), Position::Gone);
    }

    #[test]
    fn a_desk_is_any_whole_json_number() {
        let sign_in = |desk: &str| {
            serde_json::from_str::<StaffSignIn>(&format!(r#"{{"username":"a","password":"b","desk":{desk}}}"#))
                .map(|s| s.desk)
        };
        assert_eq!(sign_in("2").unwrap(), 2);
        assert_eq!(sign_in("68.0").unwrap(), 68);
        assert!(sign_in("2.5").is_err() && sign_in("-1").is_err() && sign_in("\"2\"").is_err());
    }

    #[test]
    fn an_action_names_its_path_and_its_number() {
        let d14: QueueNumber = "D-014".parse().unwrap();
        assert_eq!(StaffAction::CallNext.path(), "/staff/queue/call-next");
        assert_eq!(StaffAction::CallNext.number(), None);
        assert_eq!(StaffAction::CallAgain(d14).path(), "/staff/queue/tickets/D-014/call-again");
        assert_eq!(StaffAction::Transfer(d14, "imigrasi".into()).path(), "/staff/queue/tickets/D-014/transfer");
        assert_eq!(StaffAction::Priority(d14, Priority::Lansia).number(), Some(d14));
        assert_eq!(StaffAction::Absent(d14).name(), "absent");
    }

    #[test]
    fn the_views_are_numbers_and_counters_only() {
        let json = serde_json::to_value(hall()).unwrap();
        assert_eq!(json["counters"][0]["waiting"][3], "D-014");
        assert_eq!(json["counters"][0]["serving"][0]["desk"], 2);
        let origin = serde_json::to_value(booked(20)).unwrap();
        assert_eq!(origin, serde_json::json!({ "booked": { "slot_start": "2026-12-07T01:20:00Z" } }));
        assert_eq!(serde_json::to_value(Priority::IbuHamil).unwrap(), "ibu_hamil");
    }
}
