//! The draw of a counter's scarce places (`/draws/…`): its schedule, and entering it, reading and
//! withdrawing an entry with the entry token. (Changing an entry's days is the API's; the app
//! withdraws and enters again, which the form makes as easy.)

use antrean_core::draw::api::{DrawEntry, DrawEntryRequest, DrawSchedule};
use antrean_core::draw::Fingerprint;

use super::{fetch, fetch_copy, json, read, request, with_retries, ApiError};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `GET /draws/{mpp}/{counter}/{service}`: the last drawn, the open and the next draw.
pub async fn draw_schedule(mpp: &str, counter: &str, service: &str) -> Result<DrawSchedule, ApiError> {
    let request = request("GET", &format!("/draws/{mpp}/{counter}/{service}"), None, None)?;
    read(with_retries(|| fetch_copy(&request)).await?).await
}

/// `POST /draws/{draw}/entries` with the attempt's Idempotency-Key: retried like a booking (the
/// server answers a repeated key with the first entry, so a retry never enters twice).
pub async fn enter_draw(draw: &str, entry: &DrawEntryRequest, key: &str) -> Result<DrawEntry, ApiError> {
    let request =
        request("POST", &format!("/draws/{draw}/entries"), Some(&json(entry)?), Some(("Idempotency-Key", key)))?;
    read(with_retries(|| fetch_copy(&request)).await?).await
}

/// `GET /draws/{draw}/entries/{fingerprint}` with the entry token: the entry and, once drawn, its
/// outcome (with the booking it gave).
pub async fn draw_entry(draw: &str, fingerprint: &Fingerprint, token: &str) -> Result<DrawEntry, ApiError> {
    let authorization = bearer(token);
    let path = format!("/draws/{draw}/entries/{fingerprint}");
    let request = request("GET", &path, None, Some(("Authorization", &authorization)))?;
    read(with_retries(|| fetch_copy(&request)).await?).await
}

/// `POST …/entries/{fingerprint}/withdraw`: leaves the draw while the window is open.
pub async fn withdraw_entry(draw: &str, fingerprint: &Fingerprint, token: &str) -> Result<(), ApiError> {
    let authorization = bearer(token);
    let path = format!("/draws/{draw}/entries/{fingerprint}/withdraw");
    let request = request("POST", &path, None, Some(("Authorization", &authorization)))?;
    let response = fetch(&request).await?;
    if response.ok() {
        return Ok(());
    }
    read::<serde::de::IgnoredAny>(response).await.map(|_| ())
}
