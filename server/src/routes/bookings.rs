//! Bookings: `POST /api/v1/bookings` (with an `Idempotency-Key`), and with the manage token as a
//! bearer token, `GET /api/v1/bookings/{code}`, `POST …/cancel` and `POST …/reschedule`. An unknown
//! code and a wrong token are the same `404`, so nobody can learn which codes exist.

use antrean_core::api::{
    Applicant, BookedSlot, Booking, BookingRequest, BookingStatus, BringItem, MppSummary, RescheduleRequest,
};
use antrean_core::booking_code::BookingCode;
use antrean_core::calendar::to_local;
use antrean_core::checklist::checklist;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Duration, Utc};

use super::places::Resolved;
use crate::crypto::sha256_hex;
use crate::error::{field, ApiError};
use crate::extract::ApiJson;
use crate::storage::{NewBooking, StoredBooking};
use crate::AppState;

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or_default();
    if key.is_empty() {
        return Err(ApiError::MissingIdempotencyKey);
    }
    if key.len() > 200 {
        return Err(ApiError::BadRequest {
            id: "Idempotency-Key terlalu panjang.".into(),
            en: "Idempotency-Key is too long.".into(),
        });
    }
    Ok(key.to_owned())
}

/// What to bring for these answers at this place, and the answers as the checklist read them;
/// refused when the counter does not serve such a case or the answers do not fit the service.
pub(crate) fn bring_list(
    state: &AppState,
    resolved: &Resolved<'_>,
    answers: &antrean_core::rules::Answers,
) -> Result<(Vec<BringItem>, antrean_core::rules::Answers), ApiError> {
    if let Some(restriction) = resolved.counter.refuses(answers) {
        let reason = &restriction.reason;
        return Err(ApiError::Invalid(vec![field("answers", "answers.not_served_here", &reason.id, &reason.en)]));
    }
    let agency = state.seed.agencies.iter().find(|a| a.id == resolved.service.agency);
    let list = checklist(resolved.service, agency, answers).map_err(|error| {
        ApiError::Invalid(vec![field("answers", "answers.invalid", &error.to_string(), &error.to_string())])
    })?;
    let bring = list
        .items
        .iter()
        .map(|item| BringItem { what: item.what.clone(), form: item.form, copies: item.copies })
        .collect();
    Ok((bring, list.answers))
}

/// A new active booking's answer (without its token, QR code, proof and visit, which are added
/// to every answer).
pub(crate) fn document(
    resolved: &Resolved<'_>,
    slot_start: DateTime<Utc>,
    code: &BookingCode,
    bring: Vec<BringItem>,
) -> Booking {
    Booking {
        code: code.clone(),
        manage_token: None,
        status: BookingStatus::Active,
        slot: slot_of(resolved, slot_start),
        mpp: MppSummary::from(resolved.mpp),
        counter: resolved.counter.id.clone(),
        counter_name: resolved.counter.name.clone(),
        service: resolved.service.id.clone(),
        service_name: resolved.service.name.clone(),
        bring,
        // Added to every answer, not stored (see `proof::complete`).
        qr_svg: None,
        proof: None,
        visit: None,
    }
}

pub(crate) fn slot_of(resolved: &Resolved<'_>, start_utc: DateTime<Utc>) -> BookedSlot {
    let minutes = Duration::minutes(i64::from(resolved.counter.slot_minutes));
    let start = to_local(start_utc, resolved.mpp.zone);
    BookedSlot { start_utc, start, end: start.checked_add_signed(minutes).unwrap_or(start), zone: resolved.mpp.zone }
}

#[utoipa::path(post, path = "/api/v1/bookings", tag = "booking", request_body = BookingRequest,
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = r"^[!-~]([ -~]*[!-~])?$",
        description = "Unique per booking attempt (1 to 200 visible ASCII characters); a retry with the same key and body replays the same answer")),
    responses(
        (status = 201, description = "The booking, with its manage token (only in this answer)", body = Booking),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such MPP or counter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot or the day's quota is full (with the nearest free slots), the NIK already has a booking that day, or the agency's no-show rule blocks it for now (saying until when), or the day's places are in an open draw (reserved-for-draw)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input (per-field errors) or a slot that cannot be booked", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<BookingRequest>,
) -> Result<(StatusCode, [(header::HeaderName, String); 1], Json<Booking>), ApiError> {
    let key = idempotency_key(&headers)?;
    let resolved = Resolved::find(&state, request.place())?;
    let now = state.storage.now().await;
    let today = resolved.local_date(now);
    let applicant = crate::validate::applicant(&request.applicant, today).map_err(ApiError::Invalid)?;
    let (bring, answers) = bring_list(&state, &resolved, &request.answers)?;
    let agency = state.seed.agencies.iter().find(|a| a.id == resolved.service.agency);
    let nik_hash = state.storage.nik_hash(&applicant.nik.digits())?;
    super::no_show::refuse_if_blocked(&state, agency, &nik_hash, now, resolved.mpp.zone).await?;
    let place = resolved.bookable_place(&state, request.slot_start, now)?;
    super::draws::refuse_if_reserved(&state, &resolved, place.local_date, now).await?;
    let normalised = Applicant {
        full_name: applicant.full_name.clone(),
        nik: applicant.nik.digits(),
        mobile: applicant.mobile.to_string(),
        email: applicant.email.clone(),
    };
    let new = NewBooking {
        place,
        hold: request.hold.clone(),
        nik_hash,
        applicant_json: serde_json::to_string(&normalised).map_err(crate::storage::StorageError::from)?,
        answers_json: serde_json::to_string(&answers).map_err(crate::storage::StorageError::from)?,
        key_hash: sha256_hex(key.as_bytes()),
        request_hash: sha256_hex(&serde_json::to_vec(&request).map_err(crate::storage::StorageError::from)?),
    };
    let document = |code: &BookingCode| document(&resolved, request.slot_start, code, bring.clone());
    match state.storage.create_booking(&new, now, document).await {
        Ok(created) => {
            let mut booking = created.booking;
            let checked_in = match created.replayed {
                // A replay of a booking made earlier: it may have checked in since.
                true => state.storage.checked_in(&booking.code).await?,
                false => None,
            };
            super::proof::complete(&state, &mut booking, checked_in, now);
            let location = format!("/api/v1/bookings/{}", booking.code.as_str());
            Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(booking)))
        }
        Err(error) => Err(resolved.explain(&state, error, request.slot_start, now).await),
    }
}

pub(crate) fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .unwrap_or_default()
}

async fn find(state: &AppState, code: &str, headers: &HeaderMap) -> Result<(BookingCode, StoredBooking), ApiError> {
    let not_found = || ApiError::NotFound(format!("/api/v1/bookings/{code}"));
    let code = BookingCode::parse(code).map_err(|_| not_found())?;
    let mut stored = state.storage.find_booking(&code, bearer(headers)).await?.ok_or_else(not_found)?;
    // Bookings are stored without their proof, QR code and visit: every answer has them.
    super::proof::complete(state, &mut stored.booking, stored.checked_in, state.storage.now().await);
    Ok((code, stored))
}

#[utoipa::path(get, path = "/api/v1/bookings/{code}", tag = "booking", security(("manage_token" = [])),
    params(("code" = String, Path, min_length = 9, max_length = 32, pattern = r"^[2-9A-HJKMNP-Za-hjkmnp-z][2-9A-HJKMNP-Za-hjkmnp-z -]*$", description = "Booking code, with or without dashes")),
    responses((status = 200, description = "The booking", body = Booking),
        (status = 404, description = "Unknown code or wrong token", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<Booking>, ApiError> {
    Ok(Json(find(&state, &code, &headers).await?.1.booking))
}

#[utoipa::path(post, path = "/api/v1/bookings/{code}/cancel", tag = "booking", security(("manage_token" = [])),
    params(("code" = String, Path, min_length = 9, max_length = 32, pattern = r"^[2-9A-HJKMNP-Za-hjkmnp-z][2-9A-HJKMNP-Za-hjkmnp-z -]*$", description = "Booking code")),
    responses((status = 200, description = "The cancelled booking", body = Booking),
        (status = 404, description = "Unknown code or wrong token", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<Booking>, ApiError> {
    let (code, stored) = find(&state, &code, &headers).await?;
    let mut booking = stored.booking;
    booking.status = BookingStatus::Cancelled;
    let now = state.storage.now().await;
    state.storage.cancel_booking(&code, now, &booking).await?;
    super::proof::complete(&state, &mut booking, None, now);
    Ok(Json(booking))
}

#[utoipa::path(post, path = "/api/v1/bookings/{code}/reschedule", tag = "booking", security(("manage_token" = [])),
    params(("code" = String, Path, min_length = 9, max_length = 32, pattern = r"^[2-9A-HJKMNP-Za-hjkmnp-z][2-9A-HJKMNP-Za-hjkmnp-z -]*$", description = "Booking code")), request_body = RescheduleRequest,
    responses((status = 200, description = "The booking at its new slot", body = Booking),
        (status = 404, description = "Unknown code or wrong token", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot or the day's quota is full (with the nearest free slots), or the NIK already has a booking that day, or the day's places are in an open draw (reserved-for-draw)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input (per-field errors) or a slot that cannot be booked", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiJson(request): ApiJson<RescheduleRequest>,
) -> Result<Json<Booking>, ApiError> {
    let (code, stored) = find(&state, &code, &headers).await?;
    if !stored.active {
        return Err(ApiError::Cancelled);
    }
    let resolved = Resolved::find(&state, stored.place)?;
    let now = state.storage.now().await;
    let place = resolved.bookable_place(&state, request.slot_start, now)?;
    super::draws::refuse_if_reserved(&state, &resolved, place.local_date, now).await?;
    let mut booking = stored.booking;
    booking.slot = slot_of(&resolved, request.slot_start);
    match state.storage.reschedule_booking(&code, &place, request.hold.as_deref(), now, &booking).await {
        Ok(()) => {
            super::proof::complete(&state, &mut booking, stored.checked_in, now);
            Ok(Json(booking))
        }
        Err(error) => Err(resolved.explain(&state, error, request.slot_start, now).await),
    }
}
