//! `POST /api/v1/holds`: hold one place of a slot for a few minutes while the citizen types their
//! details. One client holds at most one place per service; a new hold releases the previous one.

use antrean_core::api::{Hold, HoldRequest};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use super::places::Resolved;
use crate::client_address::ClientAddress;
use crate::crypto::sha256_hex;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::AppState;

#[utoipa::path(post, path = "/api/v1/holds", tag = "booking", request_body = HoldRequest,
    responses(
        (status = 201, description = "The place is held until expires_at", body = Hold),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such MPP or counter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot or the day's quota is full (with the nearest free slots), or the NIK already has a booking that day, or the day's places are in an open draw (reserved-for-draw)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input (per-field errors) or a slot that cannot be booked", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<HoldRequest>,
) -> Result<(StatusCode, Json<Hold>), ApiError> {
    let resolved = Resolved::find(&state, request.place())?;
    let now = state.storage.now().await;
    let place = resolved.bookable_place(&state, request.slot_start, now)?;
    super::draws::refuse_if_reserved(&state, &resolved, place.local_date, now).await?;
    let client = sha256_hex(format!("hold-client:{client}").as_bytes());
    match state.storage.create_hold(&place, &client, now, state.hold_ttl).await {
        Ok(hold) => Ok((
            StatusCode::CREATED,
            Json(Hold { id: hold.id, slot_start: hold.slot_start, expires_at: hold.expires_at }),
        )),
        Err(error) => Err(resolved.explain(&state, error, request.slot_start, now).await),
    }
}
