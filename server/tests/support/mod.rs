//! A real server on a loopback port with a fresh database, the real seed data and a small fake
//! build of the web app, for the integration tests.

// Test scaffolding: a failure to set up is a failed test, so unwrap is the right answer here.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use antrean_server::{Config, Server};
use tokio::sync::oneshot;

pub const HASHED_JS: &str = "antrean-0123456789abcdef.js";
pub const INDEX_HTML: &str =
    "<!doctype html><title>Antrean</title><script src=\"/antrean-0123456789abcdef.js\"></script>";

pub struct TestServer {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: tempfile::TempDir,
}

pub fn seed_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// A configuration on port 0 with its own database and a fake `dist` folder.
pub fn config_in(dir: &Path) -> Config {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(dist.join(HASHED_JS), "console.log('antrean');\n".repeat(20)).unwrap();
    std::fs::write(dist.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: format!("sqlite://{}", dir.join("var/test.sqlite3").display()),
        dist,
        data: seed_data(),
    }
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let config = config_in(dir.path());
        TestServer::start_with(dir, &config).await
    }

    pub async fn start_with(dir: tempfile::TempDir, config: &Config) -> TestServer {
        let server = Server::start(config).await.unwrap();
        let address = server.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        TestServer { address, client, stop: Some(stop), task: Some(task), _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Stops the server gracefully and waits until it has finished.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}
