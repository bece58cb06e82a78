//! Draw benchmark (issue 18's figures): the time to draw 2,000 entries and to verify the draw.
//!
//! 1. The algorithm alone (`antrean_core::draw`): 2,000 entries for 285 places (15 days of 19
//!    one-desk slots), allocation and verification, median of BENCH_DRAW_RUNS (20) runs.
//! 2. End to end on the server in this process (SQLite; and PostgreSQL when
//!    `ANTREAN_TEST_POSTGRES_URL` names a server): MPP Tomohon's immigration counter in draw mode,
//!    2,000 entries through the API during the window (each NIK distinct, preferences from a fixed
//!    stream), then, past the close, the first request for the result: the lazy draw with every
//!    place booked through the ordinary booking path, in one transaction. Then `antrean-server
//!    verify-draw` on the published JSON (the binary, its process start included).
//!
//! Prints a table and writes it to `target/bench/draw.md`. Run: `make bench` or
//! `cargo bench -p antrean-server --bench draw`.

#![allow(clippy::expect_used)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use antrean_core::calendar::CounterCalendar;
use antrean_core::draw::allocate::DateOnly;
use antrean_core::draw::{
    allocate, verify, Capacity, DayCapacity, DrawSeed, Entry, Fingerprint, Preference, PublishedDraw, SeedStream,
    SlotCapacity,
};
use antrean_server::storage::test_database;
use chrono::{DateTime, NaiveDate, Utc};
use support::{env_number, ms, percentile};

const ENTRIES: u32 = 2_000;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    percentile(&times, 0.5)
}

/// Preferences from a fixed stream: a third any day only, a third one to three days, a third both.
fn preference(random: &mut SeedStream, days: &[NaiveDate]) -> Preference {
    let kind = random.below(3);
    let mut named = Vec::new();
    if kind > 0 {
        let count = 1 + random.below(3) as usize;
        while named.len() < count.min(days.len()) {
            let day = DateOnly(days[random.below(days.len() as u64) as usize]);
            if !named.contains(&day) {
                named.push(day);
            }
        }
    }
    Preference { days: named, any_day: kind != 1, part: None }
}

fn algorithm_alone(runs: usize) -> (Duration, Duration, usize) {
    let first = NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date");
    let days: Vec<DayCapacity> = (0..15u64)
        .map(|d| {
            let date = first + chrono::Days::new(d);
            let slots = (0..19i64)
                .map(|s| {
                    let start = date.and_hms_opt(8, 0, 0).expect("a time") + chrono::Duration::minutes(20 * s);
                    let start_utc = DateTime::<Utc>::from_naive_utc_and_offset(start, Utc);
                    SlotCapacity { start, start_utc, places: 1 }
                })
                .collect();
            DayCapacity { date, quota: None, slots }
        })
        .collect();
    let capacity = Capacity { days };
    let dates: Vec<NaiveDate> = capacity.days.iter().map(|d| d.date).collect();
    let mut random = SeedStream::new(&DrawSeed([42; 32]));
    let entries: Vec<Entry> = (0..ENTRIES)
        .map(|i| Entry {
            fingerprint: Fingerprint::of_entry("bench", &i.to_string()),
            preference: preference(&mut random, &dates),
        })
        .collect();
    let seed = DrawSeed([7; 32]);
    let mut draw_times = Vec::new();
    let mut allocation = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        allocation = allocate(&seed, &entries, &capacity).expect("the entries draw");
        draw_times.push(started.elapsed());
    }
    let published = PublishedDraw {
        draw: "bench".into(),
        opens_at: Utc::now(),
        closes_at: Utc::now(),
        commitment: seed.commitment(),
        seed,
        capacity,
        entries,
        allocation,
        forfeited: Vec::new(),
    };
    let mut verify_times = Vec::new();
    let mut given = 0;
    for _ in 0..runs {
        let started = Instant::now();
        given = verify(&published).expect("the draw verifies");
        verify_times.push(started.elapsed());
    }
    (median(draw_times), median(verify_times), given)
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the data folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a data file is copied");
        }
    }
}

/// One engine: the end-to-end row.
async fn end_to_end(engine: &str, database: String, dir: &Path) -> String {
    let data = dir.join(format!("data-{engine}"));
    copy_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data"), &data);
    let file = data.join("directory/mpp-tomohon.toml");
    let text = std::fs::read_to_string(&file).expect("Tomohon's file");
    let policy = "release = { kind = \"monthly_last_working_day\", at = \"09:00\" }";
    let drawn =
        text.replace(policy, "release = { kind = \"monthly_last_working_day\", at = \"09:00\", draw_minutes = 60 }");
    std::fs::write(&file, drawn).expect("Tomohon's file is written");
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>bench</title>").expect("index.html");
    let config = antrean_server::Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        database,
        database_pool_size: None,
        secret_file: None,
        secret: None,
        dist,
        data: data.clone(),
        hold_minutes: 7,
        post_rate_per_minute: 0,
        check_in_rate_per_minute: 0,
        cors_origins: vec![],
        frame_ancestors: vec![],
        base_path: "/".into(),
        app_config: None,
        trusted_proxies: vec![],
        max_streams: 100,
    };
    let server = antrean_server::Server::start(&config).await.expect("the server starts");
    let storage = server.storage();
    let address = server.local_addr().expect("an address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));

    let seed = antrean_core::data::load(&data).expect("the data loads");
    let mpp = seed.mpps.iter().find(|m| m.id.as_str() == "mpp-tomohon").expect("Tomohon");
    let counter = mpp.counters.iter().find(|c| c.id == "imigrasi").expect("its immigration counter");
    let calendar = CounterCalendar { mpp, counter, holidays: &seed.holidays };
    let now = storage.now().await;
    let window = calendar
        .draw_windows_around(now + chrono::Duration::days(31))
        .into_iter()
        .find(|w| w.opens_at > now)
        .expect("a window ahead");
    storage.shift_clock(window.opens_at.with_timezone(&Utc) - now + chrono::Duration::minutes(1));
    let path = format!("http://{address}/api/v1/draws/{}", window.id("mpp-tomohon", "imigrasi", "paspor-baru-dewasa"));
    let client = reqwest::Client::builder().no_proxy().build().expect("a client");
    let answers = serde_json::json!({
        "jenis": { "choice": "elektronik" }, "masa-berlaku": { "choice": "10-tahun" }, "percepatan": { "yes_no": false },
        "paspor-lama": { "yes_no": false }, "naturalisasi": { "yes_no": false }, "ganti-nama": { "yes_no": false }
    });
    let mut random = SeedStream::new(&DrawSeed([42; 32]));
    let started = Instant::now();
    for i in 0..ENTRIES {
        let nik = format!("3171011708{:02}{:04}", 80 + i / 10_000 % 20, i % 10_000);
        let body = serde_json::json!({
            "applicant": { "full_name": "Siti Nurhaliza", "nik": nik, "mobile": "0812-3456-7890" },
            "preference": preference(&mut random, &window.days),
            "answers": answers,
        });
        let response = client
            .post(format!("{path}/entries"))
            .header("idempotency-key", format!("bench-{i}"))
            .json(&body)
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status(), 201, "entry {i}");
    }
    let entering = started.elapsed();
    storage.shift_clock(chrono::Duration::minutes(60));
    let started = Instant::now();
    let response = client.get(format!("{path}/result")).send().await.expect("the result");
    let drawing = started.elapsed();
    let text = response.text().await.expect("its text");
    let published: PublishedDraw = serde_json::from_str(&text).expect("a published draw");
    let given = published.allocation.iter().filter(|o| o.slot_start.is_some()).count();
    let file = dir.join(format!("draw-{engine}.json"));
    std::fs::write(&file, &text).expect("the publication is saved");
    let started = Instant::now();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_antrean-server"))
        .arg("verify-draw")
        .arg(&file)
        .output()
        .expect("verify-draw runs");
    let verifying = started.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let _ = stop.send(());
    let _ = task.await;
    format!(
        "| {engine} | {ENTRIES} | {} | {given} | {:.1} s | {} | {} | {} KB |\n",
        published.capacity.places(),
        entering.as_secs_f64(),
        ms(drawing),
        ms(verifying),
        text.len() / 1024
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs = env_number("BENCH_DRAW_RUNS", 20) as usize;
    let (draw, check, given) = algorithm_alone(runs);
    let mut report = String::from("# Antrean draw benchmark\n\n");
    report.push_str(&format!(
        "## The algorithm alone (antrean_core::draw, release build, median of {runs})\n\n\
         | entries | places | given | draw | verify |\n|---:|---:|---:|---:|---:|\n| {ENTRIES} | 285 | {given} | {} | {} |\n\n",
        ms(draw),
        ms(check)
    ));
    report.push_str(
        "## End to end (MPP Tomohon's immigration counter in draw mode; the first request after the close draws and books)\n\n\
         | engine | entries | places | given | entering (one by one) | first result request (the draw) | verify-draw (process) | published |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sqlite = format!("sqlite://{}", dir.path().join("draw.sqlite3").display());
    report.push_str(&end_to_end("sqlite", sqlite, dir.path()).await);
    if let Some(server) = test_database::postgres_url() {
        let database = test_database::fresh_postgres(&server).await.expect("a PostgreSQL database");
        report.push_str(&end_to_end("postgres", database, dir.path()).await);
    }
    println!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out).expect("target/bench is made");
    std::fs::write(out.join("draw.md"), &report).expect("draw.md is written");
}
