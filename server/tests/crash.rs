//! Durability: bookings under load, the server killed with SIGKILL mid-stream and restarted on the
//! same database: every booking that was answered `201` is there, readable with its token.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Child;
use std::sync::{Arc, Mutex};

use antrean_core::api::Booking;

fn spawn(config: &antrean_server::Config) -> (Child, String) {
    support::spawn_binary(config, &[])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answered_booking_survives_a_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let config = support::config_in(dir.path());
    let (mut child, url) = spawn(&config);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let (mpp, counter, service) = ("mpp-pekanbaru", "dukcapil", "ktp-baru");
    let availability: serde_json::Value = client
        .get(format!("{url}/api/v1/mpps/{mpp}/counters/{counter}/availability?service={service}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slots = support::bookable_starts_after_today(&availability);
    assert!(slots.len() >= 100);

    let confirmed: Arc<Mutex<Vec<Booking>>> = Arc::default();
    let mut tasks = Vec::new();
    for i in 0..300u32 {
        let (client, url, confirmed) = (client.clone(), url.clone(), confirmed.clone());
        let body = support::booking(mpp, counter, service, &slots[i as usize % slots.len()], &support::nik(20_000 + i));
        tasks.push(tokio::spawn(async move {
            let sent = client
                .post(format!("{url}/api/v1/bookings"))
                .header("idempotency-key", support::unique_key())
                .json(&body)
                .send()
                .await;
            if let Ok(response) = sent {
                if response.status() == 201 {
                    if let Ok(booking) = response.json::<Booking>().await {
                        confirmed.lock().unwrap().push(booking);
                    }
                }
            }
        }));
    }
    // Kill the server once some bookings have been confirmed, with many still in flight. The wait
    // is generous (up to 30 s): a busy machine confirms the first 40 slowly, and 260 stay in flight.
    for _ in 0..15_000 {
        if confirmed.lock().unwrap().len() >= 40 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for task in tasks {
        let _ = task.await;
    }
    let confirmed = confirmed.lock().unwrap().clone();
    assert!(confirmed.len() >= 40, "only {} bookings were confirmed before the kill", confirmed.len());

    let (mut restarted, url) = spawn(&config);
    for booking in &confirmed {
        let response = client
            .get(format!("{url}/api/v1/bookings/{}", booking.code.as_str()))
            .bearer_auth(booking.manage_token.as_deref().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "booking {} was confirmed but is gone after the crash", booking.code);
        let stored: Booking = response.json().await.unwrap();
        assert_eq!(stored.slot, booking.slot);
    }
    println!("{} confirmed bookings survived SIGKILL", confirmed.len());
    restarted.kill().unwrap();
    restarted.wait().unwrap();
}
