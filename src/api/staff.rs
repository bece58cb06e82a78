//! The counter's staff: signing in at a desk, reading the counter's queue, and calling numbers.
//! The bearer token lives in `sessionStorage` only (`crate::state::staff`): no cookies.

use antrean_core::calling::{PriorityRequest, StaffQueue, StaffSession, StaffSignIn, TransferRequest};
use antrean_core::queue::QueueNumber;

use super::{fetch, json, read, request, ApiError};

/// What a member of staff does to the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffAction {
    CallNext,
    CallAgain(QueueNumber),
    Served(QueueNumber),
    Absent(QueueNumber),
    Transfer(QueueNumber, TransferRequest),
    Priority(QueueNumber, PriorityRequest),
}

impl StaffAction {
    /// The path under `/staff/queue` and the body, if any.
    fn target(&self) -> Result<(String, Option<String>), ApiError> {
        let ticket = |number: &QueueNumber, action: &str| format!("/staff/queue/tickets/{number}/{action}");
        Ok(match self {
            StaffAction::CallNext => ("/staff/queue/call-next".to_owned(), None),
            StaffAction::CallAgain(number) => (ticket(number, "call-again"), None),
            StaffAction::Served(number) => (ticket(number, "served"), None),
            StaffAction::Absent(number) => (ticket(number, "absent"), None),
            StaffAction::Transfer(number, to) => (ticket(number, "transfer"), Some(json(to)?)),
            StaffAction::Priority(number, priority) => (ticket(number, "priority"), Some(json(priority)?)),
        })
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `POST /staff/sessions`.
pub async fn sign_in(sign_in: &StaffSignIn) -> Result<StaffSession, ApiError> {
    let request = request("POST", "/staff/sessions", Some(&json(sign_in)?), None)?;
    read(fetch(&request).await?).await
}

/// `DELETE /staff/sessions/current`: the token stops working at once.
pub async fn sign_out(token: &str) -> Result<(), ApiError> {
    let request = request("DELETE", "/staff/sessions/current", None, Some(("Authorization", &bearer(token))))?;
    let response = fetch(&request).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(ApiError::Status { status: response.status(), problem: None })
    }
}

/// `GET /staff/queue`: the counter's queue as its staff see it.
pub async fn staff_queue(token: &str) -> Result<StaffQueue, ApiError> {
    let request = request("GET", "/staff/queue", None, Some(("Authorization", &bearer(token))))?;
    read(fetch(&request).await?).await
}

/// One action; the answer is the queue after it. Never retried by itself: "call next" twice would
/// call two numbers.
pub async fn staff_action(token: &str, action: &StaffAction) -> Result<StaffQueue, ApiError> {
    let (path, body) = action.target()?;
    let request = request("POST", &path, body.as_deref(), Some(("Authorization", &bearer(token))))?;
    read(fetch(&request).await?).await
}
