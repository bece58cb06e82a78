//! The day of the visit: the kiosk's check-in and walk-in numbers, and an MPP's queue in the hall
//! (the stream of it is `crate::queue_feed`'s).

use antrean_core::calling::HallQueue;
use antrean_core::visit::{CheckIn, CheckInRequest, WalkIn};

use super::{fetch, fetch_copy, json, read, request, with_retries, ApiError};

/// `POST /check-ins`: a booking's queue number. Sent once (a retry after an unclear failure is
/// safe anyway: checking in again answers the same number).
pub async fn check_in(request_body: &CheckInRequest) -> Result<CheckIn, ApiError> {
    let request = request("POST", "/check-ins", Some(&json(request_body)?), None)?;
    read(with_retries(|| fetch_copy(&request)).await?).await
}

/// `POST /mpps/{mpp}/counters/{counter}/walk-ins`: a number for a citizen without a booking.
/// Never retried: each answer is a new number.
pub async fn walk_in(mpp: &str, counter: &str) -> Result<WalkIn, ApiError> {
    let request = request("POST", &format!("/mpps/{mpp}/counters/{counter}/walk-ins"), None, None)?;
    read(fetch(&request).await?).await
}

/// `GET /mpps/{mpp}/queue`: the MPP's queue now.
pub async fn hall_queue(mpp: &str) -> Result<HallQueue, ApiError> {
    let request = request("GET", &format!("/mpps/{mpp}/queue"), None, None)?;
    read(fetch(&request).await?).await
}

/// The address of the MPP's queue stream (Server-Sent Events).
pub fn hall_stream_url(mpp: &str) -> String {
    format!("{}/mpps/{mpp}/queue/stream", crate::deploy::deploy().api_base)
}
