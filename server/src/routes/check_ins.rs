//! The kiosk in the MPP's hall: `POST /api/v1/check-ins` gives a booking its queue number, and
//! `POST /api/v1/mpps/{id}/counters/{counter}/walk-ins` a citizen without a booking, where the
//! counter takes walk-ins. Both are rate-limited per client address.
//!
//! A check-in names the booking by what the scanner typed from its QR code (a signed proof, or a
//! bare code from a QR code made before proofs) or by the code as typed, always with the last four
//! digits of the NIK. An unknown code and wrong digits get the same `404`, so the kiosk tells
//! nobody whether a code exists. Checking in again is not an error: the same number and time
//! come back (`200`, `repeated`), so a lost ticket or a second scan never takes a second place.

use antrean_core::booking_code::BookingCode;
use antrean_core::calendar::to_local;
use antrean_core::directory::Mpp;
use antrean_core::month_names::{MONTHS_EN, MONTHS_ID};
use antrean_core::proof::{Proof, PREFIX};
use antrean_core::queue::QueueLetter;
use antrean_core::schedule::Counter;
use antrean_core::visit::{is_nik_last4, CheckIn, CheckInRequest, CheckInWindow, WalkIn, WindowPosition};
use antrean_core::zone::Zone;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Datelike, Utc};

use super::places::mpp;
use crate::client_address::ClientAddress;
use crate::crypto::constant_time_eq;
use crate::error::{field, ApiError};
use crate::extract::ApiJson;
use crate::AppState;

/// The booking code a kiosk was given: from a signed proof (whose signature must hold), or as typed.
fn booking_code(state: &AppState, scanned: &str) -> Result<BookingCode, ApiError> {
    let scanned = scanned.trim();
    if scanned.starts_with(PREFIX) {
        let refuse = |code, id, en| ApiError::Invalid(vec![field("code", code, id, en)]);
        let proof = Proof::parse(scanned).map_err(|_| {
            refuse(
                "code.proof_malformed",
                "Kode QR ini tidak terbaca utuh. Pindai sekali lagi, atau ketik kode booking-nya.",
                "This QR code did not read whole. Scan it again, or type the booking code.",
            )
        })?;
        proof.verify(std::slice::from_ref(state.storage.proof_signer().public())).map_err(|_| {
            refuse(
                "code.proof_signature",
                "Kode QR ini bukan bukti booking yang sah dari Antrean. Ketik kode booking-nya, atau tanyakan petugas.",
                "This QR code is not a genuine Antrean booking proof. Type the booking code, or ask the staff.",
            )
        })?;
        return Ok(proof.claims.code);
    }
    BookingCode::parse(scanned).map_err(|error| {
        ApiError::Invalid(vec![field(
            "code",
            "code.invalid",
            "Kode booking terdiri dari 9 huruf dan angka, misalnya K7MQ-2XRA-P. Periksa kembali kodenya.",
            &format!("A booking code has 9 letters and digits, e.g. K7MQ-2XRA-P: {error}."),
        )])
    })
}

/// An instant as a citizen reads it, in the MPP's zone: `2 Desember 2026 pukul 08.00 WIB` and
/// `2 December 2026 at 08:00 WIB`.
pub(crate) fn when(instant: DateTime<Utc>, zone: Zone) -> (String, String) {
    let local = to_local(instant, zone);
    let (day, month, year) = (local.day(), local.month0() as usize, local.year());
    let time = local.format("%H:%M").to_string();
    (
        format!("{day} {} {year} pukul {} {}", MONTHS_ID[month], time.replace(':', "."), zone.label()),
        format!("{day} {} {year} at {time} {}", MONTHS_EN[month], zone.label()),
    )
}

/// The counter's check-in window and letter; a counter gone from the data keeps the defaults.
fn counter_rules(counter: Option<&Counter>, id: &str) -> (CheckInWindow, QueueLetter) {
    match counter {
        Some(counter) => (counter.check_in_window(), counter.queue_letter()),
        None => (CheckInWindow::default(), QueueLetter::derived_from(id)),
    }
}

/// Refuses the check-in outside the booking's window, saying from when or until when it was open.
fn within_window(
    window: CheckInWindow,
    slot_start: DateTime<Utc>,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<(), ApiError> {
    let (slot_id, slot_en) = when(slot_start, zone);
    match window.position(slot_start, now) {
        WindowPosition::Open => Ok(()),
        WindowPosition::Before(opens) => {
            let (id, en) = when(opens, zone);
            Err(ApiError::CheckInTooEarly {
                id: format!(
                    "Jadwal Anda {slot_id}. Check-in dibuka mulai {id}; silakan kembali ke kios pada waktu itu."
                ),
                en: format!("Your slot is on {slot_en}. Check-in opens on {en}; please come back to the kiosk then."),
            })
        }
        WindowPosition::After(closed) => {
            let (id, en) = when(closed, zone);
            Err(ApiError::CheckInTooLate {
                id: format!(
                    "Jadwal Anda {slot_id}, dan check-in ditutup {id}. Silakan buat booking baru atau tanyakan petugas."
                ),
                en: format!(
                    "Your slot was on {slot_en}, and check-in closed on {en}. Make a new booking or ask the staff."
                ),
            })
        }
    }
}

#[utoipa::path(post, path = "/api/v1/check-ins", tag = "visit", request_body = CheckInRequest,
    responses(
        (status = 201, description = "Checked in: the queue number, and what the ticket prints", body = CheckIn),
        (status = 200, description = "Checked in before: the same number and time again (repeated = true)", body = CheckIn),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such MPP, or no booking with this code and these NIK digits (one answer for both)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too early or too late (the detail says when check-in opens or closed), cancelled, or for another MPP", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input: not a booking code, a damaged or forged proof, not four NIK digits", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<CheckInRequest>,
) -> Result<(StatusCode, Json<CheckIn>), ApiError> {
    state.check_in_limiter.check(client)?;
    let kiosk = mpp(&state, request.mpp.as_str())?;
    if !is_nik_last4(&request.nik_last4) {
        return Err(ApiError::Invalid(vec![field(
            "nik_last4",
            "nik_last4.format",
            "Masukkan 4 digit terakhir NIK (angka saja).",
            "Enter the last 4 digits of the NIK (digits only).",
        )]));
    }
    let code = booking_code(&state, &request.code)?;
    state.check_in_limiter.check_code(&code)?;
    let candidate = state.storage.check_in_candidate(&code).await?;
    let candidate = candidate
        .filter(|c| constant_time_eq(c.nik_last4.as_bytes(), request.nik_last4.as_bytes()))
        .ok_or(ApiError::CheckInNoMatch)?;
    if !candidate.active {
        return Err(ApiError::CheckInCancelled);
    }
    let booking = candidate.booking;
    if candidate.key.mpp != request.mpp {
        let name = &booking.mpp.name;
        return Err(ApiError::CheckInWrongMpp {
            id: format!("Booking ini untuk {name}, bukan MPP ini. Silakan check-in di {name}."),
            en: format!("This booking is for {name}, not this MPP. Please check in at {name}."),
        });
    }
    let answer = |checked: antrean_core::visit::CheckedIn, repeated: bool| CheckIn {
        queue_number: checked.queue_number,
        code: code.clone(),
        mpp: booking.mpp.id.clone(),
        counter: booking.counter.clone(),
        counter_name: booking.counter_name.clone(),
        service: booking.service.clone(),
        service_name: booking.service_name.clone(),
        slot: booking.slot.clone(),
        checked_in_at: checked.at,
        repeated,
    };
    if let Some(checked) = candidate.checked_in {
        return Ok((StatusCode::OK, Json(answer(checked, true))));
    }
    let counter_id = candidate.key.counter.as_str();
    let (window, letter) = counter_rules(kiosk.counter(counter_id), counter_id);
    let now = state.storage.now().await;
    within_window(window, candidate.slot_start, now, kiosk.zone)?;
    let today = to_local(now, kiosk.zone).date();
    let (checked, repeated) = state.storage.check_in(&code, letter, today, now).await?;
    state.hall.changed();
    let status = if repeated { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(answer(checked, repeated))))
}

/// The counter of an MPP named by a URL (404 if there is none).
fn counter_of<'a>(mpp: &'a Mpp, id: &str) -> Result<&'a Counter, ApiError> {
    mpp.counter(id).ok_or_else(|| ApiError::NotFound(format!("/api/v1/mpps/{}/counters/{id}", mpp.id)))
}

#[utoipa::path(post, path = "/api/v1/mpps/{id}/counters/{counter}/walk-ins", tag = "visit",
    params(("id" = String, Path, description = "MPP id, e.g. mpp-pekanbaru"), ("counter" = String, Path, description = "Counter id, e.g. imigrasi")),
    responses(
        (status = 201, description = "A walk-in queue number of the counter's day", body = WalkIn),
        (status = 404, description = "No such MPP or counter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The counter takes no walk-ins, or its numbers of the day are used up", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn walk_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    Path((mpp_id, counter_id)): Path<(String, String)>,
) -> Result<(StatusCode, Json<WalkIn>), ApiError> {
    state.check_in_limiter.check(client)?;
    let mpp = mpp(&state, &mpp_id)?;
    let counter = counter_of(mpp, &counter_id)?;
    if !counter.walk_ins {
        let name = &counter.name;
        return Err(ApiError::WalkInsNotOffered {
            id: format!(
                "Loket {} hanya melayani warga yang sudah booking. Silakan booking jadwal lewat Antrean.",
                name.id
            ),
            en: format!("The {} counter serves bookings only. Please book a slot with Antrean.", name.en),
        });
    }
    let now = state.storage.now().await;
    let today = to_local(now, mpp.zone).date();
    let number = state.storage.walk_in(mpp.id.as_str(), &counter.id, counter.queue_letter(), today, now).await?;
    state.hall.changed();
    Ok((
        StatusCode::CREATED,
        Json(WalkIn {
            queue_number: number,
            mpp: mpp.id.clone(),
            counter: counter.id.clone(),
            counter_name: counter.name.clone(),
            issued_at: now,
            local_date: today,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_the_mpps_zone_and_the_citizens_words() {
        let instant: DateTime<Utc> = "2026-12-02T01:00:00Z".parse().unwrap_or_default();
        assert_eq!(
            when(instant, Zone::Makassar),
            ("2 Desember 2026 pukul 09.00 WITA".to_owned(), "2 December 2026 at 09:00 WITA".to_owned())
        );
    }
}
