//! The counter's staff: signing in at a desk, reading the counter's queue, and calling numbers.
//! The bearer token lives in `sessionStorage` only (`crate::state::staff`): no cookies.

use antrean_core::calling::{PriorityRequest, StaffAction, StaffQueue, StaffSession, StaffSignIn, TransferRequest};
use antrean_core::proof::PublishedKey;

use super::{fetch, get_cached, json, read, request, ApiError, Loaded};

/// The request body an action sends, if any.
fn body(action: &StaffAction) -> Result<Option<String>, ApiError> {
    Ok(match action {
        StaffAction::Transfer(_, counter) => Some(json(&TransferRequest { counter: counter.clone() })?),
        StaffAction::Priority(_, priority) => Some(json(&PriorityRequest { priority: *priority })?),
        _ => None,
    })
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
    let body = body(action)?;
    let request = request("POST", &action.path(), body.as_deref(), Some(("Authorization", &bearer(token))))?;
    read(fetch(&request).await?).await
}

/// The name of the proof key's offline copy.
const PROOF_KEY_COPY: &str = "proof-key";

/// `GET /proof-key`: the deploy's public key that signs booking proofs, kept on the device so that
/// the counter's screen checks proofs when the network is down (the device's copy when it is).
pub async fn proof_key() -> Result<Loaded<PublishedKey>, ApiError> {
    get_cached("/proof-key", PROOF_KEY_COPY).await
}

/// The device's copy of the proof key, at once, without asking the server.
pub fn kept_proof_key() -> Option<PublishedKey> {
    let cached = crate::state::cache::read(PROOF_KEY_COPY)?;
    serde_wasm_bindgen::from_value(cached.body).ok()
}
