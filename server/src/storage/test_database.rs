//! Fresh databases for the tests and benchmarks, on the engine the run asks for: PostgreSQL when
//! `ANTREAN_TEST_POSTGRES_URL` names a server (`scripts/postgres.sh` starts one and sets it; or your
//! own, whose user may `CREATE DATABASE`), SQLite files otherwise. Each call gives a new database
//! (`antrean_test_…` on PostgreSQL), so tests run in parallel without seeing each other.
//!
//! Tests that only make sense on PostgreSQL (several instances on one database) call
//! [`postgres_or_skip`]: without the variable they say why they did not run, unless
//! `ANTREAN_REQUIRE_POSTGRES=1` (set by the scripts), where a missing server is a failure.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Connection, Executor};

use super::StorageError;

/// The variable that names the PostgreSQL server for tests.
pub const POSTGRES_URL_VARIABLE: &str = "ANTREAN_TEST_POSTGRES_URL";

/// The PostgreSQL server the tests run on, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VARIABLE).ok().filter(|url| !url.trim().is_empty())
}

/// The PostgreSQL server for a test that needs one; `None` (after saying so) when there is none
/// and none is required.
///
/// # Panics
/// When `ANTREAN_REQUIRE_POSTGRES=1` and no server is named: the run promised PostgreSQL.
#[allow(clippy::panic)]
pub fn postgres_or_skip(test: &str) -> Option<String> {
    let url = postgres_url();
    if url.is_none() {
        if std::env::var("ANTREAN_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("{test}: ANTREAN_REQUIRE_POSTGRES=1 but {POSTGRES_URL_VARIABLE} is not set");
        }
        // Straight to stderr, past the test harness's capture: a skip is worth seeing.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped, needs PostgreSQL (scripts/postgres.sh run -- cargo test …, or set {POSTGRES_URL_VARIABLE})"
        );
    }
    url
}

/// A URL for a new, empty database: on the tests' PostgreSQL server if there is one, else an
/// SQLite file in `folder`. Blocking: usable from synchronous test set-up.
pub fn fresh_url(folder: &Path) -> Result<String, StorageError> {
    match postgres_url() {
        Some(server) => std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let runtime =
                        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| {
                            StorageError::BadValue(format!("cannot start a runtime to create a test database: {error}"))
                        })?;
                    runtime.block_on(fresh_postgres(&server))
                })
                .join()
                .unwrap_or_else(|_| Err(StorageError::BadValue("creating a test database panicked".into())))
        }),
        None => Ok(format!("sqlite://{}", folder.join("var/test.sqlite3").display())),
    }
}

/// Creates a new database on the PostgreSQL server at `server` and gives its URL.
pub async fn fresh_postgres(server: &str) -> Result<String, StorageError> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let [a, b, c, d] = crate::crypto::random_bytes::<4>()?;
    let name = format!(
        "antrean_test_{}_{}_{:08x}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        u32::from_le_bytes([a, b, c, d])
    );
    let mut admin = sqlx::PgConnection::connect(server).await?;
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
    admin.close().await?;
    Ok(with_database(server, &name))
}

/// The URL `server` with its database (the path) replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (scheme, rest) = server.split_once("://").unwrap_or(("postgres", server));
    let (location, query) = match rest.split_once('?') {
        Some((location, query)) => (location, Some(query)),
        None => (rest, None),
    };
    let authority = location.split_once('/').map_or(location, |(authority, _)| authority);
    match query {
        Some(query) => format!("{scheme}://{authority}/{name}?{query}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(with_database("postgres://a:b@127.0.0.1:5432/postgres", "t1"), "postgres://a:b@127.0.0.1:5432/t1");
        assert_eq!(with_database("postgres://a@localhost", "t1"), "postgres://a@localhost/t1");
        assert_eq!(with_database("postgresql://a@/postgres?host=/run/pg", "t1"), "postgresql://a@/t1?host=/run/pg");
    }
}
