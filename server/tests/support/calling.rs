//! Staff at their desks and the hall's stream, for the calling tests: accounts made as the
//! operator's command makes them, a signed-in desk's requests, and a Server-Sent Events reader.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use antrean_core::calling::{HallQueue, StaffQueue, StaffSession};
use antrean_server::storage::staff::Accounts;
use antrean_server::storage::StaffAccount;

/// The password of every test account.
pub const PASSWORD: &str = "kata-sandi-uji-123";

/// Adds a staff account to the database at `database`.
pub async fn add_staff(database: &str, username: &str, mpp: &str, counter: &str) {
    let accounts = Accounts::open(database).await.unwrap();
    let password_hash = antrean_server::password::hash(PASSWORD).unwrap();
    let account = StaffAccount { username: username.into(), mpp: mpp.into(), counter: counter.into(), password_hash };
    accounts.add(&account).await.unwrap();
    accounts.close().await;
}

/// A sign-in attempt at `base` (the server's URL).
pub async fn sign_in_response(
    client: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
    desk: u16,
) -> reqwest::Response {
    let body = serde_json::json!({ "username": username, "password": password, "desk": desk });
    client.post(format!("{base}/api/v1/staff/sessions")).json(&body).send().await.unwrap()
}

/// A signed-in desk.
#[derive(Clone)]
pub struct Staff {
    pub base: String,
    pub client: reqwest::Client,
    pub session: StaffSession,
}

impl Staff {
    /// Signs `username` in at `desk` of their counter, on the server at `base`.
    pub async fn sign_in(client: &reqwest::Client, base: &str, username: &str, desk: u16) -> Staff {
        let response = sign_in_response(client, base, username, PASSWORD, desk).await;
        assert_eq!(response.status(), 201);
        Staff { base: base.to_owned(), client: client.clone(), session: response.json().await.unwrap() }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        let url = format!("{}{path}", self.base);
        self.client.get(url).bearer_auth(&self.session.token).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Option<serde_json::Value>) -> reqwest::Response {
        let request = self.client.post(format!("{}{path}", self.base)).bearer_auth(&self.session.token);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.unwrap()
    }

    /// The desk's view, which must be answered `200`.
    pub async fn queue(&self) -> StaffQueue {
        let response = self.get("/api/v1/staff/queue").await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn call_next(&self) -> reqwest::Response {
        self.post("/api/v1/staff/queue/call-next", None).await
    }

    /// `call-again`, `served`, `absent` (no body), `transfer` or `priority` (with one).
    pub async fn act(&self, number: &str, action: &str, body: Option<serde_json::Value>) -> reqwest::Response {
        self.post(&format!("/api/v1/staff/queue/tickets/{number}/{action}"), body).await
    }

    /// The numbers waiting at the desk's counter, in calling order.
    pub async fn waiting(&self) -> Vec<String> {
        self.queue().await.waiting.iter().map(|t| t.number.to_string()).collect()
    }
}

/// One Server-Sent Event.
#[derive(Debug)]
pub struct Event {
    pub name: String,
    pub id: String,
    pub queue: HallQueue,
}

/// Reads the events of a `text/event-stream` answer.
pub struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    pub fn new(response: reqwest::Response) -> Events {
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        Events { response, buffer: String::new() }
    }

    /// The next event within `wait`; `None` if none came, or the stream ended.
    pub async fn next(&mut self, wait: Duration) -> Option<Event> {
        tokio::time::timeout(wait, self.read()).await.ok().flatten()
    }

    async fn read(&mut self) -> Option<Event> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut name, mut id, mut data) = (String::new(), String::new(), String::new());
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("id:") {
                        id = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    }
                }
                if !data.is_empty() {
                    return Some(Event { name, id, queue: serde_json::from_str(&data).unwrap() });
                }
            }
            let chunk = self.response.chunk().await.ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
