//! All SQL lives here, behind [`Storage`]: handlers never see a query, so another database
//! (PostgreSQL, for deploys with several server instances) can follow without touching them.
//!
//! SQLite runs in WAL mode with `synchronous = FULL`: a write that was answered survives a crash.
//!
//! - [`place`]: what the tables record of a place (key, slot, day, limits) and the usage counts;
//! - [`capacity`]: taking, releasing and counting the places of a slot and a day's quota;
//! - [`holds`]: places kept for a few minutes; [`bookings`]: bookings and idempotency records.
//!
//! Hashing and tokens are in `crate::crypto`.

pub mod bookings;
mod capacity;
pub mod holds;
pub mod place;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use antrean_core::api::MppSummary;
use antrean_core::directory::Mpp;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection};

use crate::crypto::CryptoError;
pub use bookings::{Created, NewBooking, StoredBooking};
pub use holds::HoldRecord;
pub use place::{Limits, Place, Usage};

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unsupported database URL \"{0}\": this build speaks SQLite (sqlite://path/to/file.sqlite3)")]
    UnsupportedUrl(String),
    #[error("cannot create the folder for the database file {path}: {source}")]
    CreateFolder { path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
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

impl From<serde_json::Error> for BookingError {
    fn from(error: serde_json::Error) -> Self {
        BookingError::Storage(StorageError::Corrupt(error))
    }
}

/// The database behind the API.
#[derive(Clone, Debug)]
pub struct Storage {
    pool: SqlitePool,
    /// Serialises write transactions in this process (SQLite has one writer at a time anyway):
    /// waiters queue in order instead of polling SQLite's busy handler.
    write_lock: Arc<tokio::sync::Mutex<()>>,
    /// Keys the NIK hashes and derives manage tokens (see `bookings`); created on first start.
    secret: Arc<[u8; 32]>,
}

impl Storage {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        if !url.starts_with("sqlite:") {
            return Err(StorageError::UnsupportedUrl(url.to_owned()));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StorageError::CreateFolder { path: folder.display().to_string(), source })?;
        }
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let secret = Arc::new(load_or_create_secret(&pool).await?);
        Ok(Storage { pool, write_lock: Arc::new(tokio::sync::Mutex::new(())), secret })
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
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)
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

    /// Starts a write transaction that holds SQLite's write lock from the start.
    async fn begin_immediate(&self) -> Result<(tokio::sync::MutexGuard<'_, ()>, PoolConnection<Sqlite>), StorageError> {
        let guard = self.write_lock.lock().await;
        let mut conn = self.pool.acquire().await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        Ok((guard, conn))
    }

    /// Commits on success, rolls back on a refusal or failure.
    async fn finish<T>(conn: &mut SqliteConnection, result: Result<T, BookingError>) -> Result<T, BookingError> {
        match result {
            Ok(value) => {
                sqlx::query("COMMIT").execute(&mut *conn).await?;
                Ok(value)
            }
            Err(error) => {
                sqlx::query("ROLLBACK").execute(&mut *conn).await?;
                Err(error)
            }
        }
    }

    /// Closes the pool, waiting for connections to finish (checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The manage-token secret: 32 random bytes kept in the `setting` table.
async fn load_or_create_secret(pool: &SqlitePool) -> Result<[u8; 32], StorageError> {
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let fresh = engine.encode(crate::crypto::random_bytes::<32>()?);
    sqlx::query("INSERT OR IGNORE INTO setting (name, value) VALUES ('manage_token_secret', ?1)")
        .bind(&fresh)
        .execute(pool)
        .await?;
    let stored: String =
        sqlx::query_scalar("SELECT value FROM setting WHERE name = 'manage_token_secret'").fetch_one(pool).await?;
    let bytes = engine.decode(stored).map_err(|_| StorageError::Secret)?;
    bytes.try_into().map_err(|_| StorageError::Secret)
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

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
        let (_dir, storage) = fresh().await;
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
        let error = Storage::open("postgres://localhost/antrean").await.unwrap_err();
        assert!(error.to_string().contains("this build speaks SQLite"), "{error}");
    }
}
