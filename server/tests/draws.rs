//! Draw mode end to end on a real server (SQLite, or PostgreSQL when the run names one): the
//! window's gates, entries (one per NIK, retries, changes, withdrawals, bad input), the draw made
//! exactly once by concurrent first requests after the close, the bookings it gives through the
//! ordinary path, the published result verified, first come first served afterwards; and the
//! per-address limit on entries.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use antrean_core::draw::api::{DrawEntry, DrawInfo, DrawSchedule, DrawState, EntryStatus};
use antrean_core::draw::{verify, PublishedDraw};
use support::draw::{self as d, COUNTER, MPP, SERVICE};
use support::{nik, unique_key, TestServer};

async fn post_entry(server: &TestServer, path: &str, body: &serde_json::Value, key: &str) -> reqwest::Response {
    server
        .client
        .post(server.url(&format!("{path}/entries")))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn verify_draw(file: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_antrean-server")).arg("verify-draw").arg(file).output().unwrap()
}

async fn problem_type(response: reqwest::Response) -> String {
    let problem: serde_json::Value = response.json().await.unwrap();
    problem["type"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_draw_from_entries_to_bookings_made_once_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let config = d::config(dir.path());
    let server = TestServer::start_with(dir, &config).await;
    let now = server.storage.now().await;
    let window = d::next_window(&config, now);
    let path = d::path(&window);
    let first_day = window.days[0].to_string();
    let second_day = window.days[1].to_string();

    // Before the window: upcoming, its commitment already published; no entries taken.
    let schedule: DrawSchedule =
        server.get(&format!("/api/v1/draws/{MPP}/{COUNTER}/{SERVICE}")).await.json().await.unwrap();
    let upcoming = schedule.draws.iter().find(|i| i.id == window.id(MPP, COUNTER, SERVICE)).unwrap();
    assert_eq!(upcoming.state, DrawState::Upcoming);
    let commitment = upcoming.commitment;
    let one_day = serde_json::json!({ "days": [first_day] });
    let early = post_entry(&server, &path, &d::entry(&nik(1), one_day.clone()), &unique_key()).await;
    assert_eq!(early.status(), 409);
    assert_eq!(problem_type(early).await, "urn:antrean:problem:draw-not-open");

    // Into the window.
    server.storage.shift_clock(window.opens_at.with_timezone(&chrono::Utc) - now + chrono::Duration::minutes(5));
    let info: DrawInfo = server.get(&path).await.json().await.unwrap();
    assert_eq!(info.state, DrawState::Open);
    assert_eq!(info.commitment, commitment, "the commitment does not change");

    // Ordinary booking and holding of a released day are refused while the places are drawn.
    let availability = server.availability(MPP, COUNTER, SERVICE).await;
    let slot = support::slots_of(&availability)
        .into_iter()
        .find(|s| s["start"].as_str().unwrap().starts_with(&first_day))
        .unwrap()["start_utc"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = server.book(&support::booking(MPP, COUNTER, SERVICE, &slot, &nik(900))).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(problem_type(refused).await, "urn:antrean:problem:reserved-for-draw");
    let hold = serde_json::json!({ "mpp": MPP, "counter": COUNTER, "service": SERVICE, "slot_start": slot });
    let refused = server.post_json("/api/v1/holds", &hold).await;
    assert_eq!(problem_type(refused).await, "urn:antrean:problem:reserved-for-draw");

    // Bad entries.
    for (body, field) in [
        (d::entry("1234", one_day.clone()), "applicant.nik"),
        (d::entry(&nik(2), serde_json::json!({ "days": [] })), "preference"),
        (d::entry(&nik(2), serde_json::json!({ "days": ["2001-01-01"] })), "preference"),
        (d::entry(&nik(2), serde_json::json!({ "days": [first_day, first_day] })), "preference"),
    ] {
        let response = post_entry(&server, &path, &body, &unique_key()).await;
        assert_eq!(response.status(), 422, "{body}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }

    // 40 entries for the first day only (at most 20 places: the daily quota), one for any day.
    let mut entries: Vec<(DrawEntry, String)> = Vec::new();
    for i in 0..40 {
        let key = unique_key();
        let response = post_entry(&server, &path, &d::entry(&nik(100 + i), one_day.clone()), &key).await;
        assert_eq!(response.status(), 201);
        let entry: DrawEntry = response.json().await.unwrap();
        assert_eq!(entry.status, EntryStatus::Entered);
        let token = entry.entry_token.clone().unwrap();
        assert_eq!(entry.fingerprint, antrean_core::draw::Fingerprint::of_entry(&entry.draw.id, &token));
        entries.push((entry, key));
    }
    // A retry with the same key: the same entry and token. Another key, same NIK: refused.
    let (first, first_key) = &entries[0];
    let retry: DrawEntry =
        post_entry(&server, &path, &d::entry(&nik(100), one_day.clone()), first_key).await.json().await.unwrap();
    assert_eq!(retry.fingerprint, first.fingerprint);
    assert_eq!(retry.entry_token, first.entry_token);
    let twice = post_entry(&server, &path, &d::entry(&nik(100), one_day.clone()), &unique_key()).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(problem_type(twice).await, "urn:antrean:problem:duplicate-entry");

    let reused = post_entry(&server, &path, &d::entry(&nik(199), one_day.clone()), first_key).await;
    assert_eq!(reused.status(), 422, "one key, another applicant");
    assert_eq!(problem_type(reused).await, "urn:antrean:problem:idempotency-key-reused");

    // Change one entry to "the second day, else any day"; withdraw another (its NIK may enter again).
    let bearer = |entry: &DrawEntry| format!("Bearer {}", entry.entry_token.clone().unwrap());
    let entry_path = |entry: &DrawEntry| format!("{path}/entries/{}", entry.fingerprint);
    let changed = &entries[1].0;
    let new_preference =
        serde_json::json!({ "preference": { "days": [second_day], "any_day": true, "part": "afternoon" } });
    let response = server
        .client
        .post(server.url(&format!("{}/change", entry_path(changed))))
        .header("authorization", bearer(changed))
        .json(&new_preference)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let after_change: DrawEntry = response.json().await.unwrap();
    assert!(after_change.preference.any_day);
    let withdrawn = &entries[2].0;
    let wrong_token = server
        .client
        .post(server.url(&format!("{}/withdraw", entry_path(withdrawn))))
        .header("authorization", "Bearer not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_token.status(), 404);
    let response = server
        .client
        .post(server.url(&format!("{}/withdraw", entry_path(withdrawn))))
        .header("authorization", bearer(withdrawn))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let gone = server
        .client
        .get(server.url(&entry_path(withdrawn)))
        .header("authorization", bearer(withdrawn))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    let again = post_entry(&server, &path, &d::entry(&nik(102), one_day.clone()), &unique_key()).await;
    assert_eq!(again.status(), 201, "a withdrawn NIK enters again");
    let again: DrawEntry = again.json().await.unwrap();
    entries[2].0 = again;

    let pending = server.get(&format!("{path}/result")).await;
    assert_eq!(pending.status(), 409);
    assert_eq!(problem_type(pending).await, "urn:antrean:problem:draw-pending");

    // Past the close: twenty concurrent first requests (results, entries, draw info) draw once.
    server.storage.shift_clock(chrono::Duration::minutes(60));
    let requests = (0..20).map(|i| {
        let client = server.client.clone();
        let (entry, _) = &entries[i % entries.len()];
        let url = match i % 3 {
            0 => server.url(&format!("{path}/result")),
            1 => server.url(&entry_path(entry)),
            _ => server.url(&path),
        };
        let auth = bearer(entry);
        async move { client.get(url).header("authorization", auth).send().await.unwrap() }
    });
    let answers = futures::future::join_all(requests).await;
    assert!(answers.iter().all(|r| r.status() == 200), "{:?}", answers.iter().map(|r| r.status()).collect::<Vec<_>>());
    let mut results = Vec::new();
    for _ in 0..3 {
        results.push(server.get(&format!("{path}/result")).await.text().await.unwrap());
    }
    assert!(results.windows(2).all(|w| w[0] == w[1]), "one publication");
    let published: PublishedDraw = serde_json::from_str(&results[0]).unwrap();
    assert_eq!(published.commitment, commitment);
    assert_eq!(published.entries.len(), 40);
    let given = verify(&published).unwrap();
    let first_day_places =
        published.capacity.days[0].quota.unwrap().min(published.capacity.days[0].slots.iter().map(|s| s.places).sum());
    assert_eq!(given, first_day_places as usize + 1, "the first day's places, and the one that took any day");
    assert!(published.entries.iter().all(|e| !serde_json::to_string(e).unwrap().contains("Siti")), "nothing personal");

    // Each entry: drawn with a booking at its allocated slot (and a working manage token), or not.
    let mut drawn = 0;
    for (entry, _) in &entries {
        let answer: DrawEntry = server
            .client
            .get(server.url(&entry_path(entry)))
            .header("authorization", bearer(entry))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let outcome = published.allocation.iter().find(|o| o.fingerprint == entry.fingerprint).unwrap();
        match answer.status {
            EntryStatus::Drawn => {
                drawn += 1;
                let booking = answer.booking.unwrap();
                assert_eq!(Some(booking.slot.start_utc), outcome.slot_start);
                assert!(booking.proof.is_some() && booking.qr_svg.is_some());
                let fetched = server
                    .client
                    .get(server.url(&format!("/api/v1/bookings/{}", booking.code.as_str())))
                    .header("authorization", format!("Bearer {}", booking.manage_token.unwrap()))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(fetched.status(), 200);
            }
            EntryStatus::NotDrawn => {
                assert_eq!(outcome.slot_start, None);
                assert!(answer.draw.next_release_at.is_some(), "the next release moment is named");
            }
            EntryStatus::Entered => panic!("the draw is made"),
        }
    }
    assert_eq!(drawn, given);
    let info: DrawInfo = server.get(&path).await.json().await.unwrap();
    assert_eq!((info.state, info.drawn, info.entries), (DrawState::Drawn, Some(given as u64), 40));

    // Anyone can check the publication with the command, and a tampered one fails.
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("draw.json");
    std::fs::write(&file, &results[0]).unwrap();
    let verified = verify_draw(&file);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
    assert!(String::from_utf8_lossy(&verified.stdout).contains(&format!("({given} places given)")));
    let mut tampered = published.clone();
    let winner = tampered.allocation.iter().position(|o| o.slot_start.is_some()).unwrap();
    let loser = tampered.allocation.iter().position(|o| o.slot_start.is_none()).unwrap();
    tampered.allocation[loser].slot_start = tampered.allocation[winner].slot_start.take();
    std::fs::write(&file, serde_json::to_string(&tampered).unwrap()).unwrap();
    let refused = verify_draw(&file);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains(&format!("at position {} of the draw", winner.min(loser) + 1)), "{said}");

    // No entry, change or withdrawal after the close; places left are booked as usual.
    let late = post_entry(&server, &path, &d::entry(&nik(800), one_day.clone()), &unique_key()).await;
    assert_eq!(problem_type(late).await, "urn:antrean:problem:draw-not-open");
    let availability = server.availability(MPP, COUNTER, SERVICE).await;
    let free = support::slots_of(&availability)
        .into_iter()
        .find(|s| {
            s["start"].as_str().unwrap().starts_with(&window.days[2].to_string()) && s["remaining"].as_u64() > Some(0)
        })
        .unwrap();
    let booked =
        server.book(&support::booking(MPP, COUNTER, SERVICE, free["start_utc"].as_str().unwrap(), &nik(901))).await;
    assert_eq!(booked.status(), 201, "first come, first served after the draw");
    let full = support::slots_of(&availability)
        .into_iter()
        .find(|s| s["start"].as_str().unwrap().starts_with(&first_day))
        .unwrap();
    assert_eq!(full["remaining"], 0, "the first day went to the draw");
    server.stop().await;
}

#[tokio::test]
async fn entries_share_the_per_address_limit_of_posts() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = d::config(dir.path());
    config.post_rate_per_minute = 10; // bursts of 2
    let server = TestServer::start_with(dir, &config).await;
    let now = server.storage.now().await;
    let window = d::next_window(&config, now);
    server.storage.shift_clock(window.opens_at.with_timezone(&chrono::Utc) - now + chrono::Duration::minutes(1));
    let path = d::path(&window);
    let any = serde_json::json!({ "any_day": true });
    // Many NIKs from one address: limited.
    let mut statuses = Vec::new();
    for i in 0..6 {
        statuses.push(
            post_entry(&server, &path, &d::entry(&nik(300 + i), any.clone()), &unique_key()).await.status().as_u16(),
        );
    }
    assert!(statuses.iter().filter(|s| **s == 201).count() <= 3, "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    server.stop().await;
}

/// Two servers on one PostgreSQL database (each its own pool, clock and process state, as two
/// instances behind a load balancer): entries through both, then forty concurrent first requests
/// after the close, alternating between them, make one draw and one set of bookings.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_postgres_draw_once() {
    let Some(postgres) =
        antrean_server::storage::test_database::postgres_or_skip("two_instances_on_one_postgres_draw_once")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut config = d::config(dir.path());
    config.database = antrean_server::storage::test_database::fresh_postgres(&postgres).await.unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let servers = [TestServer::start_with(dir, &config).await, TestServer::start_with(other_dir, &config).await];
    let now = servers[0].storage.now().await;
    let window = d::next_window(&config, now);
    let path = d::path(&window);
    let into_window = window.opens_at.with_timezone(&chrono::Utc) - now + chrono::Duration::minutes(5);
    for server in &servers {
        server.storage.shift_clock(into_window);
    }
    let days = serde_json::json!({ "days": [window.days[0].to_string(), window.days[1].to_string()] });
    let mut entries = Vec::new();
    for i in 0..60u32 {
        let server = &servers[i as usize % 2];
        let response = post_entry(server, &path, &d::entry(&nik(500 + i), days.clone()), &unique_key()).await;
        assert_eq!(response.status(), 201);
        entries.push(response.json::<DrawEntry>().await.unwrap());
    }
    for server in &servers {
        server.storage.shift_clock(chrono::Duration::minutes(60));
    }
    let requests = (0..40).map(|i| {
        let server = &servers[i % 2];
        let entry = &entries[i % entries.len()];
        let url = match i % 2 {
            0 => server.url(&format!("{path}/result")),
            _ => server.url(&format!("{path}/entries/{}", entry.fingerprint)),
        };
        let request =
            server.client.get(url).header("authorization", format!("Bearer {}", entry.entry_token.clone().unwrap()));
        async move { request.send().await.unwrap() }
    });
    let answers = futures::future::join_all(requests).await;
    assert!(answers.iter().all(|r| r.status() == 200), "{:?}", answers.iter().map(|r| r.status()).collect::<Vec<_>>());
    let a = servers[0].get(&format!("{path}/result")).await.text().await.unwrap();
    let b = servers[1].get(&format!("{path}/result")).await.text().await.unwrap();
    assert_eq!(a, b, "one publication, whichever instance answers");
    let published: PublishedDraw = serde_json::from_str(&a).unwrap();
    let given = verify(&published).unwrap();
    assert!(given > 0 && given < 60, "{given}");
    // Every slot holds exactly the bookings the allocation gave it.
    let mut per_slot = std::collections::BTreeMap::new();
    for slot in published.allocation.iter().filter_map(|o| o.slot_start) {
        *per_slot.entry(slot).or_insert(0u32) += 1;
    }
    for (slot, expected) in per_slot {
        assert_eq!(servers[0].storage_count(MPP, COUNTER, slot).await, expected, "{slot}");
    }
    for server in servers {
        server.stop().await;
    }
}

/// The availability after the close is the first request that needs the draw: it makes it, and
/// counts its bookings.
#[tokio::test]
async fn availability_after_the_close_counts_the_draw() {
    let dir = tempfile::tempdir().unwrap();
    let config = d::config(dir.path());
    let server = TestServer::start_with(dir, &config).await;
    let now = server.storage.now().await;
    let window = d::next_window(&config, now);
    let path = d::path(&window);
    server.storage.shift_clock(window.opens_at.with_timezone(&chrono::Utc) - now + chrono::Duration::minutes(1));
    let first_day = window.days[0].to_string();
    for i in 0..5 {
        let body = d::entry(&nik(700 + i), serde_json::json!({ "days": [first_day] }));
        assert_eq!(post_entry(&server, &path, &body, &unique_key()).await.status(), 201);
    }
    let taken = |availability: &serde_json::Value| {
        support::slots_of(availability)
            .iter()
            .filter(|s| s["start"].as_str().unwrap().starts_with(&first_day))
            .map(|s| s["capacity"].as_u64().unwrap() - s["remaining"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(taken(&server.availability(MPP, COUNTER, SERVICE).await), 0);
    server.storage.shift_clock(chrono::Duration::minutes(60));
    assert_eq!(taken(&server.availability(MPP, COUNTER, SERVICE).await), 5, "drawn, and counted");
    let info: DrawInfo = server.get(&path).await.json().await.unwrap();
    assert_eq!((info.state, info.drawn), (DrawState::Drawn, Some(5)));
    server.stop().await;
}

/// A NIK drawn for a day on which it already holds a booking of the service at another counter
/// (Pekanbaru releases the same month an hour later by the clock, after this window closed) keeps
/// that booking: the drawn place is forfeited, left for first come, first served, and the draw
/// still verifies.
#[tokio::test]
async fn a_place_drawn_for_a_nik_booked_elsewhere_that_day_is_forfeited() {
    let dir = tempfile::tempdir().unwrap();
    let config = d::config(dir.path());
    let server = TestServer::start_with(dir, &config).await;
    let now = server.storage.now().await;
    let window = d::next_window(&config, now);
    let path = d::path(&window);
    let day = window.days[0].to_string();
    server.storage.shift_clock(window.opens_at.with_timezone(&chrono::Utc) - now + chrono::Duration::minutes(1));
    let entry = d::entry(&nik(42), serde_json::json!({ "days": [day] }));
    assert_eq!(post_entry(&server, &path, &entry, &unique_key()).await.status(), 201);
    // Past the close (Tomohon's 10:00 WITA) and Pekanbaru's release (09:00 WIB, the same instant).
    server.storage.shift_clock(chrono::Duration::minutes(120));
    let url =
        format!("/api/v1/mpps/mpp-pekanbaru/counters/imigrasi/availability?service={SERVICE}&from={day}&to={day}");
    let availability: serde_json::Value = server.get(&url).await.json().await.unwrap();
    let slot = support::slots_of(&availability)
        .into_iter()
        .find(|s| s["bookable"] == true)
        .unwrap_or_else(|| panic!("Pekanbaru does not open {day}: {availability}"));
    let booked = server
        .book(&support::booking("mpp-pekanbaru", "imigrasi", SERVICE, slot["start_utc"].as_str().unwrap(), &nik(42)))
        .await;
    assert_eq!(booked.status(), 201);
    let result = server.get(&format!("{path}/result")).await;
    assert_eq!(result.status(), 200);
    let published: PublishedDraw = result.json().await.unwrap();
    assert_eq!(verify(&published).unwrap(), 1, "the allocation stands as drawn");
    assert_eq!(published.forfeited, vec![published.allocation[0].fingerprint]);
    let info: DrawInfo = server.get(&path).await.json().await.unwrap();
    assert_eq!((info.state, info.drawn), (DrawState::Drawn, Some(0)), "no booking made");
    server.stop().await;
}
