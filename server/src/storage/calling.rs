//! Calling the queue: each number's state (waiting, called to a desk, served, absent), the counter
//! it waits at, and the version of an MPP's day that every queue change bumps in its transaction.
//!
//! Every staff action starts by bumping the MPP's `queue_change` row of the day, which the
//! transaction then holds locked until it commits (PostgreSQL's row lock; on SQLite the one writer):
//! two desks pressing "call next" at once, on any instance, take turns, and the second sees the
//! first's call. The chosen number is then updated only if it is still waiting, so even a writer
//! that skipped the lock could not call a number twice. Each action appends its audit row in the
//! same transaction: numbers, counters and staff only, nothing of the citizen.

use antrean_core::calling::{call_order, Call, Priority, StaffAction, TicketOrigin, TicketState, WaitingTicket};
use antrean_core::queue::{QueueLetter, QueueNumber};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::place::{instant, parse_instant};
use super::{BookingError, Refusal, Storage, StorageError};

/// A number of the day as the views need it.
#[derive(Clone, Debug, PartialEq)]
pub struct DayTicket {
    pub ticket: WaitingTicket,
    /// The counter that gave the number (part of its key).
    pub issued_by: String,
    /// The counter it waits at or is served at now.
    pub counter: String,
    pub state: TicketState,
    /// Its last call, if it was called at its current counter.
    pub call: Option<Call>,
}

/// An MPP's queue on one day: its version and every number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueDay {
    pub version: u64,
    pub tickets: Vec<DayTicket>,
}

/// The desk a member of staff acts from, on the MPP's day.
#[derive(Clone, Debug)]
pub struct Desk<'a> {
    pub username: &'a str,
    pub mpp: &'a str,
    pub counter: &'a str,
    pub desk: u16,
    pub day: NaiveDate,
}

const TICKETS: &str = "SELECT t.letter, t.number, t.counter_id, t.at_counter, t.state, t.desk, t.called_at, t.calls,
        t.priority, t.transferred_from, t.issued_at, b.slot_start
   FROM queue_ticket AS t LEFT JOIN booking AS b ON b.code = t.booking_code
  WHERE t.mpp_id = $1 AND t.local_date = $2";

#[derive(sqlx::FromRow)]
struct TicketRow {
    letter: String,
    number: i64,
    counter_id: String,
    at_counter: Option<String>,
    state: String,
    desk: Option<i64>,
    called_at: Option<String>,
    calls: i64,
    priority: Option<String>,
    transferred_from: Option<String>,
    issued_at: String,
    slot_start: Option<String>,
}

fn bad(what: &str) -> StorageError {
    StorageError::BadValue(what.to_owned())
}

pub(super) fn queue_number(letter: &str, number: i64) -> Result<QueueNumber, StorageError> {
    let wrong = || bad(&format!("queue number {letter}-{number}"));
    let letter = QueueLetter::try_from(letter.to_owned()).map_err(|_| wrong())?;
    QueueNumber::new(letter, u16::try_from(number).map_err(|_| wrong())?).map_err(|_| wrong())
}

/// A wire name (`ibu_hamil`, `waiting`) as the enum it names.
fn parse_name<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, StorageError> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| bad(name))
}

fn priority_name(priority: Priority) -> String {
    serde_json::to_value(priority).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

impl TryFrom<TicketRow> for DayTicket {
    type Error = StorageError;

    fn try_from(row: TicketRow) -> Result<Self, StorageError> {
        let number = queue_number(&row.letter, row.number)?;
        let origin = match row.slot_start {
            Some(slot) => TicketOrigin::Booked { slot_start: parse_instant(&slot)? },
            None => TicketOrigin::WalkIn,
        };
        let call = match (row.desk, row.called_at) {
            (Some(desk), Some(at)) => Some(Call {
                number,
                desk: u16::try_from(desk).map_err(|_| bad(&desk.to_string()))?,
                called_at: parse_instant(&at)?,
                calls: u16::try_from(row.calls).map_err(|_| bad(&row.calls.to_string()))?,
            }),
            _ => None,
        };
        Ok(DayTicket {
            ticket: WaitingTicket {
                number,
                origin,
                issued_at: parse_instant(&row.issued_at)?,
                priority: row.priority.as_deref().map(parse_name).transpose()?,
                transferred_from: row.transferred_from,
            },
            counter: row.at_counter.unwrap_or_else(|| row.counter_id.clone()),
            issued_by: row.counter_id,
            state: parse_name(&row.state)?,
            call,
        })
    }
}

/// Bumps the MPP's version of the day and returns it; the row stays locked until the transaction ends.
pub(super) async fn bump_version(conn: &mut AnyConnection, mpp: &str, day: NaiveDate) -> Result<u64, BookingError> {
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO queue_change (mpp_id, local_date, version) VALUES ($1, $2, 1)
         ON CONFLICT (mpp_id, local_date) DO UPDATE SET version = queue_change.version + 1
         RETURNING version",
    )
    .bind(mpp)
    .bind(day.to_string())
    .fetch_one(&mut *conn)
    .await?;
    u64::try_from(version).map_err(|_| bad(&version.to_string()).into())
}

async fn tickets_at(conn: &mut AnyConnection, desk: &Desk<'_>) -> Result<Vec<DayTicket>, BookingError> {
    let rows: Vec<TicketRow> = sqlx::query_as(&format!("{TICKETS} AND t.at_counter = $3"))
        .bind(desk.mpp)
        .bind(desk.day.to_string())
        .bind(desk.counter)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(DayTicket::try_from).collect::<Result<_, _>>()?)
}

/// A value bound to an update.
enum Value {
    Text(String),
    Integer(i64),
}

/// Sets columns of one ticket (by its key) if it is still in `state`; `false` if it was not.
async fn update_ticket(
    conn: &mut AnyConnection,
    desk: &Desk<'_>,
    ticket: &DayTicket,
    set: &str,
    binds: &[Value],
) -> Result<bool, BookingError> {
    let first = binds.len() + 1;
    let sql = format!(
        "UPDATE queue_ticket SET {set} WHERE mpp_id = ${first} AND counter_id = ${} AND local_date = ${} AND number = ${} AND state = ${}",
        first + 1,
        first + 2,
        first + 3,
        first + 4
    );
    let mut query = sqlx::query(&sql);
    for bind in binds {
        query = match bind {
            Value::Text(text) => query.bind(text.clone()),
            Value::Integer(number) => query.bind(*number),
        };
    }
    let state = serde_json::to_value(ticket.state)?.as_str().map(str::to_owned).unwrap_or_default();
    let done = query
        .bind(desk.mpp)
        .bind(ticket.issued_by.as_str())
        .bind(desk.day.to_string())
        .bind(i64::from(ticket.ticket.number.number()))
        .bind(state)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The ticket `number` at the desk's counter, if it is in one of `states`.
fn find(tickets: &[DayTicket], number: QueueNumber, states: &[TicketState]) -> Result<DayTicket, Refusal> {
    let ticket = tickets.iter().find(|t| t.ticket.number == number).ok_or(Refusal::TicketNotFound)?;
    if states.contains(&ticket.state) {
        Ok(ticket.clone())
    } else {
        Err(Refusal::TicketWrongState)
    }
}

/// Performs `action` in the locked transaction; the number it concerns, and the audit's detail.
async fn perform(
    conn: &mut AnyConnection,
    desk: &Desk<'_>,
    action: &StaffAction,
    now: &str,
) -> Result<(QueueNumber, Option<String>), BookingError> {
    let tickets = tickets_at(conn, desk).await?;
    let now = || Value::Text(now.to_owned());
    match action {
        StaffAction::CallNext => {
            let mut detail = None;
            let current =
                tickets.iter().find(|t| t.state == TicketState::Called && t.call.is_some_and(|c| c.desk == desk.desk));
            if let Some(current) = current {
                update_ticket(conn, desk, current, "state = 'served'", &[]).await?;
                detail = Some(format!("served {}", current.ticket.number));
            }
            let mut waiting: Vec<WaitingTicket> =
                tickets.iter().filter(|t| t.state == TicketState::Waiting).map(|t| t.ticket.clone()).collect();
            call_order(&mut waiting);
            let next = waiting.first().ok_or(Refusal::QueueEmpty)?;
            let ticket = find(&tickets, next.number, &[TicketState::Waiting])?;
            let set = "state = 'called', desk = $1, called_at = $2, calls = 1";
            if !update_ticket(conn, desk, &ticket, set, &[Value::Integer(i64::from(desk.desk)), now()]).await? {
                return Err(StorageError::BadValue(format!("{} was called by another desk", next.number)).into());
            }
            Ok((next.number, detail))
        }
        StaffAction::CallAgain(number) => {
            let ticket = find(&tickets, *number, &[TicketState::Called])?;
            update_ticket(conn, desk, &ticket, "called_at = $1, calls = calls + 1", &[now()]).await?;
            Ok((*number, None))
        }
        StaffAction::Served(number) | StaffAction::Absent(number) => {
            let ticket = find(&tickets, *number, &[TicketState::Called])?;
            let set = if matches!(action, StaffAction::Served(_)) { "state = 'served'" } else { "state = 'absent'" };
            update_ticket(conn, desk, &ticket, set, &[]).await?;
            Ok((*number, None))
        }
        StaffAction::Transfer(number, to) => {
            let ticket = find(&tickets, *number, &[TicketState::Waiting, TicketState::Called])?;
            let set =
                "state = 'waiting', at_counter = $1, transferred_from = $2, desk = NULL, called_at = NULL, calls = 0";
            update_ticket(conn, desk, &ticket, set, &[Value::Text(to.clone()), Value::Text(desk.counter.to_owned())])
                .await?;
            Ok((*number, Some(format!("to {to}"))))
        }
        StaffAction::Priority(number, priority) => {
            let ticket = find(&tickets, *number, &[TicketState::Waiting])?;
            let name = priority_name(*priority);
            update_ticket(conn, desk, &ticket, "priority = $1", &[Value::Text(name.clone())]).await?;
            Ok((*number, Some(name)))
        }
    }
}

impl Storage {
    /// An MPP's queue on `day`: its version (0 before the first number) and every number.
    pub async fn queue_day(&self, mpp: &str, day: NaiveDate) -> Result<QueueDay, StorageError> {
        let version = self.queue_version(mpp, day).await?;
        let rows: Vec<TicketRow> = sqlx::query_as(&format!("{TICKETS} ORDER BY t.issued_at, t.counter_id, t.number"))
            .bind(mpp)
            .bind(day.to_string())
            .fetch_all(&self.pool)
            .await?;
        let tickets = rows.into_iter().map(DayTicket::try_from).collect::<Result<_, _>>()?;
        Ok(QueueDay { version, tickets })
    }

    /// The version of an MPP's queue on `day` (0 before the first change): cheap enough to poll.
    pub async fn queue_version(&self, mpp: &str, day: NaiveDate) -> Result<u64, StorageError> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT version FROM queue_change WHERE mpp_id = $1 AND local_date = $2")
                .bind(mpp)
                .bind(day.to_string())
                .fetch_optional(&self.pool)
                .await?;
        let version = version.unwrap_or(0);
        u64::try_from(version).map_err(|_| bad(&version.to_string()))
    }

    /// The version of every MPP's queue on the days from `since` on, by (MPP, local day): what the
    /// hall streams' one poller per instance reads every second.
    pub async fn queue_versions_since(
        &self,
        since: NaiveDate,
    ) -> Result<std::collections::HashMap<(String, NaiveDate), u64>, StorageError> {
        let rows: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT mpp_id, local_date, version FROM queue_change WHERE local_date >= $1")
                .bind(since.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(mpp, day, version)| {
                let day = super::place::parse_date(&day)?;
                Ok(((mpp, day), u64::try_from(version).map_err(|_| bad(&version.to_string()))?))
            })
            .collect()
    }

    /// Performs a staff action at `desk` in one transaction with its audit row; the number it
    /// concerned. Refused: nothing waiting ([`Refusal::QueueEmpty`]), a number not at the desk's
    /// counter today ([`Refusal::TicketNotFound`]) or not in a state the action applies to.
    pub async fn staff_act(
        &self,
        desk: &Desk<'_>,
        action: &StaffAction,
        now: DateTime<Utc>,
    ) -> Result<QueueNumber, BookingError> {
        let now = instant(now);
        super::in_write_transaction!(self, |conn| async {
            bump_version(conn, desk.mpp, desk.day).await?;
            let (number, detail) = perform(conn, desk, action, &now).await?;
            sqlx::query(
                "INSERT INTO staff_audit (at, username, mpp_id, counter_id, desk, action, queue_number, detail)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(now.as_str())
            .bind(desk.username)
            .bind(desk.mpp)
            .bind(desk.counter)
            .bind(i64::from(desk.desk))
            .bind(action.name())
            .bind(number.to_string())
            .bind(detail)
            .execute(&mut *conn)
            .await?;
            Ok(number)
        })
    }
}
