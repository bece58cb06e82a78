//! The database's clock, so that every instance agrees when a hold expires: the offset between
//! the database's clock and this machine's is measured at start and again every minute (one
//! query), and added to this machine's time. On SQLite the database runs on this machine: no
//! offset.
//!
//! Tests move the clock forward with [`Clock::shift`] (`Storage::shift_clock`), e.g. past a draw
//! window's close: every reading of the time goes through here.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::place::parse_instant;
use super::{Engine, StorageError};

/// How long a measured offset is trusted.
const REMEASURE_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub(super) struct Clock {
    engine: Engine,
    /// The database's time minus this machine's, and when it was measured.
    offset: Mutex<(chrono::Duration, Instant)>,
    /// Added to every reading: zero, except in tests that move time forward.
    shift: Mutex<chrono::Duration>,
}

impl Clock {
    pub(super) async fn measure(pool: &AnyPool, engine: Engine) -> Result<Clock, StorageError> {
        let offset = match engine {
            Engine::Sqlite => chrono::Duration::zero(),
            Engine::Postgres => offset(pool, engine).await?,
        };
        Ok(Clock { engine, offset: Mutex::new((offset, Instant::now())), shift: Mutex::new(chrono::Duration::zero()) })
    }

    /// This machine's time corrected by the last measured offset (measured again when stale; if
    /// that fails, the last offset stays).
    pub(super) async fn now(&self, pool: &AnyPool) -> DateTime<Utc> {
        let shift = match self.shift.lock() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        };
        if self.engine == Engine::Sqlite {
            return Utc::now() + shift;
        }
        let (mut offset, measured) = self.current();
        if measured.elapsed() > REMEASURE_AFTER {
            match self::offset(pool, self.engine).await {
                Ok(fresh) => {
                    offset = fresh;
                    if let Ok(mut stored) = self.offset.lock() {
                        *stored = (fresh, Instant::now());
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot read the database's clock; using the last offset"),
            }
        }
        Utc::now() + offset + shift
    }

    /// Moves this clock's time by `by` (tests only: see the module's doc).
    pub(super) fn shift(&self, by: chrono::Duration) {
        match self.shift.lock() {
            Ok(mut guard) => *guard += by,
            Err(poisoned) => *poisoned.into_inner() += by,
        }
    }

    fn current(&self) -> (chrono::Duration, Instant) {
        match self.offset.lock() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}

/// The database's time minus this machine's, taking the query's round trip as symmetric.
async fn offset(pool: &AnyPool, engine: Engine) -> Result<chrono::Duration, StorageError> {
    let before = Utc::now();
    let text: String = sqlx::query_scalar(engine.now()).fetch_one(pool).await?;
    let after = Utc::now();
    let database = parse_instant(&text)?;
    let midpoint = before + (after - before) / 2;
    Ok(database - midpoint)
}
