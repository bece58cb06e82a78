//! The booking's signed proof in every booking answer (its text, and the QR code that holds it),
//! the visit computed from the clock, and `GET /api/v1/proof-key`, the public key a counter's
//! screen keeps to check proofs offline.

use antrean_core::api::Booking;
use antrean_core::directory::MppId;
use antrean_core::ids::{CounterId, ServiceId};
use antrean_core::proof::{Claims, PublishedKey};
use antrean_core::visit::{CheckInWindow, CheckedIn, Visit};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::cached::CachedJson;
use crate::error::ApiError;
use crate::AppState;

/// How long a client may keep the key without asking again: it changes only with the secret.
const KEY_MAX_AGE_SECONDS: u32 = 86_400;

/// What a booking's proof signs, read from the booking itself.
fn claims(booking: &Booking) -> Option<Claims> {
    Some(Claims {
        code: booking.code.clone(),
        mpp: booking.mpp.id.clone(),
        counter: CounterId::new(booking.counter.as_str()).ok()?,
        service: ServiceId::new(booking.service.as_str()).ok()?,
        slot_start: booking.slot.start_utc,
    })
}

/// The check-in window of the booking's counter, as the seed data sets it (the defaults for a
/// counter no longer in the data).
pub fn window_of(state: &AppState, mpp: &MppId, counter: &str) -> CheckInWindow {
    state
        .seed
        .mpps
        .iter()
        .find(|m| &m.id == mpp)
        .and_then(|m| m.counter(counter))
        .map_or_else(CheckInWindow::default, antrean_core::schedule::Counter::check_in_window)
}

/// Adds to a booking answer what is derived, not stored: the signed proof and its QR code, and
/// for an active booking its visit as of `now`. The QR code always holds the proof (a booking
/// stored with a QR code of the bare code, before proofs, gets the new one).
pub fn complete(state: &AppState, booking: &mut Booking, checked_in: Option<CheckedIn>, now: DateTime<Utc>) {
    match claims(booking) {
        Some(claims) => {
            let proof = state.storage.proof_signer().sign(&claims).to_string();
            booking.qr_svg = Some(antrean_core::qr::svg(&proof));
            booking.proof = Some(proof);
        }
        // Ids from the database are checked slugs; never fail an answer over its picture.
        None => {
            booking.qr_svg.get_or_insert_with(|| antrean_core::qr::svg(booking.code.as_str()));
        }
    }
    booking.visit = (booking.status == antrean_core::api::BookingStatus::Active).then(|| {
        let window = window_of(state, &booking.mpp.id, &booking.counter);
        Visit::at(window, booking.slot.start_utc, checked_in, now)
    });
}

#[utoipa::path(get, path = "/api/v1/proof-key", tag = "visit",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The deploy's Ed25519 public key that signs booking proofs, with its id; cacheable for a day", body = PublishedKey),
        (status = 304, description = "Not modified"),
    ))]
pub async fn key(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match CachedJson::new(&PublishedKey::of(state.storage.proof_signer().public())) {
        Ok(answer) => answer.respond(&headers, KEY_MAX_AGE_SECONDS),
        Err(error) => ApiError::Storage(error.into()).into_response(),
    }
}
