//! Starting and stopping: invalid seed data refuses to start with a precise error, `--help`
//! documents every flag and its environment variable, and SIGTERM stops the binary gracefully.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use antrean_server::{Server, StartError};

#[tokio::test]
async fn invalid_seed_data_refuses_to_start_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("directory")).unwrap();
    let tomohon = std::fs::read_to_string(support::seed_data().join("directory/mpp-tomohon.toml")).unwrap();
    std::fs::write(
        data.join("directory/mpp-tomohon.toml"),
        tomohon.replace("zone = \"Asia/Makassar\"", "zone = \"WITA\""),
    )
    .unwrap();
    config.data = data;
    let error = Server::start(&config).await.err().expect("must refuse to start");
    assert!(matches!(error, StartError::Data { .. }));
    let text = error.to_string();
    assert!(text.contains("mpp-tomohon.toml at zone"), "{text}");
    assert!(!dir.path().join("var/test.sqlite3").exists(), "nothing is created from invalid data");
}

#[tokio::test]
async fn a_missing_web_app_build_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config_in(dir.path());
    config.dist = dir.path().join("no-dist");
    let error = Server::start(&config).await.err().expect("must refuse to start");
    assert!(error.to_string().contains("web app is not built"), "{error}");
}

#[test]
fn help_documents_every_flag_and_its_environment_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_antrean-server")).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for (flag, env) in [
        ("--listen", "ANTREAN_LISTEN"),
        ("--database", "ANTREAN_DATABASE_URL"),
        ("--dist", "ANTREAN_DIST"),
        ("--data", "ANTREAN_DATA"),
    ] {
        assert!(help.contains(flag), "{flag} missing from --help:\n{help}");
        assert!(help.contains(env), "{env} missing from --help:\n{help}");
    }
    assert!(help.contains("127.0.0.1:8080"), "{help}");
}

#[test]
fn the_binary_prints_its_url_logs_requests_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let config = support::config_in(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_antrean-server"))
        .env("ANTREAN_LISTEN", "127.0.0.1:0")
        .env("ANTREAN_DATABASE_URL", &config.database)
        .env("ANTREAN_DIST", &config.dist)
        .env("ANTREAN_DATA", &config.data)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
    let url = first_line.split_whitespace().find(|word| word.starts_with("http://")).expect(&first_line).to_owned();

    assert!(reqwest::blocking_get(&format!("{url}api/v1/mpps")).contains("mpp-tomohon"));
    let searched = reqwest::blocking_get(&format!("{url}api/v1/mpps?q=3171011708450001"));
    assert!(searched.starts_with(r#"{"items":[],"holidays":{"#), "{searched}");

    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit status {:?}", output.status);
    let log = String::from_utf8_lossy(&output.stderr);
    let line = log.lines().find(|line| line.contains("GET /api/v1/mpps")).expect(&log);
    assert!(line.contains(" 200 "), "{line}");
    assert!(line.contains(" ms"), "{line}");
    assert!(!log.contains("3171011708450001"), "the query string (personal data) is never logged");
    assert!(log.contains("shutting down"), "{log}");
}

/// A tiny blocking GET for the one test that drives the binary from a plain thread.
#[allow(clippy::unwrap_used)]
mod reqwest {
    pub fn blocking_get(url: &str) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async { ::reqwest::get(url).await.unwrap().text().await.unwrap() })
    }
}
