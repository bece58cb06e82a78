//! Two server processes on one PostgreSQL database, as behind a load balancer: a rush on one slot
//! sells exactly its capacity, twenty retries of one key make one booking with identical answers,
//! a client holds one place per service, and every booking answered `201` survives one instance
//! being killed with SIGKILL. Needs PostgreSQL (`ANTREAN_TEST_POSTGRES_URL`; `scripts/test.sh`
//! starts one); without it, each test says it was skipped.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Child;
use std::sync::{Arc, Mutex};

use antrean_core::api::Booking;
use antrean_server::storage::test_database;
use support::{booking, nik, unique_key, PEKANBARU};

/// Two instances started at the same moment on one new database (so they also race to migrate it).
struct Pair {
    children: Vec<Child>,
    urls: Vec<String>,
    database: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Pair {
    async fn start(test: &str) -> Option<Pair> {
        let server = test_database::postgres_or_skip(test)?;
        let dir = tempfile::tempdir().unwrap();
        let mut config = support::config_in(dir.path());
        config.database = test_database::fresh_postgres(&server).await.unwrap();
        let spawned = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2).map(|_| scope.spawn(|| support::spawn_binary(&config, &[]))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect::<Vec<_>>()
        });
        let (children, urls) = spawned.into_iter().unzip();
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        Some(Pair { children, urls, database: config.database, client, _dir: dir })
    }

    /// The instance for request `i`: every other request goes to the other one.
    fn url(&self, i: usize) -> &str {
        &self.urls[i % self.urls.len()]
    }

    async fn book(&self, i: usize, body: &serde_json::Value, key: &str) -> Option<reqwest::Response> {
        let url = format!("{}/api/v1/bookings", self.url(i));
        self.client.post(url).header("idempotency-key", key).json(body).send().await.ok()
    }

    async fn free_slot(&self, (mpp, counter, service): (&str, &str, &str)) -> String {
        let url = format!("{}/api/v1/mpps/{mpp}/counters/{counter}/availability?service={service}", self.url(0));
        let availability: serde_json::Value = self.client.get(url).send().await.unwrap().json().await.unwrap();
        support::slots_of(&availability)
            .into_iter()
            .skip(20)
            .find(|s| s["bookable"] == true && s["remaining"].as_u64() > Some(0))
            .map(|s| s["start_utc"].as_str().unwrap().to_owned())
            .expect("a free slot")
    }

    /// One number from the database, read directly.
    async fn count(&self, sql: &str) -> i64 {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.database).await.unwrap();
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rush_over_two_instances_sells_exactly_the_slots_capacity() {
    let Some(pair) = Pair::start("a_rush_over_two_instances_sells_exactly_the_slots_capacity").await else { return };
    let (mpp, counter, service) = PEKANBARU; // 4 desks: capacity 4 per slot
    let slot = pair.free_slot(PEKANBARU).await;
    let statuses = futures::future::join_all((0..200u32).map(|i| {
        let (pair, body) = (&pair, booking(mpp, counter, service, &slot, &nik(3000 + i)));
        async move { pair.book(i as usize, &body, &unique_key()).await.map(|r| r.status().as_u16()) }
    }))
    .await;
    let created = statuses.iter().filter(|s| **s == Some(201)).count();
    let full = statuses.iter().filter(|s| **s == Some(409)).count();
    assert_eq!((created, full), (4, 196), "{statuses:?}");
    let stored =
        pair.count(&format!("SELECT count(*) FROM booking WHERE slot_start = '{slot}' AND status = 'active'")).await;
    assert_eq!(stored, 4, "the database agrees");
    let taken =
        pair.count(&format!("SELECT coalesce(max(taken), 0) FROM slot_usage WHERE slot_start = '{slot}'")).await;
    assert_eq!(taken, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_retries_of_one_key_over_two_instances_make_one_booking_and_identical_answers() {
    let Some(pair) = Pair::start("twenty_retries_of_one_key_over_two_instances").await else { return };
    let (mpp, counter, service) = PEKANBARU;
    let slot = pair.free_slot(PEKANBARU).await;
    let body = booking(mpp, counter, service, &slot, &nik(21));
    let key = unique_key();
    let answers = futures::future::join_all((0..20usize).map(|i| {
        let (pair, body, key) = (&pair, &body, &key);
        async move {
            let response = pair.book(i, body, key).await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    }))
    .await;
    assert_eq!(answers[0].0, 201, "{}", answers[0].1);
    assert!(answers.iter().all(|answer| answer == &answers[0]), "twenty identical answers: {answers:?}");
    assert_eq!(pair.count("SELECT count(*) FROM booking").await, 1);
    assert_eq!(pair.count("SELECT count(*) FROM idempotency").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_holds_one_place_per_service_whichever_instance_it_asks() {
    let Some(pair) = Pair::start("a_client_holds_one_place_per_service_whichever_instance_it_asks").await else {
        return;
    };
    let (mpp, counter, service) = PEKANBARU;
    let url = format!("{}/api/v1/mpps/{mpp}/counters/{counter}/availability?service={service}", pair.url(0));
    let availability: serde_json::Value = pair.client.get(url).send().await.unwrap().json().await.unwrap();
    let slots: Vec<String> = support::slots_of(&availability)
        .into_iter()
        .filter(|s| s["bookable"] == true)
        .map(|s| s["start_utc"].as_str().unwrap().to_owned())
        .take(10)
        .collect();
    let statuses = futures::future::join_all(slots.iter().enumerate().map(|(i, slot)| {
        let pair = &pair;
        let body = serde_json::json!({ "mpp": mpp, "counter": counter, "service": service, "slot_start": slot });
        async move {
            let url = format!("{}/api/v1/holds", pair.url(i));
            pair.client.post(url).json(&body).send().await.unwrap().status().as_u16()
        }
    }))
    .await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let live = pair.count("SELECT count(*) FROM hold WHERE used = 0 AND superseded = 0").await;
    assert_eq!(live, 1, "one live hold for the client, not {live}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_booking_answered_by_an_instance_killed_with_sigkill_is_kept() {
    let Some(mut pair) = Pair::start("every_booking_answered_by_an_instance_killed_with_sigkill_is_kept").await else {
        return;
    };
    let (mpp, counter, service) = PEKANBARU;
    let url = format!("{}/api/v1/mpps/{mpp}/counters/{counter}/availability?service={service}", pair.url(0));
    let availability: serde_json::Value = pair.client.get(url).send().await.unwrap().json().await.unwrap();
    let slots = support::bookable_starts_after_today(&availability);
    assert!(slots.len() >= 50);
    let confirmed: Arc<Mutex<Vec<Booking>>> = Arc::default();
    let mut tasks = Vec::new();
    for i in 0..300u32 {
        let (client, url, confirmed) = (pair.client.clone(), pair.url(i as usize).to_owned(), confirmed.clone());
        // Three NIKs per slot (capacity 4): a few bookings are refused as duplicates, most succeed.
        let body = booking(mpp, counter, service, &slots[i as usize % slots.len()], &nik(40_000 + i));
        tasks.push(tokio::spawn(async move {
            let sent =
                client.post(format!("{url}/api/v1/bookings")).header("idempotency-key", unique_key()).json(&body);
            if let Ok(response) = sent.send().await {
                if response.status() == 201 {
                    if let Ok(booking) = response.json::<Booking>().await {
                        confirmed.lock().unwrap().push(booking);
                    }
                }
            }
        }));
    }
    for _ in 0..10_000 {
        if confirmed.lock().unwrap().len() >= 40 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    pair.children[0].kill().unwrap(); // SIGKILL, with requests in flight
    pair.children[0].wait().unwrap();
    for task in tasks {
        let _ = task.await;
    }
    let confirmed = confirmed.lock().unwrap().clone();
    assert!(confirmed.len() >= 40, "only {} bookings were confirmed", confirmed.len());
    for booking in &confirmed {
        let response = pair
            .client
            .get(format!("{}/api/v1/bookings/{}", pair.urls[1], booking.code.as_str()))
            .bearer_auth(booking.manage_token.as_deref().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "booking {} was confirmed but is gone", booking.code);
    }
    let oversold = pair
        .count(
            "SELECT count(*) FROM (SELECT slot_start FROM booking WHERE status = 'active'
               GROUP BY slot_start HAVING count(*) > 4) AS over",
        )
        .await;
    assert_eq!(oversold, 0, "no slot holds more than its 4 places");
    let mismatched = pair
        .count(
            "SELECT count(*) FROM slot_usage AS u WHERE u.taken <> (SELECT count(*) FROM booking AS b
               WHERE b.status = 'active' AND b.mpp_id = u.mpp_id AND b.counter_id = u.counter_id
                 AND b.slot_start = u.slot_start)",
        )
        .await;
    assert_eq!(mismatched, 0, "the usage counters match the bookings");
    println!("{} bookings confirmed over two instances survived SIGKILL of one", confirmed.len());
}
