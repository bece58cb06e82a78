//! Operating the server: the secret every instance must share (configured, checked against the
//! database, never replaced silently), and `copy-database`, which moves an SQLite deployment to
//! PostgreSQL (or to another SQLite file when no PostgreSQL is given) without losing anything.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use antrean_core::api::Booking;
use antrean_server::storage::{test_database, Secret, StorageError};
use antrean_server::{Server, StartError};
use support::calling::{add_staff, Staff};
use support::{booking, nik, unique_key, walk_in, TestServer, PEKANBARU};

fn secret(byte: u8) -> Secret {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode([byte; 32]).parse().unwrap()
}

async fn start_error(config: &antrean_server::Config) -> Option<StartError> {
    match Server::start(config).await {
        Ok(server) => {
            drop(server);
            None
        }
        Err(error) => Some(error),
    }
}

#[tokio::test]
async fn every_instance_must_bring_the_secret_the_database_was_started_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.secret = Some(secret(1));
    assert!(start_error(&config).await.is_none(), "the first start records the secret's fingerprint");
    assert!(start_error(&config).await.is_none(), "the same secret again");

    let file = dir.path().join("secret");
    std::fs::write(&file, format!("{}\n", support_base64(1))).unwrap();
    let from_file = antrean_server::Config { secret: None, secret_file: Some(file), ..config.clone() };
    assert!(start_error(&from_file).await.is_none(), "the same secret from a file");

    let other = antrean_server::Config { secret: Some(secret(2)), ..config.clone() };
    let error = start_error(&other).await.expect("another secret is refused");
    assert!(matches!(error, StartError::Storage(StorageError::SecretMismatch)), "{error}");
    assert!(!error.to_string().contains(&support_base64(2)), "the secret is never shown");

    let none = antrean_server::Config { secret: None, ..config.clone() };
    let error = start_error(&none).await.expect("no secret is refused once one was configured");
    assert!(matches!(error, StartError::Storage(StorageError::SecretRequired)), "{error}");
}

#[tokio::test]
async fn a_database_that_made_its_own_secret_refuses_a_different_one() {
    let dir = tempfile::tempdir().unwrap();
    let config = support::config_in(dir.path());
    assert!(start_error(&config).await.is_none(), "the first start creates the database's secret");
    assert!(start_error(&config).await.is_none(), "and the next ones read it");
    let other = antrean_server::Config { secret: Some(secret(3)), ..config };
    let error = start_error(&other).await.expect("a secret other than the stored one is refused");
    assert!(matches!(error, StartError::Storage(StorageError::SecretMismatch)), "{error}");
}

fn support_base64(byte: u8) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode([byte; 32])
}

fn copy_database(from: &str, to: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_antrean-server"))
        .args(["copy-database", "--from", from, "--to", to])
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_database_moves_the_seed_data_and_bookings_with_their_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.database = format!("sqlite://{}", dir.path().join("var/old.sqlite3").display());
    let old = TestServer::start_with(tempfile::tempdir().unwrap(), &config).await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, _) = old.free_slot(mpp, counter, service).await;
    let mut made = Vec::new();
    for i in 0..3 {
        let key = unique_key();
        let body = booking(mpp, counter, service, &slot, &nik(700 + i));
        let response = old.book_with_key(&body, &key).await;
        assert_eq!(response.status(), 201);
        made.push((key, body, response.text().await.unwrap()));
    }
    // The day of the visit too: a staff account, two walk-ins, one of them called.
    add_staff(&old.database, "lina", "mpp-pekanbaru", "imigrasi").await;
    let old_base = format!("http://{}", old.address);
    for _ in 0..2 {
        walk_in(&old, "mpp-pekanbaru", "imigrasi").await;
    }
    assert_eq!(Staff::sign_in(&old.client, &old_base, "lina", 1).await.call_next().await.status(), 200);
    let hall: serde_json::Value = old.get("/api/v1/mpps/mpp-pekanbaru/queue").await.json().await.unwrap();
    let mpps: serde_json::Value = old.get("/api/v1/mpps").await.json().await.unwrap();
    let availability = old.availability(mpp, counter, service).await;
    old.stop().await;

    let target = match test_database::postgres_url() {
        Some(server) => test_database::fresh_postgres(&server).await.unwrap(),
        None => format!("sqlite://{}", dir.path().join("var/new.sqlite3").display()),
    };
    let output = copy_database(&config.database, &target);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains("booking: 3") && said.contains("idempotency: 3"), "{said}");
    let again = copy_database(&config.database, &target);
    assert!(!again.status.success(), "a second copy into a database with bookings is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds bookings"));

    let new =
        TestServer::start_with(tempfile::tempdir().unwrap(), &antrean_server::Config { database: target, ..config })
            .await;
    let copied_mpps: serde_json::Value = new.get("/api/v1/mpps").await.json().await.unwrap();
    assert_eq!(copied_mpps, mpps, "the same directory");
    assert_eq!(new.availability(mpp, counter, service).await["days"], availability["days"], "the same places taken");
    for (key, body, answer) in &made {
        let booking: Booking = serde_json::from_str(answer).unwrap();
        let url = new.url(&format!("/api/v1/bookings/{}", booking.code.as_str()));
        let read = new.client.get(url).bearer_auth(booking.manage_token.as_deref().unwrap()).send().await.unwrap();
        assert_eq!(read.status(), 200, "readable with the token given before the move");
        let replayed = new.book_with_key(body, key).await;
        assert_eq!(replayed.status(), 201);
        assert_eq!(&replayed.text().await.unwrap(), answer, "a retry after the move gets the same answer");
    }
    let copied_hall: serde_json::Value = new.get("/api/v1/mpps/mpp-pekanbaru/queue").await.json().await.unwrap();
    assert_eq!(copied_hall, hall, "the same queue, at the same version");
    // The account signs in with its password; its actions are audited after the copied ones.
    let desk = Staff::sign_in(&new.client, &format!("http://{}", new.address), "lina", 1).await;
    assert_eq!(desk.call_next().await.status(), 200);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&new.database).await.unwrap();
    let audit: Vec<String> =
        sqlx::query_scalar("SELECT queue_number FROM staff_audit ORDER BY id").fetch_all(&pool).await.unwrap();
    pool.close().await;
    assert_eq!(audit, ["I-001", "I-002"]);
    new.stop().await;
}
