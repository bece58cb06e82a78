//! Bookings on PostgreSQL, made in batches. A request hands its booking to this instance's
//! queue; its worker takes every booking waiting (up to [`MAX_BATCH`]) and makes them in one
//! call of the database function `antrean_create_bookings` (migrations/postgres/0006): one round
//! trip, one transaction and one commit for the batch, each booking in a subtransaction of its own,
//! so that one refusal gives back only what that booking took.
//!
//! Nothing waits to fill a batch: the worker, when free, takes what is there, one booking when the
//! server is quiet. Batches grow only when bookings arrive faster than the database commits them,
//! which is when the per-transaction work (half of PostgreSQL's CPU for a single booking) matters.
//! SQLite, in-process with one writer, keeps its transaction per booking.

use std::fmt;

use antrean_core::api::Booking;
use antrean_core::booking_code::BookingCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use super::bookings::{Created, NewBooking};
use super::place::instant;
use super::{engine, BookingError, Refusal, Storage, StorageError};
use crate::crypto::sha256_hex;

/// At most this many bookings in one call: each is a subtransaction, and PostgreSQL keeps up to 64
/// of a transaction's subtransactions in shared memory before it spills them to disk.
const MAX_BATCH: usize = 32;

/// Bookings waiting for a worker, at most; a request beyond waits to hand its booking over.
const QUEUE_LENGTH: usize = 1024;

/// The call; its rows are the bookings' answers, by position in the batch (from 1).
const CREATE_BOOKINGS: &str = "SELECT item, outcome, request_hash, booking_code, response
    FROM antrean_create_bookings($1::json)";

/// One booking as the database function reads it (a `antrean_booking_request`).
#[derive(Serialize)]
struct Request<'a> {
    key_hash: &'a str,
    request_hash: &'a str,
    code: &'a str,
    token_hash: String,
    mpp: &'a str,
    counter: &'a str,
    service: &'a str,
    slot_start: String,
    local_date: String,
    capacity: i64,
    quota: i64,
    hold: Option<&'a str>,
    nik_hash: &'a str,
    applicant: &'a str,
    answers: &'a str,
    document: &'a str,
    now: &'a str,
}

/// What the database answered for one booking.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Created,
    /// The key's earlier answer: `(request hash, booking code, response)`.
    Earlier((String, String, String)),
    Refused(Refusal),
    /// The random code was taken: draw another.
    CodeTaken,
    /// A concurrent writer got in the way (a deadlock, or a twin request that stored the key's
    /// answer first): send again, and the key's answer, if any, is found.
    TryAgain(String),
    /// The batch failed for a reason that another try would not change.
    Failed(String),
}

impl Answer {
    /// An answer row: `outcome` and the key's earlier answer when there is one.
    fn of_row(outcome: &str, earlier: (Option<String>, Option<String>, Option<String>)) -> Answer {
        match (outcome, earlier) {
            ("created", _) => Answer::Created,
            ("earlier", (Some(request_hash), Some(code), Some(response))) => {
                Answer::Earlier((request_hash, code, response))
            }
            ("slot_full", _) => Answer::Refused(Refusal::SlotFull),
            ("day_full", _) => Answer::Refused(Refusal::DayFull),
            ("duplicate_nik", _) => Answer::Refused(Refusal::DuplicateNik),
            ("code_taken", _) => Answer::CodeTaken,
            ("try_again", _) => {
                Answer::TryAgain("a request with the same key was stored first, or a lock was in the way".to_owned())
            }
            (other, _) => match other.strip_prefix("failed:") {
                Some(state) => Answer::Failed(format!("the database refused the booking (SQLSTATE {state})")),
                None => Answer::Failed(format!("the database answered \"{other}\" for a booking")),
            },
        }
    }

    /// Every booking's answer when the whole call failed.
    fn of_error(error: &sqlx::Error) -> Answer {
        if engine::retryable(error) {
            Answer::TryAgain(error.to_string())
        } else {
            Answer::Failed(error.to_string())
        }
    }
}

/// A booking handed to the worker: its request as a JSON object, and where its answer goes.
struct Job {
    request: String,
    answer: oneshot::Sender<Answer>,
}

/// This instance's queue of bookings for PostgreSQL, and its worker.
///
/// One worker: its batches are as large as the bookings waiting allow, and each batch is a
/// transaction. Two workers, each for half of the days (so that their batches never wait on each
/// other's rows), made smaller batches and fewer bookings per second on this machine, with one
/// instance and with two (see the README's "Throughput").
#[derive(Clone)]
pub(super) struct BookingQueue {
    jobs: mpsc::Sender<Job>,
}

impl fmt::Debug for BookingQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BookingQueue").field("waiting", &(QUEUE_LENGTH - self.jobs.capacity())).finish()
    }
}

impl BookingQueue {
    /// Starts the worker on `pool`. It stops when the last clone of the queue is dropped, or the
    /// pool is closed.
    pub(super) fn start(pool: &AnyPool) -> BookingQueue {
        let (jobs, waiting) = mpsc::channel(QUEUE_LENGTH);
        tokio::spawn(work(pool.clone(), waiting));
        BookingQueue { jobs }
    }

    /// Hands one booking to the worker and waits for its answer.
    async fn submit(&self, request: String) -> Answer {
        let (answer, answered) = oneshot::channel();
        if self.jobs.send(Job { request, answer }).await.is_err() {
            return Answer::Failed("the server is stopping".to_owned());
        }
        answered.await.unwrap_or_else(|_| Answer::Failed("the booking's batch was abandoned".to_owned()))
    }
}

/// The worker: takes every booking waiting (the first one awaited, the rest as they
/// are), makes them in one call, hands out the answers, and again.
async fn work(pool: AnyPool, mut waiting: mpsc::Receiver<Job>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if pool.is_closed() {
            for job in batch {
                let _ = job.answer.send(Answer::Failed("the database pool is closed".to_owned()));
            }
            return;
        }
        make(&pool, batch).await;
    }
}

/// One call for the batch; each booking's answer to its request.
async fn make(pool: &AnyPool, batch: Vec<Job>) {
    let mut items = String::with_capacity(batch.iter().map(|job| job.request.len() + 1).sum::<usize>() + 2);
    items.push('[');
    for (i, job) in batch.iter().enumerate() {
        if i > 0 {
            items.push(',');
        }
        items.push_str(&job.request);
    }
    items.push(']');
    type Row = (i64, String, Option<String>, Option<String>, Option<String>);
    let rows: Result<Vec<Row>, sqlx::Error> = sqlx::query_as(CREATE_BOOKINGS).bind(items).fetch_all(pool).await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(error) => {
            for job in batch {
                let _ = job.answer.send(Answer::of_error(&error));
            }
            return;
        }
    };
    let mut answers: Vec<Option<Answer>> = batch.iter().map(|_| None).collect();
    for (item, outcome, request_hash, code, response) in rows {
        let slot = usize::try_from(item).ok().and_then(|i| i.checked_sub(1)).and_then(|i| answers.get_mut(i));
        if let Some(slot) = slot {
            *slot = Some(Answer::of_row(&outcome, (request_hash, code, response)));
        }
    }
    for (job, answer) in batch.into_iter().zip(answers) {
        let answer = answer.unwrap_or_else(|| Answer::Failed("the database gave no answer for a booking".to_owned()));
        let _ = job.answer.send(answer);
    }
}

impl Storage {
    /// Creates a booking, or finds the key's earlier answer, through the instance's queue; sent
    /// again (at most `engine::MAX_ATTEMPTS` times) when a concurrent writer got in the way or the
    /// drawn code was taken.
    pub(super) async fn create_booking_in_batch(
        &self,
        queue: &BookingQueue,
        new: &NewBooking,
        now: DateTime<Utc>,
        document: &(dyn Fn(&BookingCode) -> Booking + Sync),
    ) -> Result<Created, BookingError> {
        let now = instant(now);
        let place = &new.place;
        let mut attempt = 1u32;
        loop {
            let drawn = self.draw(new, document)?;
            let request = serde_json::to_string(&Request {
                key_hash: &new.key_hash,
                request_hash: &new.request_hash,
                code: drawn.booking.code.as_str(),
                token_hash: sha256_hex(drawn.token.as_bytes()),
                mpp: place.mpp(),
                counter: place.counter(),
                service: place.service(),
                slot_start: instant(place.slot_start),
                local_date: place.local_date.to_string(),
                capacity: i64::from(place.limits.capacity),
                quota: place.limits.daily_quota.map_or(i64::MAX, i64::from),
                hold: new.hold.as_deref(),
                nik_hash: &new.nik_hash,
                applicant: &new.applicant_json,
                answers: &new.answers_json,
                document: &drawn.stored,
                now: &now,
            })?;
            match queue.submit(request).await {
                Answer::Created => return Ok(drawn.created()),
                Answer::Earlier(earlier) => return self.replay(new, earlier),
                Answer::Refused(refusal) => return Err(refusal.into()),
                Answer::CodeTaken | Answer::TryAgain(_) if attempt < engine::MAX_ATTEMPTS => {
                    attempt += 1;
                    super::back_off(attempt).await;
                }
                Answer::CodeTaken => {
                    return Err(StorageError::Batch("every booking code drawn was taken".to_owned()).into())
                }
                Answer::TryAgain(reason) | Answer::Failed(reason) => return Err(StorageError::Batch(reason).into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_of_the_database_is_an_answer() {
        let none = || (None, None, None);
        assert_eq!(Answer::of_row("created", none()), Answer::Created);
        assert_eq!(Answer::of_row("slot_full", none()), Answer::Refused(Refusal::SlotFull));
        assert_eq!(Answer::of_row("day_full", none()), Answer::Refused(Refusal::DayFull));
        assert_eq!(Answer::of_row("duplicate_nik", none()), Answer::Refused(Refusal::DuplicateNik));
        assert_eq!(Answer::of_row("code_taken", none()), Answer::CodeTaken);
        assert!(matches!(Answer::of_row("try_again", none()), Answer::TryAgain(_)));
        assert_eq!(
            Answer::of_row("failed:23503", none()),
            Answer::Failed("the database refused the booking (SQLSTATE 23503)".to_owned())
        );
        let earlier = (Some("r".to_owned()), Some("AB12".to_owned()), Some("{}".to_owned()));
        assert_eq!(
            Answer::of_row("earlier", earlier),
            Answer::Earlier(("r".to_owned(), "AB12".to_owned(), "{}".to_owned()))
        );
        // An earlier answer without its parts, or an outcome this server does not know, fails
        // the booking instead of guessing.
        assert!(matches!(Answer::of_row("earlier", none()), Answer::Failed(_)));
        assert!(matches!(Answer::of_row("booked", none()), Answer::Failed(_)));
    }
}
