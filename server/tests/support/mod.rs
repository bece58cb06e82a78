//! A real server on a loopback port with a fresh database, the real seed data and a small fake
//! build of the web app, for the integration tests.

// Test scaffolding: a failure to set up is a failed test, so unwrap is the right answer here.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod calling;
pub mod draw;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use antrean_core::api::Booking;
use antrean_core::visit::CheckIn;
use antrean_server::{Config, Server};
use tokio::sync::oneshot;

pub const HASHED_JS: &str = "antrean-0123456789abcdef.js";
pub const INDEX_HTML: &str =
    "<!doctype html><title>Antrean</title><script src=\"/antrean-0123456789abcdef.js\"></script>";

pub struct TestServer {
    pub address: SocketAddr,
    pub database: String,
    pub client: reqwest::Client,
    pub config: Config,
    /// The server's hall streams.
    pub hall: std::sync::Arc<antrean_server::hall_stream::Hub>,
    /// The server's own database handle: shifting its clock moves the server's time.
    pub storage: antrean_server::storage::Storage,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    dir: Option<tempfile::TempDir>,
}

pub fn seed_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// A configuration on port 0 with its own database and a fake `dist` folder.
pub fn config_in(dir: &Path) -> Config {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(dist.join(HASHED_JS), "console.log('antrean');\n".repeat(20)).unwrap();
    std::fs::write(dist.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        // An SQLite file in `dir`, or a new database on the tests' PostgreSQL (ANTREAN_TEST_POSTGRES_URL).
        database: antrean_server::storage::test_database::fresh_url(dir).unwrap(),
        database_pool_size: None,
        secret_file: None,
        secret: None,
        dist,
        data: seed_data(),
        hold_minutes: 7,
        post_rate_per_minute: 0,
        check_in_rate_per_minute: 0,
        cors_origins: vec!["https://portal.example.go.id".into()],
        frame_ancestors: vec![],
        base_path: "/".into(),
        app_config: None,
        trusted_proxies: vec![],
        max_streams: 2000,
    }
}

/// The server binary as a separate process on `config`'s database and a free port, as deployed
/// (several may share one PostgreSQL database); with its base URL, once it says it is listening.
pub fn spawn_binary(config: &Config, extra_env: &[(&str, &str)]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_antrean-server"));
    command
        .env("ANTREAN_LISTEN", "127.0.0.1:0")
        .env("ANTREAN_DATABASE_URL", &config.database)
        .env("ANTREAN_DIST", &config.dist)
        .env("ANTREAN_DATA", &config.data)
        .env("ANTREAN_POST_RATE_PER_MINUTE", "0")
        .env("ANTREAN_CHECK_IN_RATE_PER_MINUTE", "0")
        .env("ANTREAN_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit());
    for (name, value) in extra_env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect(&line).trim_end_matches('/').to_owned();
    (child, url)
}

/// Pekanbaru is in WIB (UTC+7).
pub const WIB: chrono::Duration = chrono::Duration::hours(7);

/// Moves a booking of a WIB MPP to a slot starting at `start`, in the database.
pub async fn move_booking(server: &TestServer, code: &str, start: chrono::DateTime<chrono::Utc>) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database).await.unwrap();
    let document: String =
        sqlx::query_scalar("SELECT document FROM booking WHERE code = $1").bind(code).fetch_one(&pool).await.unwrap();
    let mut document: serde_json::Value = serde_json::from_str(&document).unwrap();
    let local = |t: chrono::DateTime<chrono::Utc>| (t + WIB).naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string();
    document["slot"]["start_utc"] = serde_json::json!(start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    document["slot"]["start"] = serde_json::json!(local(start));
    document["slot"]["end"] = serde_json::json!(local(start + chrono::Duration::minutes(20)));
    sqlx::query("UPDATE booking SET slot_start = $2, local_date = $3, document = $4 WHERE code = $1")
        .bind(code)
        .bind(start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .bind((start + WIB).date_naive().to_string())
        .bind(document.to_string())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

/// A service with quota and several desks in the seed data.
pub const PEKANBARU: (&str, &str, &str) = ("mpp-pekanbaru", "dukcapil", "ktp-baru");

/// The problem of an error answer, after checking its status and media type.
pub async fn problem(response: reqwest::Response, status: u16) -> antrean_core::api::Problem {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    response.json().await.unwrap()
}

/// Now, to the second (as the database stores instants).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap()
}

/// Books a free slot of `mpp`/`counter`/`service` for NIK number `serial`.
pub async fn book(server: &TestServer, (mpp, counter, service): (&str, &str, &str), serial: u32) -> Booking {
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let response = server.book(&booking(mpp, counter, service, &slot, &nik(serial))).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// A booking read back with its manage token.
pub async fn read(server: &TestServer, booking: &Booking) -> Booking {
    let url = server.url(&format!("/api/v1/bookings/{}", booking.code.as_str()));
    let token = booking.manage_token.as_deref().unwrap();
    let response = server.client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A kiosk's check-in of `code` with the NIK's last four digits.
pub async fn check_in(server: &TestServer, mpp: &str, code: &str, last4: &str) -> reqwest::Response {
    let body = serde_json::json!({ "mpp": mpp, "code": code, "nik_last4": last4 });
    server.post_json("/api/v1/check-ins", &body).await
}

/// The last four digits of NIK number `serial`.
pub fn last4(serial: u32) -> String {
    nik(serial)[12..].to_owned()
}

/// A booking of NIK number `serial` whose slot starts `minutes` from now, checked in: a waiting
/// number of the day at its counter.
pub async fn checked_in(server: &TestServer, place: (&str, &str, &str), serial: u32, minutes: i64) -> CheckIn {
    let created = book(server, place, serial).await;
    move_booking(server, created.code.as_str(), now() + chrono::Duration::minutes(minutes)).await;
    let response = check_in(server, place.0, created.code.as_str(), &last4(serial)).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// A walk-in number of `mpp`/`counter`.
pub async fn walk_in(server: &TestServer, mpp: &str, counter: &str) -> String {
    let response = server
        .client
        .post(server.url(&format!("/api/v1/mpps/{mpp}/counters/{counter}/walk-ins")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let walk_in: antrean_core::visit::WalkIn = response.json().await.unwrap();
    walk_in.queue_number.to_string()
}

/// A synthetic, valid NIK with a distinct serial (never a real person's).
pub fn nik(serial: u32) -> String {
    format!("3171011708{:02}{:04}", 80 + serial / 10_000 % 20, serial % 10_000)
}

pub fn unique_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("test-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A booking request body.
pub fn booking(mpp: &str, counter: &str, service: &str, slot_start: &str, nik: &str) -> serde_json::Value {
    serde_json::json!({
        "mpp": mpp, "counter": counter, "service": service, "slot_start": slot_start,
        "applicant": { "full_name": "Siti Nurhaliza", "nik": nik, "mobile": "0812-3456-7890" },
        "answers": answers_for(service),
    })
}

/// Valid answers for the services the tests book.
pub fn answers_for(service: &str) -> serde_json::Value {
    match service {
        "ktp-baru" => serde_json::json!({ "syarat": { "choice": "usia-17" } }),
        "paspor-baru-dewasa" => serde_json::json!({
            "jenis": { "choice": "elektronik" }, "masa-berlaku": { "choice": "10-tahun" }, "percepatan": { "yes_no": false },
            "paspor-lama": { "yes_no": false }, "naturalisasi": { "yes_no": false }, "ganti-nama": { "yes_no": false }
        }),
        "kk-pisah" | "akta-kematian" | "ikd-aktivasi" => serde_json::json!({}),
        other => panic!("no test answers for {other}"),
    }
}

/// Every slot of an availability answer, across its days.
pub fn slots_of(availability: &serde_json::Value) -> Vec<serde_json::Value> {
    let days = availability["days"].as_array().unwrap();
    days.iter().flat_map(|d| d["slots"].as_array().cloned().unwrap_or_default()).collect()
}

/// The UTC starts of the bookable slots of the open days after the first (today's slots may pass
/// while a test runs), in order: the places a rush test spreads its bookings over.
pub fn bookable_starts_after_today(availability: &serde_json::Value) -> Vec<String> {
    let days = availability["days"].as_array().unwrap();
    days.iter()
        .skip(1)
        .filter(|d| d["status"] == "open")
        .flat_map(|d| d["slots"].as_array().cloned().unwrap_or_default())
        .filter(|s| s["bookable"] == true)
        .map(|s| s["start_utc"].as_str().unwrap().to_owned())
        .collect()
}

/// The places left in one slot (by its UTC start) of an availability answer.
pub fn remaining_in(availability: &serde_json::Value, slot_start: &str) -> Option<u64> {
    slots_of(availability).iter().find(|s| s["start_utc"] == slot_start).and_then(|s| s["remaining"].as_u64())
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let config = config_in(dir.path());
        TestServer::start_with(dir, &config).await
    }

    pub async fn start_with(dir: tempfile::TempDir, config: &Config) -> TestServer {
        let server = Server::start(config).await.unwrap();
        let address = server.local_addr().unwrap();
        let hall = server.hall();
        let storage = server.storage();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        TestServer {
            address,
            database: config.database.clone(),
            client,
            config: config.clone(),
            hall,
            storage,
            stop: Some(stop),
            task: Some(task),
            dir: Some(dir),
        }
    }

    /// Stops the server gracefully, then starts a new one on the same database and data (on a new port).
    pub async fn restart(mut self) -> TestServer {
        self.shut_down().await;
        let dir = self.dir.take().unwrap();
        TestServer::start_with(dir, &self.config).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.unwrap()
    }

    /// Active bookings of a slot, as the database has them (read through a second connection).
    pub async fn storage_count(&self, mpp: &str, counter: &str, slot_start: chrono::DateTime<chrono::Utc>) -> u32 {
        let storage = antrean_server::storage::Storage::open(&self.database).await.unwrap();
        let count = storage.active_bookings_in_slot(mpp, counter, slot_start).await.unwrap();
        storage.close().await;
        count
    }

    /// Books with a fresh Idempotency-Key.
    pub async fn book(&self, body: &serde_json::Value) -> reqwest::Response {
        self.book_with_key(body, &unique_key()).await
    }

    pub async fn book_with_key(&self, body: &serde_json::Value, key: &str) -> reqwest::Response {
        self.client.post(self.url("/api/v1/bookings")).header("idempotency-key", key).json(body).send().await.unwrap()
    }

    /// The availability of a counter for a service, as JSON.
    pub async fn availability(&self, mpp: &str, counter: &str, service: &str) -> serde_json::Value {
        let response = self.get(&format!("/api/v1/mpps/{mpp}/counters/{counter}/availability?service={service}")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// The first bookable slot with room of the first open day after today (so no cut-off bites).
    pub async fn free_slot(&self, mpp: &str, counter: &str, service: &str) -> (String, String) {
        let availability = self.availability(mpp, counter, service).await;
        let days = availability["days"].as_array().unwrap();
        let day = days
            .iter()
            .skip(1)
            .find(|d| d["status"] == "open")
            .unwrap_or_else(|| panic!("no open day for {mpp}/{counter}: {availability}"));
        let slot = day["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["bookable"] == true && s["remaining"].as_u64() > Some(0))
            .unwrap();
        (slot["start_utc"].as_str().unwrap().to_owned(), day["date"].as_str().unwrap().to_owned())
    }

    /// Stops the server gracefully and waits until it has finished.
    pub async fn stop(mut self) {
        self.shut_down().await;
    }

    async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}
