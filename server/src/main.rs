//! `antrean-server`: parses the configuration, starts the server, prints its URL, and shuts down
//! gracefully on SIGTERM or Ctrl-C. `antrean-server copy-database --from … --to …` moves a
//! database to another (see [`CopyDatabase`]); `antrean-server staff add|remove …` manages staff
//! accounts (see `antrean_server::staff_command`); `antrean-server verify-draw FILE` checks a
//! published draw (see `antrean_server::verify_draw`).

use std::process::ExitCode;

use antrean_server::{Config, Server};
use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Copies every table of one database into a new, empty one, e.g. an SQLite deployment to
/// PostgreSQL (stop the server first). Both are migrated; the secret moves with them, so manage
/// tokens given before keep working.
#[derive(Debug, Parser)]
#[command(name = "antrean-server copy-database")]
struct CopyDatabase {
    /// The database to copy, e.g. `sqlite://var/antrean.sqlite3`.
    #[arg(long)]
    from: String,
    /// The new database, e.g. `postgres://antrean@db.internal/antrean`.
    #[arg(long)]
    to: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("copy-database") {
        let command = CopyDatabase::parse_from(std::env::args().skip(1));
        return match antrean_server::storage::copy_database(&command.from, &command.to).await {
            Ok(copied) => {
                println!("copied {copied}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("antrean-server copy-database: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if std::env::args().nth(1).as_deref() == Some("staff") {
        let command = antrean_server::staff_command::StaffCommand::parse_from(std::env::args().skip(1));
        return match antrean_server::staff_command::run(command).await {
            Ok(done) => {
                println!("{done}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("antrean-server staff: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if std::env::args().nth(1).as_deref() == Some("verify-draw") {
        let command = antrean_server::verify_draw::VerifyDraw::parse_from(std::env::args().skip(1));
        return match antrean_server::verify_draw::run(&command) {
            Ok(confirmed) => {
                println!("{confirmed}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("antrean-server verify-draw: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("ANTREAN_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();

    let server = match Server::start(&config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("antrean-server: {error}");
            return ExitCode::FAILURE;
        }
    };
    shift_clock_for_tests(&server);
    match server.local_addr() {
        Ok(address) => println!("Antrean is running at http://{address}/  (Ctrl-C to stop)"),
        Err(error) => eprintln!("antrean-server: cannot read the bound address: {error}"),
    }
    match server.run(shutdown_signal()).await {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("antrean-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Debug builds only (the end-to-end tests run one): `ANTREAN_TEST_CLOCK_SHIFT_MINUTES` moves this
/// instance's clock, so that a browser test can stand inside a draw window and then after its close
/// without waiting for the calendar. A release build has no such switch.
fn shift_clock_for_tests(server: &Server) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Ok(minutes) = std::env::var("ANTREAN_TEST_CLOCK_SHIFT_MINUTES") else { return };
    match minutes.trim().parse::<i64>().ok().and_then(chrono::Duration::try_minutes) {
        Some(shift) => {
            tracing::warn!(minutes = shift.num_minutes(), "the clock is shifted for a test (debug build)");
            server.storage().shift_clock(shift);
        }
        None => eprintln!("antrean-server: ANTREAN_TEST_CLOCK_SHIFT_MINUTES is not a number of minutes: {minutes}"),
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
