//! The hall display's stream on a real loopback port (SQLite, or PostgreSQL under
//! `scripts/postgres.sh run`): the current view at once, a new one within a second of a call, the
//! current view again after the server restarts, a graceful shutdown that does not wait on open
//! streams, and the cap on open streams.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use antrean_core::api::ProblemKind;
use support::calling::{add_staff, Events, Staff};
use support::{problem, walk_in, TestServer};

async fn open(server: &TestServer, mpp: &str) -> Events {
    let response = server.get(&format!("/api/v1/mpps/{mpp}/queue/stream")).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    Events::new(response)
}

#[tokio::test]
async fn the_stream_sends_the_view_at_once_then_each_change_within_a_second_and_again_after_a_restart() {
    let server = TestServer::start().await;
    add_staff(&server.database, "kiki", "mpp-pekanbaru", "imigrasi").await;
    let mut events = open(&server, "mpp-pekanbaru").await;
    let first = events.next(Duration::from_secs(5)).await.expect("the current view at once");
    assert_eq!((first.name.as_str(), first.id.as_str()), ("queue", "0"));
    assert!(first.queue.counters.is_empty(), "no numbers yet today");

    let number = walk_in(&server, "mpp-pekanbaru", "imigrasi").await;
    let walked_in = events.next(Duration::from_secs(2)).await.expect("the walk-in's view");
    assert_eq!(walked_in.queue.counters[0].waiting[0].to_string(), number);
    assert_eq!(walked_in.id, walked_in.queue.version.to_string());

    let desk = Staff::sign_in(&server.client, &format!("http://{}", server.address), "kiki", 1).await;
    let pressed = Instant::now();
    assert_eq!(desk.call_next().await.status(), 200);
    let called = events.next(Duration::from_secs(1)).await.expect("an event within a second of the call");
    assert!(pressed.elapsed() < Duration::from_secs(1));
    assert_eq!(called.queue.counters[0].serving[0].number.to_string(), number);
    assert!(called.queue.version > walked_in.queue.version);
    // Nothing personal in it: numbers, counters, desks and times.
    let json = serde_json::to_string(&called.queue).unwrap();
    assert!(!json.contains("nik") && !json.contains("code") && !json.contains("Siti"), "{json}");

    // A restart: the open stream ends (the shutdown does not wait on it), and a display that
    // reconnects to the new server gets the current view again.
    let stopped = tokio::time::timeout(Duration::from_secs(10), server.restart()).await;
    let server = stopped.expect("a graceful shutdown with an open stream");
    assert!(events.next(Duration::from_secs(2)).await.is_none(), "the old stream ended");
    let mut events = open(&server, "mpp-pekanbaru").await;
    let again = events.next(Duration::from_secs(5)).await.expect("the current view after the restart");
    assert_eq!(again.queue, called.queue);
    server.stop().await;
}

#[tokio::test]
async fn a_change_made_elsewhere_arrives_by_the_databases_version() {
    let server = TestServer::start().await;
    let mut events = open(&server, "mpp-pekanbaru").await;
    assert!(events.next(Duration::from_secs(5)).await.is_some());
    // Another instance (here: another server on the same database) gives a number.
    let other = TestServer::start_with(tempfile::tempdir().unwrap(), &server.config).await;
    walk_in(&other, "mpp-pekanbaru", "imigrasi").await;
    let event = events.next(Duration::from_secs(3)).await.expect("polled within a second or so");
    assert_eq!(event.queue.counters[0].waiting.len(), 1);
    other.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn beyond_the_maximum_of_open_streams_a_display_is_told_to_retry() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.max_streams = 1;
    let server = TestServer::start_with(dir, &config).await;
    let mut events = open(&server, "mpp-pekanbaru").await;
    assert!(events.next(Duration::from_secs(5)).await.is_some());
    let refused = server.get("/api/v1/mpps/mpp-pekanbaru/queue/stream").await;
    assert_eq!(refused.headers()["retry-after"], "10");
    assert_eq!(problem(refused, 503).await.kind, ProblemKind::TooManyStreams);
    // The plain view is not a stream: still served.
    assert_eq!(server.get("/api/v1/mpps/mpp-pekanbaru/queue").await.status(), 200);
    assert_eq!(server.get("/api/v1/mpps/mpp-nowhere/queue/stream").await.status(), 404);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_displays_each_get_a_call_within_a_second_from_one_read_of_the_view() {
    let server = TestServer::start().await;
    add_staff(&server.database, "lala", "mpp-pekanbaru", "imigrasi").await;
    walk_in(&server, "mpp-pekanbaru", "imigrasi").await;
    let mut displays = Vec::new();
    for _ in 0..50 {
        let mut events = open(&server, "mpp-pekanbaru").await;
        assert!(events.next(Duration::from_secs(5)).await.is_some());
        displays.push(events);
    }
    let desk = Staff::sign_in(&server.client, &format!("http://{}", server.address), "lala", 1).await;
    let reads = server.hall.view_reads();
    let pressed = Instant::now();
    assert_eq!(desk.call_next().await.status(), 200);
    let waits = displays.iter_mut().map(|events| async move { events.next(Duration::from_secs(1)).await });
    let events = futures::future::join_all(waits).await;
    assert!(pressed.elapsed() < Duration::from_millis(1500));
    assert!(events.iter().all(|e| e.as_ref().is_some_and(|e| e.queue.counters[0].serving.len() == 1)));
    // The fifty streams sent one view, read from the database once.
    assert_eq!(server.hall.view_reads() - reads, 1);
    let first = events[0].as_ref().map(|e| e.queue.clone());
    assert!(events.iter().all(|e| e.as_ref().map(|e| e.queue.clone()) == first));
    server.stop().await;
}
