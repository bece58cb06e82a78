//! The views of an MPP's queue of the day, built from what the storage read ([`QueueDay`]): the
//! hall's ([`HallQueue`], also each event of its stream) and a desk's ([`StaffQueue`]). Numbers and
//! counters only: nothing of the citizens is read, so nothing can leak.

use antrean_core::calling::{
    call_order, Call, CounterQueue, CounterRef, HallQueue, StaffQueue, TicketState, WaitingTicket, RECENT_CALLS,
};
use antrean_core::directory::Mpp;
use antrean_core::queue::QueueLetter;
use antrean_core::text::Text;
use chrono::NaiveDate;

use crate::storage::{DayTicket, QueueDay};

/// Calls latest first (the same second: the higher number first, as it was called later).
fn latest_first(calls: &mut [Call]) {
    calls.sort_by(|a, b| b.called_at.cmp(&a.called_at).then_with(|| b.number.cmp(&a.number)));
}

/// The waiting tickets at `counter`, in calling order.
pub fn waiting_at(tickets: &[DayTicket], counter: &str) -> Vec<WaitingTicket> {
    let mut waiting: Vec<WaitingTicket> = tickets
        .iter()
        .filter(|t| t.counter == counter && t.state == TicketState::Waiting)
        .map(|t| t.ticket.clone())
        .collect();
    call_order(&mut waiting);
    waiting
}

/// The numbers being served at `counter`, latest call first.
pub fn serving_at(tickets: &[DayTicket], counter: &str) -> Vec<Call> {
    let mut serving: Vec<Call> = tickets
        .iter()
        .filter(|t| t.counter == counter && t.state == TicketState::Called)
        .filter_map(|t| t.call)
        .collect();
    latest_first(&mut serving);
    serving
}

fn counter_queue(tickets: &[DayTicket], id: &str, name: Text, letter: QueueLetter) -> CounterQueue {
    let mut recent: Vec<Call> = tickets.iter().filter(|t| t.counter == id).filter_map(|t| t.call).collect();
    latest_first(&mut recent);
    recent.truncate(RECENT_CALLS);
    CounterQueue {
        counter: id.to_owned(),
        counter_name: name,
        letter,
        serving: serving_at(tickets, id),
        recent,
        waiting: waiting_at(tickets, id).into_iter().map(|t| t.number).collect(),
    }
}

/// The hall's view: every counter that gave numbers today or has numbers sent to it, in the MPP's order (a counter gone from
/// the data, last, named by its id).
pub fn hall_queue(mpp: &Mpp, local_date: NaiveDate, day: &QueueDay) -> HallQueue {
    let mut counters: Vec<CounterQueue> = mpp
        .counters
        .iter()
        .filter(|c| day.tickets.iter().any(|t| t.counter == c.id || t.issued_by == c.id))
        .map(|c| counter_queue(&day.tickets, &c.id, c.name.clone(), c.queue_letter()))
        .collect();
    let mut gone: Vec<&str> =
        day.tickets.iter().map(|t| t.counter.as_str()).filter(|id| mpp.counter(id).is_none()).collect();
    gone.sort_unstable();
    gone.dedup();
    for id in gone {
        let name = Text { id: id.to_owned(), en: id.to_owned() };
        counters.push(counter_queue(&day.tickets, id, name, QueueLetter::derived_from(id)));
    }
    HallQueue { mpp: mpp.id.clone(), mpp_name: mpp.name.clone(), local_date, version: day.version, counters }
}

/// A desk's view of its counter.
pub fn staff_queue(mpp: &Mpp, counter: &str, desk: u16, day: &QueueDay) -> StaffQueue {
    let serving = serving_at(&day.tickets, counter);
    let counter_name =
        mpp.counter(counter).map_or_else(|| Text { id: counter.into(), en: counter.into() }, |c| c.name.clone());
    StaffQueue {
        counter: counter.to_owned(),
        counter_name,
        desk,
        current: serving.iter().find(|call| call.desk == desk).copied(),
        waiting: waiting_at(&day.tickets, counter),
        serving,
        transfer_to: mpp
            .counters
            .iter()
            .filter(|c| c.id != counter)
            .map(|c| CounterRef { id: c.id.clone(), name: c.name.clone() })
            .collect(),
        version: day.version,
    }
}
