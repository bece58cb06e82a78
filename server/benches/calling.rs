//! Calling benchmark of the reference server on this machine (clients and servers share its cores):
//! issue 17's closing figures, against the server binary in its own process over loopback.
//!
//! 1. "call next" to the phone and the hall display: one instance with 100+ walk-in numbers at
//!    Imigrasi of MPP Pekanbaru, a staff account made by the operator's `staff add` command, two
//!    Server-Sent Events clients on the MPP's stream (the phone and the display), then 100 calls one
//!    after another, each waiting until both clients saw it. A call's latency, per client, runs from
//!    just before the POST is sent to the moment that client has received and parsed the event
//!    whose view has the called number in `serving`. On SQLite, and on PostgreSQL (when
//!    `ANTREAN_TEST_POSTGRES_URL` names a server: `make bench` starts a durable one) with the POST
//!    and the streams on one instance, then with the POST on instance A and the streams on B (B
//!    learns of the change from its once-a-second poll of the versions): calls back to back (each
//!    lands just after the poll that delivered the last, so waits about a whole period), and calls
//!    after pauses spread over the poll's second (a desk's calls fall at any phase of the poll).
//! 2. Open streams per instance: N clients on one fresh instance's stream (1,000, 5,000, 10,000),
//!    then one call next: the time until every client got the event (p50/p99/max), and the
//!    server's resident memory idle, with the N streams open, and at its peak.
//!
//! Prints the tables and writes them to `target/bench/calling.md`. Run: `make bench` (after the
//! load benchmark) or `cargo bench -p antrean-server --bench calling`. Knobs: BENCH_CALLS (100),
//! BENCH_STREAMS (`1000,5000,10000`), BENCH_ENGINES (`postgres` skips SQLite, `sqlite` skips
//! PostgreSQL). Each client and the server hold one descriptor per stream: a size above the
//! process's open-file limit is skipped, and said so.

#![allow(clippy::expect_used)]

mod support;

use support::{env_number, ms, percentile};

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use antrean_core::calling::{HallQueue, StaffQueue, StaffSession};
use antrean_core::queue::QueueNumber;
use antrean_server::storage::test_database;
use tokio::sync::{mpsc, Semaphore};

const MPP: &str = "mpp-pekanbaru";
/// Imigrasi of MPP Pekanbaru takes walk-ins.
const COUNTER: &str = "imigrasi";
const USERNAME: &str = "bench-desk";
const PASSWORD: &str = "kata-sandi-bench-123";
/// How long a client may wait for an event before the run is called failed.
const EVENT_WAIT: Duration = Duration::from_secs(60);
/// Streams opened at once while N clients connect (the listener's backlog is finite).
const OPENING: usize = 256;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// A line of /proc/<pid>/status in MiB (e.g. `VmRSS`, `VmHWM`); 0 where there is none.
fn memory_mib(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// This process's soft limit on open files (from /proc, as no crate here calls getrlimit).
fn open_file_limit() -> u64 {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits.lines().find(|l| l.starts_with("Max open files"))?.to_owned();
            line.split_whitespace().nth(3)?.parse().ok()
        })
        .unwrap_or(1024)
}

/// One server process, killed when dropped.
struct Server {
    child: Child,
    base: String,
    /// Where its log (stderr) goes.
    log: PathBuf,
}

impl Server {
    /// The warnings the server logged so far, by message (e.g. the pool's slow acquisitions).
    fn warnings(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for line in std::fs::read_to_string(&self.log).unwrap_or_default().lines() {
            if let Some((_, message)) = line.split_once("WARN") {
                // The message without its fields (which carry numbers), and without colour codes.
                let message: String = message.chars().filter(|c| !c.is_control()).collect();
                let message = message.trim_start_matches("[0m").trim();
                let words = message.split_whitespace().take_while(|w| !w.contains('=') && !w.starts_with('['));
                *counts.entry(words.collect::<Vec<_>>().join(" ")).or_default() += 1;
            }
        }
        counts
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server binary on `database` with the rate limits off and room for `max_streams`; its
/// log goes to a file next to `dist`.
fn spawn(database: &str, dist: &Path, max_streams: usize) -> Server {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log = dist.with_file_name(format!("server-{number}.log"));
    let stderr = std::fs::File::create(&log).expect("the server's log file is made");
    let mut child = Command::new(env!("CARGO_BIN_EXE_antrean-server"))
        .env("ANTREAN_LISTEN", "127.0.0.1:0")
        .env("ANTREAN_DATABASE_URL", database)
        .env("ANTREAN_DIST", dist)
        .env("ANTREAN_DATA", data_dir())
        .env("ANTREAN_LOG", "warn")
        .args(["--post-rate-per-minute", "0", "--check-in-rate-per-minute", "0"])
        .args(["--max-streams", &max_streams.to_string()])
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the server binary starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("the server's stdout is piped");
    BufReader::new(stdout).read_line(&mut line).expect("the server says where it listens");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in the server's first line: {line}"))
        .trim_end_matches('/')
        .to_owned();
    Server { child, base, log }
}

/// Adds the desk's account with the operator's command, `antrean-server staff add`.
fn add_staff(database: &str) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_antrean-server"))
        .args(["staff", "add", "--database", database, "--mpp", MPP, "--counter", COUNTER, "--username", USERNAME])
        .arg("--data")
        .arg(data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("`antrean-server staff add` starts");
    let mut stdin = command.stdin.take().expect("the command's stdin is piped");
    writeln!(stdin, "{PASSWORD}").expect("the password is written to `staff add`");
    drop(stdin);
    assert!(command.wait().expect("`staff add` ends").success(), "`antrean-server staff add` failed");
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("an HTTP client")
}

/// Signs the desk in at desk 1 on the server at `base`: its bearer token.
async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let body = serde_json::json!({ "username": USERNAME, "password": PASSWORD, "desk": 1 });
    let response = client.post(format!("{base}/api/v1/staff/sessions")).json(&body).send().await.expect("sign in");
    assert_eq!(response.status(), 201, "the desk signs in");
    response.json::<StaffSession>().await.expect("a staff session").token
}

/// Takes `count` walk-in numbers at the counter.
async fn walk_ins(client: &reqwest::Client, base: &str, count: usize) {
    let url = format!("{base}/api/v1/mpps/{MPP}/counters/{COUNTER}/walk-ins");
    for _ in 0..count {
        let response = client.post(&url).send().await.expect("a walk-in");
        assert_eq!(response.status(), 201, "a walk-in number is given");
    }
}

/// Presses "call next": the number called.
async fn call_next(client: &reqwest::Client, base: &str, token: &str) -> QueueNumber {
    let response = client
        .post(format!("{base}/api/v1/staff/queue/call-next"))
        .bearer_auth(token)
        .send()
        .await
        .expect("call next is answered");
    assert_eq!(response.status(), 200, "call next succeeds");
    let queue: StaffQueue = response.json().await.expect("the desk's queue");
    queue.current.expect("a number was called (one waits)").number
}

/// One Server-Sent Event, as the EventSource of a browser dispatches it.
struct SseEvent {
    name: String,
    data: String,
}

/// Reads the events of a `text/event-stream` answer by the rules of the HTML standard: lines end
/// with CR LF, LF or CR; a blank line dispatches the event; `data` lines are joined with LF; one
/// space after the colon is dropped; comments (`:` first) and unknown fields are ignored.
struct EventStream {
    response: reqwest::Response,
    buffer: Vec<u8>,
    name: String,
    data: String,
}

impl EventStream {
    /// Opens the MPP's queue stream on the server at `base`.
    async fn open(client: &reqwest::Client, base: &str) -> Result<EventStream, String> {
        let response = client
            .get(format!("{base}/api/v1/mpps/{MPP}/queue/stream"))
            .header("accept", "text/event-stream")
            .send()
            .await
            .map_err(|error| format!("connect: {error}"))?;
        if response.status() != 200 {
            return Err(format!("status {}", response.status()));
        }
        Ok(EventStream { response, buffer: Vec::new(), name: String::new(), data: String::new() })
    }

    /// The next complete line of the buffer, without its ending.
    fn take_line(&mut self) -> Option<String> {
        let end = self.buffer.iter().position(|b| *b == b'\n' || *b == b'\r')?;
        let ending = if self.buffer[end] == b'\r' {
            match self.buffer.get(end + 1) {
                Some(b'\n') => 2,
                Some(_) => 1,
                // A CR last in the buffer: an LF may follow in the next chunk.
                None => return None,
            }
        } else {
            1
        };
        let line = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
        self.buffer.drain(..end + ending);
        Some(line)
    }

    /// The next event; `None` when the stream ended.
    async fn next(&mut self) -> Result<Option<SseEvent>, String> {
        loop {
            while let Some(line) = self.take_line() {
                if line.is_empty() {
                    let name = std::mem::take(&mut self.name);
                    let mut data = std::mem::take(&mut self.data);
                    if data.is_empty() {
                        continue;
                    }
                    data.pop(); // the LF after the last data line
                    let name = if name.is_empty() { "message".to_owned() } else { name };
                    return Ok(Some(SseEvent { name, data }));
                }
                if line.starts_with(':') {
                    continue;
                }
                let (field, value) = line.split_once(':').unwrap_or((&line, ""));
                let value = value.strip_prefix(' ').unwrap_or(value);
                match field {
                    "event" => value.clone_into(&mut self.name),
                    "data" => {
                        self.data.push_str(value);
                        self.data.push('\n');
                    }
                    _ => {} // id, retry: not needed here
                }
            }
            match self.response.chunk().await.map_err(|error| format!("read: {error}"))? {
                Some(chunk) => self.buffer.extend_from_slice(&chunk),
                None => return Ok(None),
            }
        }
    }

    /// The next `queue` event's view, with the moment it was parsed.
    async fn next_queue(&mut self) -> Result<(Instant, HallQueue), String> {
        loop {
            let event = self.next().await?.ok_or("the stream ended")?;
            if event.name == "queue" {
                let view = serde_json::from_str(&event.data).map_err(|error| format!("parse: {error}"))?;
                return Ok((Instant::now(), view));
            }
        }
    }
}

fn serving(view: &HallQueue, number: QueueNumber) -> bool {
    view.counters.iter().any(|counter| counter.serving.iter().any(|call| call.number == number))
}

/// A client that reads the stream on its own task and hands on every view, with when it came.
struct Watcher {
    views: mpsc::UnboundedReceiver<(Instant, HallQueue)>,
}

impl Watcher {
    /// Opens the stream and waits for its first view.
    async fn start(client: &reqwest::Client, base: &str) -> Watcher {
        let mut stream = EventStream::open(client, base).await.expect("the queue stream opens");
        let (sender, mut views) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok(view) = stream.next_queue().await {
                if sender.send(view).is_err() {
                    return;
                }
            }
        });
        tokio::time::timeout(EVENT_WAIT, views.recv()).await.expect("the first view comes").expect("the stream lives");
        Watcher { views }
    }

    /// When the first view with `number` being served came.
    async fn seen(&mut self, number: QueueNumber) -> Instant {
        loop {
            let next = tokio::time::timeout(EVENT_WAIT, self.views.recv()).await;
            let (at, view) = next.expect("the call reaches the client in time").expect("the stream lives");
            if serving(&view, number) {
                return at;
            }
        }
    }
}

/// How calls follow each other in the first table.
#[derive(Clone, Copy)]
enum Pace {
    /// Each call at once after the last one reached both clients.
    BackToBack,
    /// Each call after a pause spread over one poll period (the golden-ratio sequence), so that
    /// calls fall at every phase of the other instance's poll, as a desk's calls do: back to back,
    /// each call lands just after the poll that delivered the last, and waits a whole period.
    SpreadOverPoll,
}

/// Latencies of `calls` calls, one after another (POST to `post`, the two clients on `stream`):
/// the rows of the first table (phone, display, the POST's answer), after `label`'s cells.
async fn measure_latency(label: &str, post: &str, stream: &str, token: &str, calls: usize, pace: Pace) -> String {
    let client = http_client();
    let mut phone = Watcher::start(&http_client(), stream).await;
    let mut display = Watcher::start(&http_client(), stream).await;
    let (mut to_phone, mut to_display, mut answers) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..calls {
        if let Pace::SpreadOverPoll = pace {
            let phase = (i as f64 * 0.618_033_988_749_895).fract();
            tokio::time::sleep(antrean_server::hall_stream::POLL.mul_f64(phase)).await;
        }
        let sent = Instant::now();
        let number = call_next(&client, post, token).await;
        answers.push(sent.elapsed());
        to_phone.push(phone.seen(number).await.saturating_duration_since(sent));
        to_display.push(display.seen(number).await.saturating_duration_since(sent));
    }
    let mut rows = String::new();
    for (who, latencies) in [("phone", &mut to_phone), ("hall display", &mut to_display), ("POST answer", &mut answers)]
    {
        latencies.sort();
        rows.push_str(&format!(
            "| {label} | {who} | {calls} | {} | {} | {} |\n",
            ms(percentile(latencies, 0.50)),
            ms(percentile(latencies, 0.99)),
            ms(*latencies.last().unwrap_or(&Duration::ZERO)),
        ));
    }
    rows
}

/// One client of the many: opens its stream, says it is ready after the first view, then waits
/// for the view with `number` being served: when it came.
async fn many_client(
    client: reqwest::Client,
    base: String,
    number: QueueNumber,
    opening: Arc<Semaphore>,
    ready: mpsc::UnboundedSender<Result<(), String>>,
) -> Result<Instant, String> {
    let permit = opening.acquire_owned().await.map_err(|error| error.to_string())?;
    let opened = async {
        let mut stream = EventStream::open(&client, &base).await?;
        tokio::time::timeout(EVENT_WAIT, stream.next_queue()).await.map_err(|_| "no first view")??;
        Ok::<_, String>(stream)
    }
    .await;
    drop(permit);
    let _ = ready.send(opened.as_ref().map(|_| ()).map_err(Clone::clone));
    let mut stream = opened?;
    loop {
        let (at, view) = stream.next_queue().await?;
        if serving(&view, number) {
            return Ok(at);
        }
    }
}

/// N streams on one fresh instance, then one call: a row of the second table, and whether it
/// worked (every stream opened and got the call).
async fn measure_streams(engine: &str, database: &str, dist: &Path, streams: usize) -> (String, bool) {
    let server = spawn(database, dist, streams + 16);
    let pid = server.child.id();
    add_staff(database);
    let client = http_client();
    let token = sign_in(&client, &server.base).await;
    walk_ins(&client, &server.base, 2).await;
    let idle = memory_mib(pid, "VmRSS");

    let opening = Arc::new(Semaphore::new(OPENING));
    let (ready_sender, mut ready) = mpsc::unbounded_channel();
    let number: QueueNumber = "I-001".parse().expect("a queue number");
    let started = Instant::now();
    let handles: Vec<_> = (0..streams)
        .map(|_| {
            let (client, base) = (client.clone(), server.base.clone());
            tokio::spawn(many_client(client, base, number, opening.clone(), ready_sender.clone()))
        })
        .collect();
    drop(ready_sender);
    let (mut opened, mut refused, mut first_refusal) = (0, 0, None);
    while let Ok(Some(outcome)) = tokio::time::timeout(EVENT_WAIT, ready.recv()).await {
        match outcome {
            Ok(()) => opened += 1,
            Err(error) => {
                refused += 1;
                first_refusal.get_or_insert(error);
            }
        }
        if opened + refused == streams {
            break;
        }
    }
    let open_time = started.elapsed();
    let with_streams = memory_mib(pid, "VmRSS");

    let sent = Instant::now();
    let called = call_next(&client, &server.base, &token).await;
    assert_eq!(called, number, "the first walk-in is called first");
    let mut latencies = Vec::with_capacity(streams);
    let mut failures = 0;
    for handle in handles {
        match tokio::time::timeout(EVENT_WAIT, handle).await {
            Ok(Ok(Ok(at))) => latencies.push(at.saturating_duration_since(sent)),
            _ => failures += 1,
        }
    }
    let peak = memory_mib(pid, "VmHWM");
    let warnings = server.warnings();
    drop(server);
    latencies.sort();
    let per_stream = if opened > 0 { (with_streams - idle) * 1024.0 / opened as f64 } else { 0.0 };
    let note = first_refusal.map(|error| format!(" (first refusal: {error})")).unwrap_or_default();
    let warnings = if warnings.is_empty() {
        "none".to_owned()
    } else {
        warnings.iter().map(|(message, count)| format!("{count} × {message}")).collect::<Vec<_>>().join("; ")
    };
    let row = format!(
        "| {engine} | {streams} | {opened}{note} | {:.2} s | {} | {} | {} | {} | {idle:.0} MiB | {with_streams:.0} MiB | {peak:.0} MiB | {per_stream:.0} KiB | {warnings} |\n",
        open_time.as_secs_f64(),
        latencies.len(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO)),
    );
    (row, refused == 0 && failures == 0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("the dist folder is made");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>bench</title>").expect("index.html is written");
    let calls = env_number("BENCH_CALLS", 100) as usize;
    let sizes: Vec<usize> = std::env::var("BENCH_STREAMS")
        .unwrap_or_else(|_| "1000,5000,10000".to_owned())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let engines = std::env::var("BENCH_ENGINES").unwrap_or_else(|_| "sqlite,postgres".to_owned());
    let postgres = test_database::postgres_url().filter(|_| engines.contains("postgres"));
    let sqlite = |name: &str| format!("sqlite://{}", dir.path().join(format!("{name}.sqlite3")).display());
    let limit = open_file_limit();

    let mut report = String::from("# Antrean calling benchmark\n\n");
    report.push_str(&format!(
        "Machine: {} cores; clients and servers on the same machine; open-file limit {limit}. SQLite: WAL, \
         synchronous=FULL. PostgreSQL: fsync and synchronous_commit on (scripts/postgres.sh --durable).\n\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    ));
    if postgres.is_none() && engines.contains("postgres") {
        report.push_str("PostgreSQL: not measured (ANTREAN_TEST_POSTGRES_URL is not set; `make bench` sets it).\n\n");
    }

    let mut latency = format!(
        "## Call next → phone and hall display ({calls} calls one after another; from just before the POST to the parsed event)\n\n\
         | engine | POST to → stream from | client | calls | p50 | p99 | max |\n|---|---|---|---:|---:|---:|---:|\n"
    );
    if engines.contains("sqlite") {
        let database = sqlite("latency");
        let server = spawn(&database, &dist, 100);
        add_staff(&database);
        let client = http_client();
        walk_ins(&client, &server.base, calls + 10).await;
        let token = sign_in(&client, &server.base).await;
        latency.push_str(
            &measure_latency("SQLite | one instance", &server.base, &server.base, &token, calls, Pace::BackToBack)
                .await,
        );
    }
    if let Some(url) = &postgres {
        let database = test_database::fresh_postgres(url).await.expect("a fresh PostgreSQL database");
        let (a, b) = (spawn(&database, &dist, 100), spawn(&database, &dist, 100));
        add_staff(&database);
        let client = http_client();
        walk_ins(&client, &a.base, 3 * calls + 10).await;
        let token = sign_in(&client, &a.base).await;
        latency
            .push_str(&measure_latency("PostgreSQL | A → A", &a.base, &a.base, &token, calls, Pace::BackToBack).await);
        for (label, pace) in [
            ("PostgreSQL | A → B, back to back", Pace::BackToBack),
            ("PostgreSQL | A → B, calls spread over the poll's second", Pace::SpreadOverPoll),
        ] {
            latency.push_str(&measure_latency(label, &a.base, &b.base, &token, calls, pace).await);
        }
    }

    let mut many = String::from(
        "## Open streams on one instance, then one call next\n\n\
         | engine | streams | opened | time to open | got the call | p50 | p99 | max | server RSS idle | with the streams open | peak (VmHWM) | per stream | server warnings |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    let mut notes = Vec::new();
    let mut databases = Vec::new();
    if engines.contains("sqlite") {
        databases.push(("SQLite", None));
    }
    if let Some(url) = &postgres {
        databases.push(("PostgreSQL", Some(url.clone())));
    }
    for (engine, server) in &databases {
        let mut largest = None;
        for &streams in &sizes {
            // The client and the server each hold one descriptor per stream, plus a few.
            if streams as u64 + 64 > limit {
                notes.push(format!("{engine}: {streams} streams skipped: the open-file limit is {limit}"));
                continue;
            }
            let database = match server {
                Some(url) => test_database::fresh_postgres(url).await.expect("a fresh PostgreSQL database"),
                None => sqlite(&format!("streams-{streams}")),
            };
            let (row, worked) = measure_streams(engine, &database, &dist, streams).await;
            print!("{row}");
            many.push_str(&row);
            if !worked {
                notes.push(format!("{engine}: {streams} streams did not all open or get the call"));
                break;
            }
            largest = Some(streams);
        }
        let largest = largest.map_or_else(|| "none".to_owned(), |n| n.to_string());
        notes.push(format!("{engine}: the largest number of streams measured that worked: {largest}"));
    }

    report.push_str(&latency);
    report.push('\n');
    report.push_str(&many);
    report.push('\n');
    for note in &notes {
        report.push_str(&format!("- {note}\n"));
    }
    println!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out).expect("target/bench is made");
    std::fs::write(out.join("calling.md"), &report).expect("calling.md is written");
}
