//! Calling the queue end to end on a real loopback port (SQLite, or PostgreSQL under
//! `scripts/postgres.sh run`): the calling order (priority first, then numbers sent from another
//! counter, booked citizens by slot, walk-ins by arrival), what each action does to the desk's and
//! the hall's views, and twenty desks pressing "call next" at once (on two instances with
//! PostgreSQL) never getting the same number.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;

use antrean_core::calling::{HallQueue, Position, StaffQueue, TicketOrigin};
use antrean_server::storage::test_database;
use serde_json::json;
use support::calling::{add_staff, Staff};
use support::{checked_in, problem, walk_in, TestServer, PEKANBARU};

const LEBAK_PASSPORTS: (&str, &str, &str) = ("mpp-lebak", "imigrasi", "paspor-baru-dewasa");

fn base(server: &TestServer) -> String {
    format!("http://{}", server.address)
}

async fn hall(server: &TestServer, mpp: &str) -> HallQueue {
    let response = server.get(&format!("/api/v1/mpps/{mpp}/queue")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

async fn called(response: reqwest::Response) -> StaffQueue {
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn priority_first_then_booked_by_slot_then_walk_ins_by_arrival() {
    let server = TestServer::start().await;
    add_staff(&server.database, "gita", "mpp-lebak", "imigrasi").await;
    let first_walk_in = walk_in(&server, "mpp-lebak", "imigrasi").await;
    let later_slot = checked_in(&server, LEBAK_PASSPORTS, 51, 40).await.queue_number.to_string();
    let earlier_slot = checked_in(&server, LEBAK_PASSPORTS, 52, 20).await.queue_number.to_string();
    let second_walk_in = walk_in(&server, "mpp-lebak", "imigrasi").await;
    assert_eq!([&*first_walk_in, &*later_slot, &*earlier_slot, &*second_walk_in], ["I-001", "I-002", "I-003", "I-004"]);

    let desk = Staff::sign_in(&server.client, &base(&server), "gita", 1).await;
    assert_eq!(desk.waiting().await, ["I-003", "I-002", "I-001", "I-004"]);
    let queue = desk.queue().await;
    assert!(matches!(queue.waiting[0].origin, TicketOrigin::Booked { .. }));
    assert_eq!(queue.waiting[2].origin, TicketOrigin::WalkIn);

    // An elderly citizen with the last walk-in number goes first.
    let lansia = desk.act("I-004", "priority", Some(json!({ "priority": "lansia" }))).await;
    let queue = called(lansia).await;
    assert_eq!(queue.waiting[0].priority, Some(antrean_core::calling::Priority::Lansia));
    assert_eq!(desk.waiting().await, ["I-004", "I-003", "I-002", "I-001"]);
    let version = queue.version;

    // Call next: I-004 to desk 1; the hall shows it being served and the rest waiting in order.
    let queue = called(desk.call_next().await).await;
    let current = queue.current.unwrap();
    assert_eq!((current.number.to_string().as_str(), current.desk, current.calls), ("I-004", 1, 1));
    assert!(queue.version > version);
    let view = hall(&server, "mpp-lebak").await;
    assert_eq!(view.version, queue.version);
    let counter = &view.counters[0];
    assert_eq!(counter.counter, "imigrasi");
    assert_eq!(counter.serving, [current]);
    let waiting: Vec<String> = counter.waiting.iter().map(ToString::to_string).collect();
    assert_eq!(waiting, ["I-003", "I-002", "I-001"]);
    assert_eq!(view.position("I-002".parse().unwrap()), Position::Waiting { ahead: 1, now_serving: Some(current) });

    // Called again: the same number, a second call. A priority for a number not waiting is refused.
    let again = called(desk.act("I-004", "call-again", None).await).await.current.unwrap();
    assert_eq!((again.number, again.calls), (current.number, 2));
    assert_eq!(
        problem(desk.act("I-004", "priority", Some(json!({ "priority": "balita" }))).await, 409).await.status,
        409
    );

    // The next call serves I-004; absent and served mark the called number only.
    let queue = called(desk.call_next().await).await;
    assert_eq!(queue.current.unwrap().number.to_string(), "I-003");
    let queue = called(desk.act("I-003", "absent", None).await).await;
    assert_eq!(queue.current, None);
    assert_eq!(called(desk.call_next().await).await.current.unwrap().number.to_string(), "I-002");
    let queue = called(desk.act("I-002", "served", None).await).await;
    assert_eq!((queue.current, queue.waiting.len()), (None, 1));
    assert_eq!(called(desk.call_next().await).await.current.unwrap().number.to_string(), "I-001");
    assert_eq!(problem(desk.call_next().await, 409).await.kind, antrean_core::api::ProblemKind::QueueEmpty);

    let view = hall(&server, "mpp-lebak").await;
    let recent: Vec<String> = view.counters[0].recent.iter().map(|c| c.number.to_string()).collect();
    assert_eq!(recent[..4].iter().collect::<HashSet<_>>().len(), 4, "{recent:?}");
    assert!(view.counters[0].waiting.is_empty());
    assert_eq!(view.position("I-003".parse().unwrap()), Position::Gone);
    server.stop().await;
}

#[tokio::test]
async fn a_number_sent_to_another_counter_keeps_it_and_waits_before_the_others_there() {
    let server = TestServer::start().await;
    add_staff(&server.database, "hadi", "mpp-pekanbaru", "dukcapil").await;
    add_staff(&server.database, "indah", "mpp-pekanbaru", "imigrasi").await;
    let civil = checked_in(&server, PEKANBARU, 61, 20).await.queue_number.to_string();
    let passport = walk_in(&server, "mpp-pekanbaru", "imigrasi").await;
    let dukcapil = Staff::sign_in(&server.client, &base(&server), "hadi", 4).await;
    let imigrasi = Staff::sign_in(&server.client, &base(&server), "indah", 2).await;
    assert_eq!(called(dukcapil.call_next().await).await.current.unwrap().number.to_string(), civil);

    let sent = called(dukcapil.act(&civil, "transfer", Some(json!({ "counter": "imigrasi" }))).await).await;
    assert_eq!((sent.current, sent.waiting.len()), (None, 0));
    let queue = imigrasi.queue().await;
    let numbers: Vec<String> = queue.waiting.iter().map(|t| t.number.to_string()).collect();
    assert_eq!(numbers, [civil.as_str(), passport.as_str()], "sent over: it waited once already");
    assert_eq!(queue.waiting[0].transferred_from.as_deref(), Some("dukcapil"));

    let view = hall(&server, "mpp-pekanbaru").await;
    let counters: Vec<&str> = view.counters.iter().map(|c| c.counter.as_str()).collect();
    assert_eq!(counters, ["dukcapil", "imigrasi"], "the MPP's order");
    assert!(view.counters[0].waiting.is_empty() && view.counters[0].serving.is_empty());
    assert!(matches!(view.position(civil.parse().unwrap()), Position::Waiting { ahead: 0, .. }));

    let call = called(imigrasi.call_next().await).await.current.unwrap();
    assert_eq!((call.number.to_string(), call.desk, call.calls), (civil.clone(), 2, 1));
    // Dukcapil cannot touch it any more: it is imigrasi's now.
    assert_eq!(dukcapil.act(&civil, "served", None).await.status(), 404);
    server.stop().await;
}

/// The base URLs of the servers to call: two instances on one PostgreSQL database when the tests
/// have one (the `Child`ren are killed on drop), else the one in-process server.
struct Instances {
    urls: Vec<String>,
    children: Vec<std::process::Child>,
}

impl Drop for Instances {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn instances(server: &TestServer) -> Instances {
    if test_database::postgres_url().is_some() {
        let spawned: Vec<_> = (0..2).map(|_| support::spawn_binary(&server.config, &[])).collect();
        let (children, urls) = spawned.into_iter().unzip();
        Instances { urls, children }
    } else {
        Instances { urls: vec![base(server)], children: Vec::new() }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_desks_calling_next_at_once_never_get_the_same_number() {
    let server = TestServer::start().await;
    add_staff(&server.database, "joko", "mpp-pekanbaru", "imigrasi").await;
    for _ in 0..25 {
        walk_in(&server, "mpp-pekanbaru", "imigrasi").await;
    }
    let instances = instances(&server);
    let mut desks = Vec::new();
    for i in 0..20 {
        let url = &instances.urls[i % instances.urls.len()];
        desks.push(Staff::sign_in(&server.client, url, "joko", (i % 3 + 1) as u16).await);
    }
    let calls = desks.iter().map(|desk| async move { desk.call_next().await.status() });
    let statuses = futures::future::join_all(calls).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database).await.unwrap();
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT queue_number FROM staff_audit WHERE action = 'call_next' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, calls FROM queue_ticket ORDER BY number").fetch_all(&pool).await.unwrap();
    pool.close().await;
    assert_eq!(audited.len(), 20);
    assert_eq!(audited.iter().collect::<HashSet<_>>().len(), 20, "each number called once: {audited:?}");
    let expected: Vec<String> = (1..=20).map(|n| format!("I-{n:03}")).collect();
    let mut sorted = audited.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "in calling order (walk-ins by arrival), none skipped");
    assert!(states.iter().all(|(_, calls)| *calls <= 1));
    assert_eq!(states.iter().filter(|(state, _)| state == "waiting").count(), 5);
    // Each desk has one number called now; the others it called before are served.
    assert_eq!(states.iter().filter(|(state, _)| state == "called").count(), 3);
    drop(instances);
    server.stop().await;
}
