//! Staff at a counter's desk: `POST /api/v1/staff/sessions` signs in (username, password, desk)
//! and gives a bearer token for one shift; `DELETE /api/v1/staff/sessions/current` signs out. The
//! token names the counter and the desk, so a member of staff reads and changes their own
//! counter's queue only (see `staff_queue`).
//!
//! A wrong username and a wrong password get the same `401`, after the same argon2id work (an
//! unknown name is checked against a dummy hash). Sign-ins are rate-limited per client address
//! with the POSTs, and again with the kiosk's tighter limit: a password guesser gets few tries.

use antrean_core::calling::{StaffSession, StaffSignIn, MAX_DESKS};
use antrean_core::directory::Mpp;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;

use super::bookings::bearer;
use crate::client_address::ClientAddress;
use crate::crypto::{base64_url, random_bytes, sha256_hex};
use crate::error::{field, ApiError};
use crate::extract::ApiJson;
use crate::storage::StaffSessionRecord;
use crate::AppState;

/// How long a session lasts: a shift.
pub const SESSION_HOURS: i64 = 8;

/// A request with a live staff session (`Authorization: Bearer …`); `401` otherwise.
pub struct StaffAuth {
    pub token_hash: String,
    pub session: StaffSessionRecord,
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers);
        if token.is_empty() {
            return Err(ApiError::SessionRequired);
        }
        let token_hash = sha256_hex(token.as_bytes());
        let now = state.storage.now().await;
        let session = state.storage.staff_session(&token_hash, now).await?.ok_or(ApiError::SessionRequired)?;
        Ok(StaffAuth { token_hash, session })
    }
}

/// The MPP of a session's account (a session of an MPP gone from the data ends).
pub fn session_mpp<'a>(state: &'a AppState, session: &StaffSessionRecord) -> Result<&'a Mpp, ApiError> {
    state.seed.mpps.iter().find(|m| m.id.as_str() == session.mpp).ok_or(ApiError::SessionRequired)
}

#[utoipa::path(post, path = "/api/v1/staff/sessions", tag = "staff", request_body = StaffSignIn,
    responses(
        (status = 201, description = "Signed in for a shift (8 hours): the bearer token and where it serves", body = StaffSession),
        (status = 400, description = "Malformed request", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong username or password (one answer for both)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A desk the counter does not have", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(request): ApiJson<StaffSignIn>,
) -> Result<(StatusCode, Json<StaffSession>), ApiError> {
    state.check_in_limiter.check(client)?;
    let (user_length, password_length) = (request.username.chars().count(), request.password.chars().count());
    if !(1..=64).contains(&user_length)
        || !(1..=256).contains(&password_length)
        || !(1..=MAX_DESKS).contains(&request.desk)
    {
        return Err(ApiError::Invalid(vec![field(
            "username",
            "sign_in.format",
            "Nama pengguna 1–64 karakter, kata sandi 1–256 karakter, nomor loket 1–99.",
            "A username of 1–64 characters, a password of 1–256, a desk from 1 to 99.",
        )]));
    }
    let account = state.storage.staff_account(&request.username).await?;
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let password = request.password.clone();
    let matches = tokio::task::spawn_blocking(move || crate::password::verify(&password, stored.as_deref()))
        .await
        .unwrap_or(false);
    let Some(account) = account.filter(|_| matches) else { return Err(ApiError::SignInFailed) };
    let mpp = state.seed.mpps.iter().find(|m| m.id.as_str() == account.mpp).ok_or(ApiError::SignInFailed)?;
    let counter = mpp.counter(&account.counter).ok_or(ApiError::SignInFailed)?;
    if request.desk > counter.desks {
        return Err(ApiError::Invalid(vec![field(
            "desk",
            "desk.range",
            &format!("Gerai {} punya loket nomor 1 sampai {}.", counter.name.id, counter.desks),
            &format!("The {} counter has desks 1 to {}.", counter.name.en, counter.desks),
        )]));
    }
    let token = base64_url(&random_bytes::<32>().map_err(crate::storage::StorageError::from)?);
    let now = state.storage.now().await;
    let expires_at = now + chrono::Duration::hours(SESSION_HOURS);
    state
        .storage
        .create_staff_session(&sha256_hex(token.as_bytes()), &account.username, request.desk, now, expires_at)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(StaffSession {
            token,
            expires_at,
            username: account.username,
            mpp: mpp.id.clone(),
            mpp_name: mpp.name.clone(),
            counter: counter.id.clone(),
            counter_name: counter.name.clone(),
            desk: request.desk,
            zone: mpp.zone,
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/staff/sessions/current", tag = "staff", security(("staff_token" = [])),
    responses(
        (status = 204, description = "Signed out: the token no longer works"),
        (status = 401, description = "No valid session (WWW-Authenticate: Bearer)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign_out(State(state): State<AppState>, auth: StaffAuth) -> Result<StatusCode, ApiError> {
    state.storage.end_staff_session(&auth.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
