//! Bookings on SQLite, committed in groups. SQLite makes one write at a time, and with
//! `synchronous = FULL` every commit waits for the disk, which was about half of a booking's time
//! (see the README's "Throughput"). The writer takes every booking waiting in the queue (up to
//! [`MAX_GROUP`]) and makes them in one transaction, each behind a savepoint of its own: a refusal
//! rolls back to its savepoint and the others are kept, and one commit covers the group.
//!
//! Each booking goes through the same steps, in the same order, as one booking alone
//! (`Storage::create_booking_in`), with its code already drawn by its request.

use std::sync::Arc;

use sqlx::{AnyConnection, AnyPool};
use tokio::sync::{mpsc, Mutex};

use super::booking_batch::{next_batch, Answer, Job, Pending};
use super::bookings::{earlier_answer, insert_booking, record_answer, take_place};
use super::engine::Engine;
use super::{BookingError, StorageError};

/// At most this many bookings in one transaction: the write lock is held for a few milliseconds.
pub(super) const MAX_GROUP: usize = 32;

/// The writer: takes every booking waiting, makes them in one transaction behind the process's write lock, hands out the answers, and again.
pub(super) async fn work(pool: AnyPool, write_lock: Arc<Mutex<()>>, mut waiting: mpsc::Receiver<Job>) {
    while let Some(group) = next_batch(&mut waiting, MAX_GROUP).await {
        let answers = {
            let _writing = write_lock.lock().await;
            make(&pool, &group).await
        };
        for (job, answer) in group.into_iter().zip(answers) {
            let _ = job.answer.send(answer);
        }
    }
}

/// Each booking's answer, by position. If the transaction cannot start or commit, or a booking
/// fails in a way that may have ended it (see [`make_one`]), nothing of the group is kept and
/// every booking is answered with that error (its request sends it again if the error says so).
pub(super) async fn make(pool: &AnyPool, group: &[Job]) -> Vec<Answer> {
    let every = |error: &sqlx::Error| group.iter().map(|_| Answer::of_error(error)).collect();
    let mut tx = match pool.begin_with(Engine::Sqlite.begin_write()).await {
        Ok(tx) => tx,
        Err(error) => return every(&error),
    };
    let mut answers = Vec::with_capacity(group.len());
    for job in group {
        match make_one(&mut tx, &job.pending).await {
            Ok(answer) => answers.push(answer),
            Err(error) => {
                // A rollback that fails leaves nothing either: the connection's transaction ends.
                let _ = tx.rollback().await;
                return every(&error);
            }
        }
    }
    match tx.commit().await {
        Ok(()) => answers,
        Err(error) => every(&error),
    }
}

/// One booking behind its savepoint: kept when made, rolled back to the savepoint when refused or
/// when it breaks a constraint of its own (a foreign key, a check). Any other database error (the
/// disk full, an I/O error) may have rolled back SQLite's whole transaction, after which a
/// savepoint would start a transaction of its own: it is returned, and the group stops.
async fn make_one(conn: &mut AnyConnection, pending: &Pending) -> Result<Answer, sqlx::Error> {
    sqlx::query("SAVEPOINT booking").execute(&mut *conn).await?;
    let answer = match steps(conn, pending).await {
        Ok(answer) => answer,
        Err(BookingError::Refused(refusal)) => Answer::Refused(refusal),
        Err(BookingError::Storage(StorageError::Sql(error))) if is_constraint(&error) => Answer::of_error(&error),
        Err(BookingError::Storage(StorageError::Sql(error))) => return Err(error),
        Err(other) => Answer::Failed(other.to_string()),
    };
    if answer != Answer::Created {
        sqlx::query("ROLLBACK TO booking").execute(&mut *conn).await?;
    }
    sqlx::query("RELEASE booking").execute(&mut *conn).await?;
    Ok(answer)
}

/// SQLite's SQLITE_CONSTRAINT (primary result code 19, the low byte of its extended codes).
fn is_constraint(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(database) => {
            database.code().and_then(|code| code.parse::<i32>().ok()).is_some_and(|code| code & 0xff == 19)
        }
        _ => false,
    }
}

/// The steps of `Storage::create_booking_in`, with the code drawn by the request.
async fn steps(conn: &mut AnyConnection, pending: &Pending) -> Result<Answer, BookingError> {
    let new = &pending.new;
    if let Some(earlier) = earlier_answer(&mut *conn, new).await? {
        return Ok(Answer::Earlier(earlier));
    }
    take_place(conn, new, &pending.now).await?;
    if !insert_booking(conn, new, &pending.code, &pending.token, &pending.stored, &pending.now).await? {
        return Ok(Answer::CodeTaken);
    }
    record_answer(conn, new, &pending.code, &pending.stored, &pending.now).await?;
    Ok(Answer::Created)
}
