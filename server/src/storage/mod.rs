//! All SQL lives here, behind [`Storage`]: handlers never see a query. The same queries run on
//! SQLite (the default: one file, one process) and PostgreSQL (several server instances on one
//! database); where the two differ, [`engine`] says how, once.
//!
//! SQLite runs in WAL mode with `synchronous = FULL`, PostgreSQL with its own durable commits: a
//! write that was answered survives a crash.
//!
//! - [`place`]: what the tables record of a place (key, slot, day, limits) and the usage counts;
//! - [`capacity`]: taking, releasing and counting the places of a slot and a day's quota;
//! - [`holds`]: places kept for a few minutes; [`bookings`]: bookings and idempotency records;
//! - [`check_in`]: check-ins and walk-ins, and their queue numbers per counter per day;
//! - [`calling`]: calling the numbers (each staff action, the MPP's version of the day);
//! - [`draw`]: draw mode's entries and the draw, made once;
//! - [`staff`]: staff accounts and sessions;
//! - [`secret`]: the key of NIK hashes, manage tokens and proofs; `clock`: the database's time;
//! - `copy`: moving a whole database to another (SQLite to PostgreSQL).
//!
//! Hashing and tokens are in `crate::crypto`.

mod booking_batch;
mod booking_group;
pub mod bookings;
pub mod calling;
mod capacity;
pub mod check_in;
mod clock;
mod copy;
pub mod draw;
pub mod engine;
pub mod holds;
pub mod place;
pub mod secret;
pub mod staff;
#[doc(hidden)]
pub mod test_database;

use std::sync::Arc;

use antrean_core::api::MppSummary;
use antrean_core::directory::Mpp;
use sqlx::{Any, AnyConnection, AnyPool};

use crate::crypto::CryptoError;
pub use bookings::{Created, NewBooking, StoredBooking};
pub use calling::{DayTicket, Desk, QueueDay};
pub use check_in::CheckInCandidate;
pub use copy::{copy_database, Copied};
pub use engine::Engine;
pub use holds::HoldRecord;
pub use place::{Limits, Place, Usage};
pub use secret::{Secret, SecretError};
pub use staff::{StaffAccount, StaffSessionRecord};

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unsupported database URL \"{0}\": use sqlite://path/to/file.sqlite3 or postgres://user@host/database")]
    UnsupportedUrl(String),
    #[error("cannot create the folder for the database file {path}: {source}")]
    CreateFolder { path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("database error in a batch of bookings: {0}")]
    Batch(String),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("a stored document could not be read back: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("a stored value could not be read back: {0}")]
    BadValue(String),
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
    #[error("the manage-token secret could not be used")]
    Secret,
    #[error("the configured secret is not the one this database was started with: every instance must use the same secret (see the README's \"Production\")")]
    SecretMismatch,
    #[error("this database's secret comes from a file: start with --secret-file (or ANTREAN_SECRET) like the other instances")]
    SecretRequired,
    #[error("the target database already holds bookings: copy into a new, empty database")]
    TargetNotEmpty,
}

impl From<CryptoError> for StorageError {
    fn from(error: CryptoError) -> Self {
        match error {
            CryptoError::Random(reason) => StorageError::Random(reason),
            CryptoError::Key => StorageError::Secret,
        }
    }
}

/// Why a booking, hold or reschedule was refused. Each is a `409` or `422` for the API.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the slot is full")]
    SlotFull,
    #[error("the day's quota for this service is full")]
    DayFull,
    #[error("this NIK already has an active booking for this service on that day")]
    DuplicateNik,
    #[error("this Idempotency-Key was used for a different request")]
    KeyReused,
    #[error("the booking is cancelled")]
    Cancelled,
    #[error("the counter has given every queue number of the day")]
    QueueFull,
    #[error("no number is waiting at the counter")]
    QueueEmpty,
    #[error("no such number at the counter today")]
    TicketNotFound,
    #[error("the number is not in a state this action applies to")]
    TicketWrongState,
    #[error("the draw is made: entries can no longer be made, changed or withdrawn")]
    DrawClosed,
    #[error("this NIK has already entered this draw")]
    DuplicateEntry,
    #[error("no such entry in this draw (withdrawn meanwhile)")]
    EntryNotFound,
}

/// A storage failure or a refusal.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for BookingError {
    fn from(error: sqlx::Error) -> Self {
        BookingError::Storage(StorageError::Sql(error))
    }
}

impl BookingError {
    /// Whether the transaction that failed this way may be tried again (see `engine::retryable`).
    fn is_retryable(&self) -> bool {
        matches!(self, BookingError::Storage(StorageError::Sql(error)) if engine::retryable(error))
    }
}

impl From<serde_json::Error> for BookingError {
    fn from(error: serde_json::Error) -> Self {
        BookingError::Storage(StorageError::Corrupt(error))
    }
}

/// How to open the database: the pool's size and the secret, if configured.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Connections in the pool (default: [`Engine::default_pool_size`]).
    pub pool_size: Option<u32>,
    /// The server's secret; without one, the database's own (see [`secret`]).
    pub secret: Option<Secret>,
}

/// The database behind the API.
#[derive(Clone, Debug)]
pub struct Storage {
    pool: AnyPool,
    engine: Engine,
    /// Serialises write transactions in this process on SQLite (one writer at a time anyway):
    /// waiters queue in order instead of polling SQLite's busy handler. Unused on PostgreSQL,
    /// where row locks serialise writers from every instance.
    write_lock: Arc<tokio::sync::Mutex<()>>,
    /// Keys the NIK hashes and derives manage tokens (see `bookings` and [`secret`]).
    secret: Arc<Secret>,
    /// Signs the booking proofs; derived from the secret (see [`secret`]).
    proof_signer: Arc<antrean_core::proof::ProofSigner>,
    clock: Arc<clock::Clock>,
    /// Bookings are made in batches on PostgreSQL (see [`booking_batch`]), committed in groups on
    /// SQLite (see [`booking_group`]).
    booking_queue: booking_batch::BookingQueue,
}

/// A write transaction: committed by [`WriteTx::finish`] on success, rolled back otherwise (also
/// when it is dropped, e.g. when a request is abandoned midway).
pub(super) struct WriteTx<'s> {
    _guard: Option<tokio::sync::MutexGuard<'s, ()>>,
    tx: sqlx::Transaction<'static, Any>,
}

impl WriteTx<'_> {
    pub(super) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Commits on success, rolls back on a refusal or failure.
    pub(super) async fn finish<T>(self, result: Result<T, BookingError>) -> Result<T, BookingError> {
        match result {
            Ok(value) => {
                self.tx.commit().await?;
                Ok(value)
            }
            Err(error) => {
                self.tx.rollback().await?;
                Err(error)
            }
        }
    }
}

/// Runs `$body` (an `async` block using the connection `$conn`) in a write transaction of
/// `$storage`, tried again from the start when the database says a concurrent writer got in the
/// way (see `engine::retryable`), at most `engine::MAX_ATTEMPTS` times.
macro_rules! in_write_transaction {
    ($storage:expr, |$conn:ident| $body:expr) => {{
        let mut attempt = 1u32;
        loop {
            let mut tx = $storage.begin_write().await?;
            let result = {
                let $conn: &mut sqlx::AnyConnection = tx.conn();
                $body.await
            };
            match tx.finish(result).await {
                Err(error) if error.is_retryable() && attempt < super::engine::MAX_ATTEMPTS => {
                    attempt += 1;
                    super::back_off(attempt).await;
                }
                outcome => break outcome,
            }
        }
    }};
}
pub(crate) use in_write_transaction;

/// A short, growing, jittered pause before trying a transaction again.
async fn back_off(attempt: u32) {
    let jitter = crate::crypto::random_bytes::<1>().map(|[b]| u64::from(b)).unwrap_or(128);
    let micros = 200 * u64::from(attempt) + jitter * 4 * u64::from(attempt);
    tokio::time::sleep(std::time::Duration::from_micros(micros)).await;
}

impl Storage {
    /// Opens (creating if needed) and migrates the database at `url`, with the default options.
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        Storage::open_with(url, &Options::default()).await
    }

    /// Opens (creating if needed) and migrates the database at `url`: SQLite (`sqlite:…`) or
    /// PostgreSQL (`postgres://…`).
    pub async fn open_with(url: &str, options: &Options) -> Result<Self, StorageError> {
        let engine = Engine::of(url)?;
        let pool = engine.open(url, options.pool_size.unwrap_or(engine.default_pool_size())).await?;
        let secret = Arc::new(secret::resolve(&pool, options.secret.as_ref()).await?);
        let proof_signer = Arc::new(secret.proof_signer()?);
        let clock = Arc::new(clock::Clock::measure(&pool, engine).await?);
        let write_lock = Arc::new(tokio::sync::Mutex::new(()));
        let booking_queue = booking_batch::BookingQueue::start(&pool, engine, Arc::clone(&write_lock));
        Ok(Storage { pool, engine, write_lock, secret, proof_signer, clock, booking_queue })
    }

    /// The deploy's proof-signing key (the same on every instance of one database).
    pub fn proof_signer(&self) -> &antrean_core::proof::ProofSigner {
        &self.proof_signer
    }

    /// Which database this is.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The time by the database's clock (as measured against this machine's, see `clock`), so
    /// that holds expire at the same moment whichever instance asks.
    pub async fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now(&self.pool).await
    }

    /// Moves this instance's clock by `by`: for tests that must be past a moment (a draw window's
    /// close), on every engine. Never called by the server itself.
    #[doc(hidden)]
    pub fn shift_clock(&self, by: chrono::Duration) {
        self.clock.shift(by);
    }

    /// Makes the stored directory match the seed data: inserts new MPPs, updates changed ones, and
    /// unlists the ones no longer in the data (kept, as bookings may refer to them). One transaction.
    pub async fn sync_directory(&self, mpps: &[Mpp]) -> Result<(), StorageError> {
        let now = now_rfc3339();
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE mpp SET listed = 0").execute(&mut *tx).await?;
        for mpp in mpps {
            let document = serde_json::to_string(mpp)?;
            sqlx::query(
                "INSERT INTO mpp (id, name, province_code, regency_code, document, listed, synced_at)
                 VALUES ($1, $2, $3, $4, $5, 1, $6)
                 ON CONFLICT (id) DO UPDATE SET
                   name = excluded.name, province_code = excluded.province_code,
                   regency_code = excluded.regency_code, document = excluded.document,
                   listed = 1, synced_at = excluded.synced_at",
            )
            .bind(mpp.id.as_str())
            .bind(&mpp.name)
            .bind(mpp.province.to_string())
            .bind(mpp.regency.to_string())
            .bind(document)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The listed MPPs, ordered by province code, then name.
    pub async fn list_mpps(&self) -> Result<Vec<MppSummary>, StorageError> {
        Ok(self.list_mpp_documents().await?.iter().map(MppSummary::from).collect())
    }

    /// The listed MPPs as the seed data describes them, ordered by province code, then name.
    pub async fn list_mpp_documents(&self) -> Result<Vec<Mpp>, StorageError> {
        let documents: Vec<(String,)> =
            sqlx::query_as("SELECT document FROM mpp WHERE listed = 1 ORDER BY province_code, name")
                .fetch_all(&self.pool)
                .await?;
        documents.iter().map(|(document,)| Ok(serde_json::from_str::<Mpp>(document)?)).collect()
    }

    /// Starts a write transaction (see `Engine::begin_write`); on SQLite, behind the in-process lock.
    async fn begin_write(&self) -> Result<WriteTx<'_>, StorageError> {
        let guard = match self.engine {
            Engine::Sqlite => Some(self.write_lock.lock().await),
            Engine::Postgres => None,
        };
        let tx = self.pool.begin_with(self.engine.begin_write()).await?;
        Ok(WriteTx { _guard: guard, tx })
    }

    /// Closes the pool, waiting for connections to finish (checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod batch_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod directory_tests {
    use super::*;
    use std::path::Path;

    async fn fresh() -> (tempfile::TempDir, Storage) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("nested/folder/test.sqlite3").display());
        let storage = Storage::open(&url).await.unwrap();
        (dir, storage)
    }

    fn seed() -> Vec<Mpp> {
        antrean_core::data::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap().mpps
    }

    #[tokio::test]
    async fn open_creates_the_folder_and_file_and_migrates() {
        let (dir, storage) = fresh().await;
        assert!(dir.path().join("nested/folder/test.sqlite3").exists());
        assert!(storage.list_mpps().await.unwrap().is_empty());
        let mode: (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(&storage.pool).await.unwrap();
        assert_eq!(mode.0, "wal");
        let sync: (i64,) = sqlx::query_as("PRAGMA synchronous").fetch_one(&storage.pool).await.unwrap();
        assert_eq!(sync.0, 2, "FULL");
    }

    #[tokio::test]
    async fn sync_inserts_updates_and_unlists() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::open(&test_database::fresh_url(dir.path()).unwrap()).await.unwrap();
        let mut mpps = seed();
        storage.sync_directory(&mpps).await.unwrap();
        let listed = storage.list_mpps().await.unwrap();
        assert_eq!(listed.len(), mpps.len());
        let codes: Vec<String> = listed.iter().map(|m| m.province.to_string()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted, "ordered by province");

        // Syncing again is idempotent; a renamed MPP is updated; a removed one is unlisted.
        mpps[0].name = "Renamed".into();
        let removed = mpps.pop().unwrap();
        storage.sync_directory(&mpps).await.unwrap();
        storage.sync_directory(&mpps).await.unwrap();
        let listed = storage.list_mpps().await.unwrap();
        assert_eq!(listed.len(), mpps.len());
        assert!(listed.iter().any(|m| m.name == "Renamed"));
        assert!(listed.iter().all(|m| m.id != removed.id));
        let kept: (i64,) = sqlx::query_as("SELECT count(*) FROM mpp").fetch_one(&storage.pool).await.unwrap();
        assert_eq!(kept.0 as usize, mpps.len() + 1, "unlisted, not deleted");
    }

    #[tokio::test]
    async fn other_databases_are_refused_clearly() {
        let error = Storage::open("mysql://localhost/antrean").await.unwrap_err();
        assert!(error.to_string().contains("use sqlite://"), "{error}");
    }
}
