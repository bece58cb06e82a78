//! Entries in a draw: `POST /api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries` (with
//! an `Idempotency-Key`; a retry gets the same entry and token), and with the entry token as a
//! bearer token, `GET …/entries/{fingerprint}`, `POST …/change` and `POST …/withdraw`. An unknown
//! fingerprint and a wrong token are the same `404`. Made, changed and withdrawn only while the
//! window is open; after it, the entry says what the draw gave.

use antrean_core::api::Applicant;
use antrean_core::draw::api::{DrawEntry, DrawEntryChange, DrawEntryRequest, EntryStatus};
use antrean_core::draw::{Capacity, DayCapacity, Preference};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};

use super::bookings::{bearer, bring_list, idempotency_key};
use super::draws::{when, Draw};
use crate::crypto::sha256_hex;
use crate::error::{field, ApiError, DrawProblem};
use crate::extract::ApiJson;
use crate::storage::draw::{NewEntry, StoredEntry};
use crate::storage::StorageError;
use crate::AppState;

/// Refused unless the window is open now.
fn require_open(draw: &Draw<'_>, now: DateTime<Utc>) -> Result<(), ApiError> {
    let zone = draw.resolved.mpp.zone;
    if now < draw.window.opens_at {
        let opens = when(draw.window.opens_at, zone);
        return Err(DrawProblem::NotOpen {
            id: format!("Pendaftaran undian dibuka {opens}."),
            en: format!("The draw takes entries from {opens}."),
        }
        .into());
    }
    if draw.window.has_closed(now) {
        let closed = when(draw.window.closes_at, zone);
        return Err(DrawProblem::NotOpen {
            id: format!("Pendaftaran undian ditutup {closed}."),
            en: format!("The draw stopped taking entries at {closed}."),
        }
        .into());
    }
    Ok(())
}

/// The preference checked against the released days, as a field error.
fn check_preference(draw: &Draw<'_>, preference: &Preference) -> Result<(), ApiError> {
    let days = draw.window.days.iter().map(|date| DayCapacity { date: *date, quota: None, slots: Vec::new() });
    preference.check(&Capacity { days: days.collect() }).map_err(|error| {
        use antrean_core::draw::allocate::PreferenceError as E;
        let (code, id, en) = match &error {
            E::Empty => (
                "preference.empty",
                "Pilih paling sedikit satu hari, atau terima hari apa saja.".to_owned(),
                error.to_string(),
            ),
            E::TooManyDays => {
                ("preference.too_many_days", "Pilih paling banyak tiga hari.".to_owned(), error.to_string())
            }
            E::Repeated(day) => ("preference.repeated_day", format!("Hari {day} dipilih dua kali."), error.to_string()),
            E::NotReleased(day) => {
                ("preference.not_released", format!("Hari {day} tidak termasuk hari yang diundi."), error.to_string())
            }
        };
        ApiError::Invalid(vec![field("preference", code, &id, &en)])
    })
}

/// An entry as its holder sees it, with what the draw gave once it is made.
async fn answer(
    state: &AppState,
    draw: &Draw<'_>,
    entry: &StoredEntry,
    now: DateTime<Utc>,
) -> Result<DrawEntry, ApiError> {
    let info = draw.info(state, now).await?;
    let (status, booking) = match info.state {
        antrean_core::draw::api::DrawState::Drawn => match state.storage.drawn_booking(entry).await? {
            Some(stored) => {
                let mut booking = stored.booking;
                super::proof::complete(state, &mut booking, stored.checked_in, now);
                (EntryStatus::Drawn, Some(booking))
            }
            None => (EntryStatus::NotDrawn, None),
        },
        _ => (EntryStatus::Entered, None),
    };
    let fingerprint = entry.fingerprint.parse().map_err(|_| StorageError::BadValue(entry.fingerprint.clone()))?;
    Ok(DrawEntry {
        draw: info,
        fingerprint,
        entry_token: None,
        full_name: entry.full_name.clone(),
        preference: entry.preference()?,
        status,
        booking,
    })
}

#[utoipa::path(post, operation_id = "draw_entry_create", path = "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries", tag = "draw",
    request_body = DrawEntryRequest,
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id"),
        ("release_date" = String, Path, format = Date, description = "Local date of the release moment"),
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = r"^[!-~]([ -~]*[!-~])?$",
        description = "Unique per entry attempt; a retry with the same key gets the same entry and token")),
    responses(
        (status = 201, description = "The entry, with its entry token (only in this answer and its retries)", body = DrawEntry),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such draw", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The window is not open (draw-not-open), the NIK has entered already (duplicate-entry), or the agency's no-show rule blocks it", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input (per-field errors)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(path): Path<(String, String, String, String)>,
    ApiJson(request): ApiJson<DrawEntryRequest>,
) -> Result<(StatusCode, Json<DrawEntry>), ApiError> {
    let key = idempotency_key(&headers)?;
    let draw = Draw::named(&state, &path)?;
    let now = state.storage.now().await;
    require_open(&draw, now)?;
    let applicant =
        crate::validate::applicant(&request.applicant, draw.resolved.local_date(now)).map_err(ApiError::Invalid)?;
    check_preference(&draw, &request.preference)?;
    let (bring, answers) = bring_list(&state, &draw.resolved, &request.answers)?;
    let nik_hash = state.storage.nik_hash(&applicant.nik.digits())?;
    let agency = state.seed.agencies.iter().find(|a| a.id == draw.resolved.service.agency);
    super::no_show::refuse_if_blocked(&state, agency, &nik_hash, now, draw.resolved.mpp.zone).await?;
    // Only the NIK's last four digits (all that check-in asks) are kept with the entry.
    let digits = applicant.nik.digits();
    let last_four = digits.get(digits.len().saturating_sub(4)..).unwrap_or_default().to_owned();
    let kept = Applicant {
        full_name: applicant.full_name.clone(),
        nik: last_four,
        mobile: applicant.mobile.to_string(),
        email: applicant.email.clone(),
    };
    let new = NewEntry {
        draw_id: draw.id.clone(),
        nik_hash,
        key_hash: sha256_hex(key.as_bytes()),
        full_name: applicant.full_name.clone(),
        applicant_json: serde_json::to_string(&kept).map_err(StorageError::from)?,
        answers_json: serde_json::to_string(&answers).map_err(StorageError::from)?,
        bring_json: serde_json::to_string(&bring).map_err(StorageError::from)?,
        preference: request.preference.clone(),
    };
    let (entry, token, _replayed) = state.storage.enter_draw(&new).await?;
    let mut answer = answer(&state, &draw, &entry, now).await?;
    answer.entry_token = Some(token);
    Ok((StatusCode::CREATED, Json(answer)))
}

/// The entry at the path, if the bearer token is its entry token.
async fn find<'a>(
    state: &'a AppState,
    path: &(String, String, String, String, String),
    headers: &HeaderMap,
) -> Result<(Draw<'a>, StoredEntry), ApiError> {
    let (mpp, counter, service, date, fingerprint) = path;
    let draw = Draw::named(state, &(mpp.clone(), counter.clone(), service.clone(), date.clone()))?;
    let not_found = || ApiError::NotFound(format!("/api/v1/draws/{}/entries/{fingerprint}", draw.id));
    let entry = state.storage.find_entry(&draw.id, fingerprint, bearer(headers)).await?.ok_or_else(not_found)?;
    Ok((draw, entry))
}

#[utoipa::path(get, operation_id = "draw_entry_get", path = "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}", tag = "draw",
    security(("entry_token" = [])),
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id"),
        ("release_date" = String, Path, format = Date, description = "Local date of the release moment"),
        ("fingerprint" = String, Path, pattern = "^[0-9a-f]{64}$", description = "The entry's fingerprint")),
    responses(
        (status = 200, description = "The entry: entered, drawn (with its booking and manage token) or not drawn (the draw made first if its window has closed)", body = DrawEntry),
        (status = 404, description = "No such draw, unknown entry or wrong token", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(path): Path<(String, String, String, String, String)>,
) -> Result<Json<DrawEntry>, ApiError> {
    let (draw, entry) = find(&state, &path, &headers).await?;
    let now = state.storage.now().await;
    draw.ensure_drawn(&state, now).await?;
    // Read again: the draw may have just given it a booking.
    let entry = state.storage.find_entry(&draw.id, &entry.fingerprint, bearer(&headers)).await?.unwrap_or(entry);
    Ok(Json(answer(&state, &draw, &entry, now).await?))
}

#[utoipa::path(post, operation_id = "draw_entry_change", path = "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}/change", tag = "draw",
    security(("entry_token" = [])), request_body = DrawEntryChange,
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id"),
        ("release_date" = String, Path, format = Date, description = "Local date of the release moment"),
        ("fingerprint" = String, Path, pattern = "^[0-9a-f]{64}$", description = "The entry's fingerprint")),
    responses(
        (status = 200, description = "The entry with its new preference", body = DrawEntry),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such draw, unknown entry or wrong token", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The window is not open (draw-not-open)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid preference (per-field errors)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(path): Path<(String, String, String, String, String)>,
    ApiJson(request): ApiJson<DrawEntryChange>,
) -> Result<Json<DrawEntry>, ApiError> {
    let (draw, entry) = find(&state, &path, &headers).await?;
    let now = state.storage.now().await;
    require_open(&draw, now)?;
    check_preference(&draw, &request.preference)?;
    state.storage.change_entry(&draw.id, &entry.fingerprint, Some(&request.preference)).await?;
    let preference = serde_json::to_string(&request.preference).map_err(StorageError::from)?;
    let entry = StoredEntry { preference, ..entry };
    Ok(Json(answer(&state, &draw, &entry, now).await?))
}

#[utoipa::path(post, operation_id = "draw_entry_withdraw", path = "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}/withdraw", tag = "draw",
    security(("entry_token" = [])),
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id"),
        ("release_date" = String, Path, format = Date, description = "Local date of the release moment"),
        ("fingerprint" = String, Path, pattern = "^[0-9a-f]{64}$", description = "The entry's fingerprint")),
    responses(
        (status = 204, description = "Withdrawn: the NIK may enter again while the window is open"),
        (status = 404, description = "No such draw, unknown entry or wrong token", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The window is not open (draw-not-open)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(path): Path<(String, String, String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let (draw, entry) = find(&state, &path, &headers).await?;
    let now = state.storage.now().await;
    require_open(&draw, now)?;
    state.storage.change_entry(&draw.id, &entry.fingerprint, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
