//! Staff on a real loopback port (SQLite, or PostgreSQL under `scripts/postgres.sh run`): signing
//! in and out, a session's end, the operator's `staff add|remove` command, one counter's token
//! never reaching another counter's queue, and the audit of every action (numbers, never citizens).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use antrean_core::api::ProblemKind;
use support::calling::{add_staff, sign_in_response, Staff, PASSWORD};
use support::{checked_in, nik, problem, walk_in, TestServer, PEKANBARU};

fn base(server: &TestServer) -> String {
    format!("http://{}", server.address)
}

#[tokio::test]
async fn a_wrong_name_and_a_wrong_password_get_one_answer_and_the_right_ones_a_shift() {
    let server = TestServer::start().await;
    add_staff(&server.database, "rina", "mpp-pekanbaru", "dukcapil").await;
    let client = &server.client;
    let wrong_password = sign_in_response(client, &base(&server), "rina", "not the password", 1).await;
    assert_eq!(wrong_password.headers()["www-authenticate"], "Bearer");
    let wrong_password = problem(wrong_password, 401).await;
    let unknown = problem(sign_in_response(client, &base(&server), "nobody", PASSWORD, 1).await, 401).await;
    assert_eq!(wrong_password, unknown, "nothing tells a real username from an unknown one");
    assert_eq!(unknown.kind, ProblemKind::SignInFailed);

    // Dukcapil has 4 desks; no counter has 100.
    let refused = problem(sign_in_response(client, &base(&server), "rina", PASSWORD, 5).await, 422).await;
    assert_eq!(refused.errors[0].field, "desk");
    for desk in [0, 100] {
        let refused = problem(sign_in_response(client, &base(&server), "nobody", PASSWORD, desk).await, 422).await;
        assert_eq!(refused.kind, ProblemKind::InvalidInput, "the request's shape first, for any username");
    }
    let wrong_desk = problem(sign_in_response(client, &base(&server), "rina", "not the password", 5).await, 401).await;
    assert_eq!(wrong_desk, unknown, "a wrong password is told before the desk");

    let staff = Staff::sign_in(client, &base(&server), "rina", 2).await;
    let session = &staff.session;
    assert_eq!((session.counter.as_str(), session.desk, session.mpp.as_str()), ("dukcapil", 2, "mpp-pekanbaru"));
    assert_eq!(session.token.len(), 43, "32 random bytes in base64url");
    let hours = (session.expires_at - support::now()).num_minutes();
    assert!((479..=481).contains(&hours), "a shift of 8 hours, {hours} minutes");
    let queue = staff.queue().await;
    assert_eq!((queue.counter.as_str(), queue.desk), ("dukcapil", 2));
    assert!(
        queue.transfer_to.iter().any(|c| c.id == "imigrasi") && queue.transfer_to.iter().all(|c| c.id != "dukcapil")
    );

    // Only the token's hash is stored.
    let stored =
        count(&server, &format!("SELECT count(*) FROM staff_session WHERE token_hash = '{}'", session.token)).await;
    assert_eq!(stored, 0);

    let signed_out = staff.client.delete(server.url("/api/v1/staff/sessions/current")).bearer_auth(&session.token);
    assert_eq!(signed_out.send().await.unwrap().status(), 204);
    let after = staff.get("/api/v1/staff/queue").await;
    assert_eq!(after.headers()["www-authenticate"], "Bearer");
    assert_eq!(problem(after, 401).await.kind, ProblemKind::SessionRequired);
    server.stop().await;
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database).await.unwrap();
    let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
    pool.close().await;
    n
}

async fn execute(server: &TestServer, sql: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database).await.unwrap();
    sqlx::query(sql).execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test]
async fn no_token_a_made_up_one_and_an_expired_one_are_each_refused() {
    let server = TestServer::start().await;
    add_staff(&server.database, "budi", "mpp-pekanbaru", "dukcapil").await;
    let staff = Staff::sign_in(&server.client, &base(&server), "budi", 1).await;
    assert_eq!(staff.get("/api/v1/staff/queue").await.status(), 200);

    let none = server.client.get(server.url("/api/v1/staff/queue")).send().await.unwrap();
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    assert_eq!(problem(none, 401).await.kind, ProblemKind::SessionRequired);
    let made_up = server.client.post(server.url("/api/v1/staff/queue/call-next")).bearer_auth("x".repeat(43));
    assert_eq!(problem(made_up.send().await.unwrap(), 401).await.kind, ProblemKind::SessionRequired);

    // The shift ends.
    execute(&server, "UPDATE staff_session SET expires_at = '2020-01-01T00:00:00Z'").await;
    assert_eq!(problem(staff.get("/api/v1/staff/queue").await, 401).await.kind, ProblemKind::SessionRequired);
    server.stop().await;
}

fn staff_command(args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_antrean-server"))
        .arg("staff")
        .args(args)
        .env("ANTREAN_DATA", support::seed_data())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[tokio::test]
async fn the_operator_adds_and_removes_accounts_with_the_command() {
    let server = TestServer::start().await;
    let database = server.database.clone();
    let add = |mpp: &'static str, counter: &'static str, user: &'static str| {
        vec!["add", "--database", &database, "--mpp", mpp, "--counter", counter, "--username", user]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let run = |args: Vec<String>, stdin: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        staff_command(&args, stdin)
    };
    let (ok, text) = run(add("mpp-pekanbaru", "dukcapil", "sari"), "pendek\n");
    assert!(!ok && text.contains("at least 10"), "{text}");
    let (ok, text) = run(add("mpp-nowhere", "dukcapil", "sari"), "panjang-sekali-123\n");
    assert!(!ok && text.contains("no MPP mpp-nowhere"), "{text}");
    let (ok, text) = run(add("mpp-pekanbaru", "kantin", "sari"), "panjang-sekali-123\n");
    assert!(!ok && text.contains("no counter kantin"), "{text}");
    let (ok, text) = run(add("mpp-pekanbaru", "dukcapil", "sari"), "panjang-sekali-123\n");
    assert!(ok, "{text}");
    let (ok, text) = run(add("mpp-pekanbaru", "imigrasi", "sari"), "another-password-1\n");
    assert!(!ok && text.contains("taken"), "{text}");

    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "dari-berkas-rahasia\n").unwrap();
    let mut args = add("mpp-pekanbaru", "imigrasi", "tono");
    args.extend(["--password-file".to_owned(), file.path().display().to_string()]);
    assert!(run(args, "").0);

    let client = &server.client;
    assert_eq!(sign_in_response(client, &base(&server), "sari", "panjang-sekali-123", 1).await.status(), 201);
    let tono = sign_in_response(client, &base(&server), "tono", "dari-berkas-rahasia", 3).await;
    assert_eq!(tono.status(), 201);
    let token = tono.json::<antrean_core::calling::StaffSession>().await.unwrap().token;

    let (ok, text) = staff_command(&["remove", "--database", &database, "--username", "tono"], "");
    assert!(ok, "{text}");
    let after = server.client.get(server.url("/api/v1/staff/queue")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(after.status(), 401, "removing an account ends its sessions");
    let (ok, text) = staff_command(&["remove", "--database", &database, "--username", "tono"], "");
    assert!(!ok && text.contains("no account named tono"), "{text}");
    assert_eq!(sign_in_response(client, &base(&server), "tono", "dari-berkas-rahasia", 3).await.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn a_counters_token_never_reads_or_changes_another_counters_queue() {
    let server = TestServer::start().await;
    add_staff(&server.database, "dewi", "mpp-pekanbaru", "dukcapil").await;
    add_staff(&server.database, "eko", "mpp-pekanbaru", "imigrasi").await;
    let dukcapil = Staff::sign_in(&server.client, &base(&server), "dewi", 1).await;
    let imigrasi = Staff::sign_in(&server.client, &base(&server), "eko", 1).await;
    let passport = walk_in(&server, "mpp-pekanbaru", "imigrasi").await;
    assert_eq!(passport, "I-001");

    // Dukcapil sees only its own queue, and nothing waits there.
    assert!(dukcapil.waiting().await.is_empty());
    assert_eq!(problem(dukcapil.call_next().await, 409).await.kind, ProblemKind::QueueEmpty);
    for action in ["call-again", "served", "absent"] {
        assert_eq!(problem(dukcapil.act(&passport, action, None).await, 404).await.kind, ProblemKind::NotFound);
    }
    let priority = Some(serde_json::json!({ "priority": "lansia" }));
    assert_eq!(dukcapil.act(&passport, "priority", priority).await.status(), 404);
    let transfer = Some(serde_json::json!({ "counter": "polri" }));
    assert_eq!(dukcapil.act(&passport, "transfer", transfer).await.status(), 404);

    // Imigrasi may not send a number to itself or to a counter its MPP does not have.
    for to in ["imigrasi", "kantin"] {
        let refused = imigrasi.act(&passport, "transfer", Some(serde_json::json!({ "counter": to }))).await;
        assert_eq!(problem(refused, 422).await.errors[0].field, "counter");
    }
    // A waiting number cannot be served; a number the counter never gave is not found.
    assert_eq!(imigrasi.waiting().await, ["I-001"]);
    assert_eq!(problem(imigrasi.act("I-001", "served", None).await, 409).await.kind, ProblemKind::TicketWrongState);
    let unknown = problem(imigrasi.act("I-077", "served", None).await, 404).await;
    assert!(unknown.detail.unwrap().contains("/api/v1/staff/queue/tickets/I-077"));
    assert_eq!(imigrasi.act("not-a-number", "served", None).await.status(), 404);
    server.stop().await;
}

/// at, username, mpp_id, counter_id, desk, action, queue_number, detail.
type AuditRow = (String, String, String, String, i64, String, Option<String>, Option<String>);

#[tokio::test]
async fn every_action_is_audited_with_numbers_and_never_the_citizen() {
    let server = TestServer::start().await;
    add_staff(&server.database, "fitri", "mpp-pekanbaru", "dukcapil").await;
    let ticket = checked_in(&server, PEKANBARU, 41, 20).await;
    let number = ticket.queue_number.to_string();
    let staff = Staff::sign_in(&server.client, &base(&server), "fitri", 3).await;
    assert_eq!(staff.call_next().await.status(), 200);
    assert_eq!(staff.act(&number, "call-again", None).await.status(), 200);
    assert_eq!(staff.act(&number, "absent", None).await.status(), 200);

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.database).await.unwrap();
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT at, username, mpp_id, counter_id, desk, action, queue_number, detail FROM staff_audit ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    let actions: Vec<&str> = rows.iter().map(|r| r.5.as_str()).collect();
    assert_eq!(actions, ["call_next", "call_again", "absent"]);
    for row in &rows {
        assert_eq!((row.1.as_str(), row.2.as_str(), row.3.as_str(), row.4), ("fitri", "mpp-pekanbaru", "dukcapil", 3));
        assert_eq!(row.6.as_deref(), Some(number.as_str()));
        let text = format!("{row:?}");
        for personal in [nik(41).as_str(), &nik(41)[12..], ticket.code.as_str(), "Siti", "0812"] {
            assert!(!text.contains(personal), "{text} holds {personal}");
        }
    }
    server.stop().await;
}
