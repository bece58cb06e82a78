//! Load benchmark of the reference server on this machine (clients and servers share its cores),
//! on each engine and number of instances: SQLite with one instance; PostgreSQL with one and with
//! two instances on one database (when `ANTREAN_TEST_POSTGRES_URL` names a server: `make bench`
//! starts a durable one with scripts/postgres.sh). Every instance is the server binary, in its own
//! process, on a new database.
//!
//! 1. availability: `GET …/availability` sent open-loop at a fixed rate (default 1,000 requests/s
//!    for 10 s, spread over the instances); latency p50/p90/p99/max and the rate achieved;
//! 2. booking rush: thousands of bookings sent at once (64 in flight, spread over the instances)
//!    over every Dukcapil counter; bookings committed per second, and an audit in the database that
//!    no slot holds more bookings than desks and that every 201 is there.
//!
//! Prints a table and writes it to `target/bench/load.md`. Run: `make bench` (or
//! `cargo bench -p antrean-server --bench load`). Knobs: BENCH_RATE, BENCH_SECONDS, BENCH_BOOKINGS,
//! BENCH_POOL (connections per instance), BENCH_ENGINES (`postgres` skips SQLite). The CPU columns
//! say where the machine's two cores went during the rush: the clients, the servers, PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{env_number, ms, percentile};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use antrean_server::storage::test_database;

fn nik(serial: u32) -> String {
    format!("3171011708{:02}{:04}", 60 + serial / 10_000 % 40, serial % 10_000)
}

/// CPU seconds (user + system) a process has used so far, from /proc (0 where there is none).
fn cpu_seconds(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0.0 };
    // Fields after the command name (which may hold spaces): state is the 3rd, utime the 14th.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    ticks as f64 / 100.0
}

/// CPU seconds used so far by this process (the clients), the server instances and PostgreSQL's
/// processes (every process named `postgres`).
fn cpu_split(children: &[Child]) -> [f64; 3] {
    let servers = children.iter().map(|c| cpu_seconds(&c.id().to_string())).sum();
    let postgres = std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|pid| pid.chars().all(|c| c.is_ascii_digit()))
                .filter(|pid| {
                    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres")
                })
                .map(|pid| cpu_seconds(&pid))
                .sum()
        })
        .unwrap_or(0.0);
    [cpu_seconds("self"), servers, postgres]
}

/// Server processes on one database, killed when dropped.
struct Instances {
    children: Vec<Child>,
    bases: Vec<String>,
}

impl Drop for Instances {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn(database: &str, dist: &Path, count: usize) -> Instances {
    use std::io::{BufRead, BufReader};
    let mut instances = Instances { children: Vec::new(), bases: Vec::new() };
    for _ in 0..count {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_antrean-server"));
        command
            .env("ANTREAN_LISTEN", "127.0.0.1:0")
            .env("ANTREAN_DATABASE_URL", database)
            .env("ANTREAN_DIST", dist)
            .env("ANTREAN_DATA", Path::new(env!("CARGO_MANIFEST_DIR")).join("../data"))
            .env("ANTREAN_POST_RATE_PER_MINUTE", "0")
            .env("ANTREAN_LOG", "warn")
            .stdout(std::process::Stdio::piped());
        if let Some(pool) = std::env::var("BENCH_POOL").ok().filter(|p| !p.is_empty()) {
            command.env("ANTREAN_DATABASE_POOL_SIZE", pool);
        }
        let mut child = command.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.split_whitespace().find(|w| w.starts_with("http://")).expect(&line).trim_end_matches('/');
        instances.bases.push(base.to_owned());
        instances.children.push(child);
    }
    instances
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>bench</title>").unwrap();
    let mut report = String::from("# Antrean server load benchmark\n\n");
    report.push_str(&format!(
        "Machine: {} cores; clients and servers on the same machine. SQLite: WAL, synchronous=FULL. \
         PostgreSQL: fsync and synchronous_commit on (scripts/postgres.sh --durable).\n\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    ));
    // BENCH_ENGINES=postgres measures PostgreSQL only.
    let mut scenarios = Vec::new();
    if std::env::var("BENCH_ENGINES").map_or(true, |e| e.contains("sqlite")) {
        scenarios.push(("SQLite", 1usize, format!("sqlite://{}", dir.path().join("bench.sqlite3").display())));
    }
    match test_database::postgres_url() {
        Some(server) => {
            for instances in [1, 2] {
                scenarios.push(("PostgreSQL", instances, test_database::fresh_postgres(&server).await.unwrap()));
            }
        }
        None => report
            .push_str("PostgreSQL: not measured (ANTREAN_TEST_POSTGRES_URL is not set; `make bench` sets it).\n\n"),
    }
    let mut availability = String::from(
        "## Availability (GET, open loop)\n\n| engine | instances | target rate | achieved | requests | errors | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut rush = String::from(
        "## Booking rush (POST, 64 in flight)\n\n| engine | instances | requests | 201 | 409 | other | committed/s | requests/s | p50 | p99 | oversold slots | bookings in DB | CPU: clients | CPU: servers | CPU: PostgreSQL |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut failures = Vec::new();
    for (engine, count, database) in &scenarios {
        let instances = spawn(database, &dist, *count);
        let label = format!("| {engine} | {count} ");
        availability.push_str(&format!("{label}{}", measure_availability(&instances.bases).await));
        let before = cpu_split(&instances.children);
        let (row, audit) = measure_rush(&instances.bases, database).await;
        let after = cpu_split(&instances.children);
        let [client, servers, postgres] = [0, 1, 2].map(|i| after[i] - before[i]);
        rush.push_str(&format!("{label}{row}| {client:.1} s | {servers:.1} s | {postgres:.1} s |\n"));
        if let Err(failure) = audit {
            failures.push(format!("{engine} × {count}: {failure}"));
        }
        drop(instances);
    }
    report.push_str(&availability);
    report.push('\n');
    report.push_str(&rush);
    println!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("load.md"), &report).unwrap();
    assert!(failures.is_empty(), "{failures:?}");
}

/// Availability requests at a fixed rate, round-robin over the instances: one table row's cells.
async fn measure_availability(bases: &[String]) -> String {
    let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(256).build().unwrap();
    let rate = env_number("BENCH_RATE", 1000);
    let seconds = env_number("BENCH_SECONDS", 10);
    let path = "/api/v1/mpps/mpp-pekanbaru/counters/dukcapil/availability?service=ktp-baru";
    for base in bases {
        assert_eq!(client.get(format!("{base}{path}")).send().await.unwrap().status(), 200);
    }
    let total = rate * seconds;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let started = Instant::now();
    let mut handles = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = started + interval * i as u32;
        tokio::time::sleep_until(due.into()).await;
        let (client, url) = (client.clone(), format!("{}{path}", bases[i as usize % bases.len()]));
        handles.push(tokio::spawn(async move {
            let sent = Instant::now();
            let ok = client.get(&url).send().await.map(|r| r.status().is_success()).unwrap_or(false);
            (sent.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::with_capacity(handles.len());
    let mut errors = 0;
    for handle in handles {
        let (latency, ok) = handle.await.unwrap();
        latencies.push(latency);
        errors += usize::from(!ok);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    format!(
        "| {rate}/s | {:.0}/s | {total} | {errors} | {} | {} | {} | {} |\n",
        total as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO)),
    )
}

/// Bookings in flight during the rush: one keep-alive connection each.
const IN_FLIGHT: usize = 64;

/// One client of the rush: a keep-alive connection to `base` that sends its bookings one after
/// another and reads each answer to its end; the status (0 when the connection failed: the next
/// booking opens another) and the time of each. hyper's own HTTP/1.1 connection, without a pool:
/// the clients share the machine's two cores with the servers and PostgreSQL, so they do as little
/// as a client can.
async fn send_bookings(base: String, requests: Vec<(String, Vec<u8>)>) -> Vec<(u16, Duration)> {
    use http_body_util::BodyExt as _;
    let authority = base.trim_start_matches("http://").to_owned();
    let connect = || async {
        let stream = tokio::net::TcpStream::connect(&authority).await.ok()?;
        stream.set_nodelay(true).ok()?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.ok()?;
        tokio::spawn(connection);
        Some(sender)
    };
    let mut sender = connect().await;
    let mut answers = Vec::with_capacity(requests.len());
    for (key, body) in requests {
        let sent = Instant::now();
        let request = hyper::Request::post("/api/v1/bookings")
            .header(hyper::header::HOST, &authority)
            .header("idempotency-key", key)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))
            .unwrap();
        let status = match sender.as_mut() {
            Some(connection) => match connection.send_request(request).await {
                Ok(answer) => {
                    let status = answer.status().as_u16();
                    if answer.into_body().collect().await.is_ok() {
                        status
                    } else {
                        0
                    }
                }
                Err(_) => 0,
            },
            None => 0,
        };
        if status == 0 {
            sender = connect().await;
        }
        answers.push((status, sent.elapsed()));
    }
    answers
}

/// The booking rush, round-robin over the instances, and the audit in the database: one table
/// row's cells, and whether the audit passed.
async fn measure_rush(bases: &[String], database: &str) -> (String, Result<(), String>) {
    let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(256).build().unwrap();
    let base = &bases[0];
    // 2. Booking rush over every Dukcapil counter.
    let mpps: serde_json::Value =
        client.get(format!("{base}/api/v1/mpps?service=ktp-baru")).send().await.unwrap().json().await.unwrap();
    let mut by_mpp: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for mpp in mpps["items"].as_array().unwrap() {
        let id = mpp["id"].as_str().unwrap();
        let availability: serde_json::Value = client
            .get(format!("{base}/api/v1/mpps/{id}/counters/dukcapil/availability?service=ktp-baru"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for day in availability["days"].as_array().unwrap().iter().skip(1).filter(|d| d["status"] == "open") {
            for slot in day["slots"].as_array().unwrap().iter().filter(|s| s["bookable"] == true) {
                by_mpp.entry(id.to_owned()).or_default().push(slot["start_utc"].as_str().unwrap().to_owned());
            }
        }
    }
    // Round robin over the MPPs, as when many offices release their places at once: consecutive
    // bookings go to different MPPs (in order over one MPP's days and slots, they would queue on one
    // day's quota row; see the README on what limits a rush on one day).
    let mut targets: Vec<(String, String)> = Vec::new();
    let longest = by_mpp.values().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for (mpp, slots) in &by_mpp {
            if let Some(slot) = slots.get(i) {
                targets.push((mpp.clone(), slot.clone()));
            }
        }
    }
    let bookings = env_number("BENCH_BOOKINGS", 6000) as u32;
    // The requests are made before the clock starts; request i goes to connection i % 64, and
    // connection c to instance c % instances (so request i to instance i % instances).
    let mut per_connection: Vec<Vec<(String, Vec<u8>)>> = vec![Vec::new(); IN_FLIGHT];
    for i in 0..bookings {
        let (mpp, slot) = &targets[i as usize % targets.len()];
        let body = serde_json::json!({
            "mpp": mpp, "counter": "dukcapil", "service": "ktp-baru", "slot_start": slot,
            "applicant": { "full_name": "Peserta Uji Beban", "nik": nik(i), "mobile": "081234567890" },
            "answers": { "syarat": { "choice": "usia-17" } }
        });
        per_connection[i as usize % IN_FLIGHT].push((format!("bench-{i}"), serde_json::to_vec(&body).unwrap()));
    }
    let started = Instant::now();
    let connections: Vec<_> = per_connection
        .into_iter()
        .enumerate()
        .map(|(c, requests)| tokio::spawn(send_bookings(bases[c % bases.len()].clone(), requests)))
        .collect();
    let mut statuses: BTreeMap<u16, u32> = BTreeMap::new();
    let mut latencies = Vec::new();
    for connection in connections {
        for (status, latency) in connection.await.unwrap() {
            *statuses.entry(status).or_default() += 1;
            latencies.push(latency);
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let created = statuses.get(&201).copied().unwrap_or(0);

    // Audit: no slot holds more active bookings than the counter has desks.
    let storage = antrean_server::storage::Storage::open(database).await.unwrap();
    let seed = antrean_core::data::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
    let mut oversold = 0;
    let mut counted = 0;
    let mut seen = std::collections::BTreeSet::new();
    for (mpp, slot) in &targets {
        if !seen.insert((mpp.clone(), slot.clone())) {
            continue;
        }
        let start = chrono::DateTime::parse_from_rfc3339(slot).unwrap().with_timezone(&chrono::Utc);
        let n = storage.active_bookings_in_slot(mpp, "dukcapil", start).await.unwrap();
        let desks = seed
            .mpps
            .iter()
            .find(|m| m.id.as_str() == mpp)
            .unwrap()
            .counters
            .iter()
            .find(|c| c.id == "dukcapil")
            .unwrap()
            .desks;
        counted += n;
        oversold += u32::from(n > u32::from(desks));
    }
    storage.close().await;
    let row = format!(
        "| {bookings} | {created} | {} | {} | {:.0}/s | {:.0}/s | {} | {} | {oversold} | {counted} ",
        statuses.get(&409).copied().unwrap_or(0),
        bookings - created - statuses.get(&409).copied().unwrap_or(0),
        f64::from(created) / elapsed.as_secs_f64(),
        f64::from(bookings) / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
    );
    let audit = if oversold > 0 {
        Err(format!("{oversold} slots oversold"))
    } else if counted != created {
        Err(format!("{created} answered 201 but {counted} bookings in the database"))
    } else {
        Ok(())
    };
    (row, audit)
}
