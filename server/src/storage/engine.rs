//! The two databases the storage speaks, and every place where they differ: how a pool is opened,
//! which migrations run, how a write transaction starts, how a client's holds are locked, what
//! the database's clock says, and which failures mean "try the transaction again".
//!
//! The queries themselves are written once, in the SQL both understand (`$1` parameters,
//! `ON CONFLICT`, `RETURNING`, `IS DISTINCT FROM`, times as RFC 3339 text).
//!
//! - SQLite (the default, one process): WAL, `synchronous = FULL`, one writer at a time behind
//!   `BEGIN IMMEDIATE` and the storage's in-process lock.
//! - PostgreSQL (several instances on one database): `READ COMMITTED` transactions that take row
//!   locks in a fixed order (the usage rows first, see `capacity`), so concurrent writers from any
//!   instance serialise on the rows they share; deadlocks and serialisation failures are retried.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

use super::StorageError;

/// SQLite's migrations and PostgreSQL's, both embedded in the binary.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// How many times a write transaction is tried before its failure is reported.
pub(super) const MAX_ATTEMPTS: u32 = 8;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine of a database URL (`sqlite:…`, `postgres://…` or `postgresql://…`).
    pub fn of(url: &str) -> Result<Engine, StorageError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(StorageError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// Connections in the pool when no size is configured.
    pub fn default_pool_size(self) -> u32 {
        match self {
            Engine::Sqlite => 8,
            Engine::Postgres => 16,
        }
    }

    /// Opens a pool of at most `size` connections and runs the migrations. On PostgreSQL, sqlx
    /// holds an advisory lock while migrating: when several instances start at once, one
    /// migrates and the others wait, then find nothing left to do.
    pub(super) async fn open(self, url: &str, size: u32) -> Result<AnyPool, StorageError> {
        sqlx::any::install_default_drivers();
        let pool = match self {
            Engine::Sqlite => {
                let url = sqlite_url(url)?;
                let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
                AnyPoolOptions::new()
                    .max_connections(size)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
                                 PRAGMA busy_timeout = 5000;",
                            )
                            .await
                            .map(|_| ())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Engine::Postgres => {
                let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
                AnyPoolOptions::new()
                    .max_connections(size)
                    .acquire_timeout(Duration::from_secs(30))
                    // sqlx pings a pooled connection before handing it out by default: a second
                    // round trip for every statement (a booking is one call). A connection that
                    // broke meanwhile fails its statement instead, and is dropped; the client's
                    // retry (with its Idempotency-Key) gets a fresh one.
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?
            }
        };
        self.migrator().run(&pool).await?;
        Ok(pool)
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// The statement that starts a write transaction. SQLite takes its write lock at once (no
    /// upgrade from a read lock that could fail); PostgreSQL's default `READ COMMITTED` lets
    /// each statement see what others committed once it holds the row locks it waited for.
    pub(super) fn begin_write(self) -> &'static str {
        match self {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN ISOLATION LEVEL READ COMMITTED",
        }
    }

    /// A statement that makes concurrent transactions naming the same key (`$1`: a client and
    /// service, see `holds`) wait for each other until the end of the transaction, or `None`
    /// where writers are serialised anyway.
    pub(super) fn lock_key(self) -> Option<&'static str> {
        match self {
            Engine::Sqlite => None,
            Engine::Postgres => Some("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"),
        }
    }

    /// The database's clock, as stored instants are written (RFC 3339, UTC, seconds).
    pub(super) fn now(self) -> &'static str {
        match self {
            Engine::Sqlite => "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            Engine::Postgres => {
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
            }
        }
    }
}

/// A SQLite URL that creates the file if missing, with its folder.
fn sqlite_url(url: &str) -> Result<String, StorageError> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
    if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|source| StorageError::CreateFolder { path: folder.display().to_string(), source })?;
    }
    Ok(if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Whether a failed transaction may succeed if tried again: a serialisation failure or a deadlock
/// (PostgreSQL), a busy database (SQLite), or a unique index that a concurrent writer filled
/// first where the answer to the retry is different (a client's previous hold, see `holds`).
pub(super) fn retryable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("40001" | "40P01" | "55P03" | "5" | "517" | "773" | "6"))
                || db.is_unique_violation()
        }
        sqlx::Error::PoolTimedOut => false,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_engine() {
        assert_eq!(Engine::of("sqlite://var/a.sqlite3").ok(), Some(Engine::Sqlite));
        assert_eq!(Engine::of("postgres://u@localhost/antrean").ok(), Some(Engine::Postgres));
        assert_eq!(Engine::of("postgresql:///antrean?host=/run").ok(), Some(Engine::Postgres));
        assert!(matches!(Engine::of("mysql://localhost/a"), Err(StorageError::UnsupportedUrl(_))));
    }
}
