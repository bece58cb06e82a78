//! Bookings on PostgreSQL, made in batches. A request hands its booking to this instance's
//! queue; its worker takes every booking waiting (up to [`MAX_BATCH`]) and makes them in one
//! call of the database function `antrean_make_bookings` (migrations/postgres/0007): one round
//! trip, one transaction and one commit for the batch, and about a dozen statements whatever its
//! size. The function decides each booking in turn on what it read, as a single booking would be
//! decided, and writes what it decided: a refused booking is simply not written.
//!
//! What only the writes can find (a NIK, key or code that another instance wrote after the batch
//! read, a foreign key, a lock cycle) fails the whole call; the worker then makes each booking of
//! that batch alone, so one booking's error is that booking's alone.
//!
//! Nothing waits to fill a batch: the worker, when free, takes what is there, one booking when the
//! server is quiet. Batches grow only when bookings arrive faster than the database commits them,
//! which is when the per-transaction work (half of PostgreSQL's CPU for a single booking) matters.
//! On SQLite the same queue feeds a writer that commits its bookings in groups (`booking_group`).

use std::fmt;
use std::sync::Arc;

use antrean_core::api::Booking;
use antrean_core::booking_code::BookingCode;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot, Mutex};

use super::bookings::{Created, NewBooking};
use super::engine::Engine;
use super::place::instant;
use super::{booking_group, engine, BookingError, Refusal, Storage, StorageError};
use crate::crypto::sha256_hex;

/// At most this many bookings in one call, so that one batch holds its places' usage rows for a
/// few milliseconds at most.
const MAX_BATCH: usize = 32;

/// Bookings waiting for a worker, at most; a request beyond waits to hand its booking over.
const QUEUE_LENGTH: usize = 1024;

/// The call; its rows are the bookings' answers, by position in the batch (from 1).
const MAKE_BOOKINGS: &str = "SELECT item, outcome, request_hash, booking_code, response
    FROM antrean_make_bookings($1)";

/// Between two bookings of a batch (U+001E), and between two fields of a booking (U+001F).
const BOOKING_SEPARATOR: char = '\u{1e}';
const FIELD_SEPARATOR: char = '\u{1f}';

/// One booking as the database function reads it (a `antrean_booking_request`).
pub(super) struct Request<'a> {
    pub(super) key_hash: &'a str,
    pub(super) request_hash: &'a str,
    pub(super) code: &'a str,
    pub(super) token_hash: &'a str,
    pub(super) mpp: &'a str,
    pub(super) counter: &'a str,
    pub(super) service: &'a str,
    pub(super) slot_start: &'a str,
    pub(super) local_date: &'a str,
    pub(super) capacity: i64,
    pub(super) quota: i64,
    pub(super) hold: Option<&'a str>,
    pub(super) nik_hash: &'a str,
    pub(super) applicant: &'a str,
    pub(super) answers: &'a str,
    pub(super) document: &'a str,
    /// The request's time by the database's clock, as every other write uses it.
    pub(super) now: &'a str,
}

impl Request<'_> {
    /// The booking as one line of the function's input: its fields in the type's order, without
    /// escaping, so a field that holds a separator is refused (JSON text never does: serde_json
    /// escapes control characters; the rest are hashes, identifiers, numbers and times).
    pub(super) fn line(&self) -> Result<String, StorageError> {
        let (capacity, quota) = (self.capacity.to_string(), self.quota.to_string());
        let fields = [
            self.key_hash,
            self.request_hash,
            self.code,
            self.token_hash,
            self.mpp,
            self.counter,
            self.service,
            self.slot_start,
            self.local_date,
            &capacity,
            &quota,
            self.hold.unwrap_or(""),
            self.nik_hash,
            self.applicant,
            self.answers,
            self.document,
            self.now,
        ];
        let mut line = String::with_capacity(fields.iter().map(|field| field.len() + 1).sum());
        for (i, field) in fields.into_iter().enumerate() {
            if field.contains([BOOKING_SEPARATOR, FIELD_SEPARATOR]) {
                return Err(StorageError::Batch(format!("field {} of a booking holds a control character", i + 1)));
            }
            if i > 0 {
                line.push(FIELD_SEPARATOR);
            }
            line.push_str(field);
        }
        Ok(line)
    }
}

/// What the database answered for one booking.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Answer {
    Created,
    /// The key's earlier answer: `(request hash, booking code, response)`.
    Earlier((String, String, String)),
    Refused(Refusal),
    /// The random code was taken: draw another.
    CodeTaken,
    /// A concurrent writer got in the way (a lock cycle, or a twin request that stored the key's
    /// answer or booked the NIK first): send again, and what it stored is found.
    TryAgain(String),
    /// The booking failed for a reason that another try would not change.
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
            (other, _) => Answer::Failed(format!("the database answered \"{other}\" for a booking")),
        }
    }

    /// The answer of a booking whose call failed.
    pub(super) fn of_error(error: &sqlx::Error) -> Answer {
        let reason = match error {
            sqlx::Error::Database(database) => match database.code() {
                Some(state) => format!("{error} (SQLSTATE {state})"),
                None => error.to_string(),
            },
            _ => error.to_string(),
        };
        if engine::retryable(error) {
            Answer::TryAgain(reason)
        } else {
            Answer::Failed(reason)
        }
    }
}

/// A booking ready to be made: its request, its drawn code with its manage token, the document to
/// store and the request's time (by the database's clock).
pub(super) struct Pending {
    pub(super) new: NewBooking,
    pub(super) code: BookingCode,
    pub(super) token: String,
    pub(super) stored: String,
    pub(super) now: String,
}

impl Pending {
    /// The booking as a line of the PostgreSQL function's input.
    fn line(&self) -> Result<String, StorageError> {
        let (new, place) = (&self.new, &self.new.place);
        let token_hash = sha256_hex(self.token.as_bytes());
        let (slot_start, local_date) = (instant(place.slot_start), place.local_date.to_string());
        Request {
            key_hash: &new.key_hash,
            request_hash: &new.request_hash,
            code: self.code.as_str(),
            token_hash: &token_hash,
            mpp: place.mpp(),
            counter: place.counter(),
            service: place.service(),
            slot_start: &slot_start,
            local_date: &local_date,
            capacity: i64::from(place.limits.capacity),
            quota: place.limits.daily_quota.map_or(i64::MAX, i64::from),
            hold: new.hold.as_deref(),
            nik_hash: &new.nik_hash,
            applicant: &new.applicant_json,
            answers: &new.answers_json,
            document: &self.stored,
            now: &self.now,
        }
        .line()
    }
}

/// A booking handed to the worker, and where its answer goes.
pub(super) struct Job {
    pub(super) pending: Pending,
    pub(super) answer: oneshot::Sender<Answer>,
}

/// This instance's queue of bookings, and its worker: batches on PostgreSQL, groups on SQLite.
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
    /// Starts the worker on `pool` (on SQLite, writing behind `write_lock`, the process's one
    /// writer). It stops when the last clone of the queue is dropped, or the pool is closed.
    pub(super) fn start(pool: &AnyPool, engine: Engine, write_lock: Arc<Mutex<()>>) -> BookingQueue {
        let (jobs, waiting) = mpsc::channel(QUEUE_LENGTH);
        match engine {
            Engine::Postgres => tokio::spawn(work(pool.clone(), waiting)),
            Engine::Sqlite => tokio::spawn(booking_group::work(pool.clone(), write_lock, waiting)),
        };
        BookingQueue { jobs }
    }

    /// Hands one booking to the worker and waits for its answer.
    async fn submit(&self, pending: Pending) -> Answer {
        let (answer, answered) = oneshot::channel();
        if self.jobs.send(Job { pending, answer }).await.is_err() {
            return Answer::Failed("the server is stopping".to_owned());
        }
        answered.await.unwrap_or_else(|_| Answer::Failed("the booking's batch was abandoned".to_owned()))
    }
}

/// The next bookings to make together: the first one awaited, then every one waiting, up to
/// `max`. `None` when the queue is closed.
pub(super) async fn next_batch(waiting: &mut mpsc::Receiver<Job>, max: usize) -> Option<Vec<Job>> {
    let first = waiting.recv().await?;
    let mut batch = Vec::with_capacity(max);
    batch.push(first);
    while batch.len() < max {
        match waiting.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    Some(batch)
}

/// The worker: takes every booking waiting, makes them in one call, hands out the answers, and
/// again.
async fn work(pool: AnyPool, mut waiting: mpsc::Receiver<Job>) {
    while let Some(batch) = next_batch(&mut waiting, MAX_BATCH).await {
        if pool.is_closed() {
            for job in batch {
                let _ = job.answer.send(Answer::Failed("the database pool is closed".to_owned()));
            }
            return;
        }
        // A booking that cannot be written as a line is answered at once; the rest make the batch.
        let mut lines = Vec::with_capacity(batch.len());
        let mut jobs = Vec::with_capacity(batch.len());
        for job in batch {
            match job.pending.line() {
                Ok(line) => {
                    lines.push(line);
                    jobs.push(job);
                }
                Err(error) => {
                    let _ = job.answer.send(Answer::Failed(error.to_string()));
                }
            }
        }
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let answers = make(&pool, &lines).await;
        for (job, answer) in jobs.into_iter().zip(answers) {
            let _ = job.answer.send(answer);
        }
    }
}

/// Each booking's answer, by position: the batch in one call; when that call fails for a reason
/// that may be one booking's (see [`may_be_one_bookings`]), each booking alone, so that the error
/// is only that booking's.
pub(super) async fn make(pool: &AnyPool, lines: &[&str]) -> Vec<Answer> {
    match call(pool, lines).await {
        Ok(answers) => answers,
        Err(error) if lines.len() > 1 && may_be_one_bookings(&error) => {
            let mut answers = Vec::with_capacity(lines.len());
            for line in lines {
                answers.extend(
                    call(pool, std::slice::from_ref(line)).await.unwrap_or_else(|error| vec![Answer::of_error(&error)]),
                );
            }
            answers
        }
        Err(error) => lines.iter().map(|_| Answer::of_error(&error)).collect(),
    }
}

/// Whether a failed call may be the doing of one of its bookings, so that making each alone finds
/// it: a constraint (SQLSTATE class 23: another instance wrote the same NIK, key or code after the
/// batch read; a foreign key), bad data (class 22) or a lock cycle (40P01). A lock waited for past
/// lock_timeout, a cancelled statement or a lost connection would only repeat for each booking (a
/// stuck writer would then hold the instance's bookings for 3 s each): every booking is answered
/// with the error instead, and its request sends it again if the error says so.
fn may_be_one_bookings(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(database) => {
            database.code().is_some_and(|state| state.starts_with("23") || state.starts_with("22") || state == "40P01")
        }
        _ => false,
    }
}

/// One call of the function for `lines`: an answer for each, by position.
async fn call(pool: &AnyPool, lines: &[&str]) -> Result<Vec<Answer>, sqlx::Error> {
    let separator = BOOKING_SEPARATOR.to_string();
    type Row = (i64, String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(MAKE_BOOKINGS).bind(lines.join(&separator)).fetch_all(pool).await?;
    let mut answers: Vec<Option<Answer>> = lines.iter().map(|_| None).collect();
    for (item, outcome, request_hash, code, response) in rows {
        let slot = usize::try_from(item).ok().and_then(|i| i.checked_sub(1)).and_then(|i| answers.get_mut(i));
        if let Some(slot) = slot {
            *slot = Some(Answer::of_row(&outcome, (request_hash, code, response)));
        }
    }
    Ok(answers
        .into_iter()
        .map(|answer| answer.unwrap_or_else(|| Answer::Failed("the database gave no answer for a booking".to_owned())))
        .collect())
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
        let mut attempt = 1u32;
        loop {
            let mut drawn = self.draw(new, document)?;
            let pending = Pending {
                new: new.clone(),
                code: drawn.booking.code.clone(),
                token: drawn.token.clone(),
                stored: std::mem::take(&mut drawn.stored),
                now: now.clone(),
            };
            match queue.submit(pending).await {
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
        let earlier = (Some("r".to_owned()), Some("AB12".to_owned()), Some("{}".to_owned()));
        assert_eq!(
            Answer::of_row("earlier", earlier),
            Answer::Earlier(("r".to_owned(), "AB12".to_owned(), "{}".to_owned()))
        );
        // An earlier answer without its parts, or an outcome this server does not know, fails
        // the booking instead of guessing.
        assert!(matches!(Answer::of_row("earlier", none()), Answer::Failed(_)));
        assert!(matches!(Answer::of_row("booked", none()), Answer::Failed(_)));
        assert!(matches!(Answer::of_row("try_again", none()), Answer::Failed(_)));
    }

    fn request<'a>(applicant: &'a str, hold: Option<&'a str>) -> Request<'a> {
        Request {
            key_hash: "key",
            request_hash: "request",
            code: "AB12CD34",
            token_hash: "token",
            mpp: "mpp-lebak",
            counter: "imigrasi",
            service: "paspor-baru-dewasa",
            slot_start: "2026-12-02T01:00:00Z",
            local_date: "2026-12-02",
            capacity: 5,
            quota: i64::MAX,
            hold,
            nik_hash: "nik",
            applicant,
            answers: "{}",
            document: "{\"code\":\"AB12CD34\"}",
            now: "2026-12-02T00:00:00Z",
        }
    }

    #[test]
    fn a_booking_is_one_line_of_its_seventeen_fields_unescaped() {
        let line = request(r#"{"full_name":"Siti \"Ani\""}"#, None).line().unwrap();
        let fields: Vec<&str> = line.split(FIELD_SEPARATOR).collect();
        assert_eq!(fields.len(), 17);
        assert_eq!(fields[9..12], ["5", "9223372036854775807", ""], "capacity, quota, no hold");
        assert_eq!(fields[13], r#"{"full_name":"Siti \"Ani\""}"#, "JSON as it is");
        assert_eq!(fields[15], r#"{"code":"AB12CD34"}"#);
        let held = request("{}", Some("hold-1")).line().unwrap();
        assert_eq!(held.split(FIELD_SEPARATOR).nth(11), Some("hold-1"));
    }

    #[test]
    fn a_field_that_holds_a_separator_is_refused() {
        for text in ["a\u{1e}b", "a\u{1f}b"] {
            let error = request(text, None).line().unwrap_err();
            assert_eq!(
                error.to_string(),
                StorageError::Batch("field 14 of a booking holds a control character".to_owned()).to_string()
            );
        }
    }
}
