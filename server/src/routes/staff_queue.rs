//! A desk's work on its counter's queue, with the staff token of `staff`: `GET /api/v1/staff/queue`,
//! `POST /api/v1/staff/queue/call-next`, and `POST /api/v1/staff/queue/tickets/{number}/…`
//! (`call-again`, `served`, `absent`, `transfer`, `priority`). Every answer is the counter's
//! queue as the desk sees it after the action ([`StaffQueue`]).
//!
//! The counter and the desk come from the token, never from the request: a number that is not at
//! the token's counter today is `404`, whatever counter it waits at. Every action is audited (see
//! `storage::calling`), and wakes this instance's hall streams at once.

use antrean_core::calendar::to_local;
use antrean_core::calling::{PriorityRequest, StaffAction, StaffQueue, TransferRequest};
use antrean_core::queue::QueueNumber;
use axum::extract::{Path, State};
use axum::Json;

use super::staff::{session_mpp, StaffAuth};
use crate::error::{field, ApiError};
use crate::extract::ApiJson;
use crate::queue_view::staff_queue;
use crate::storage::{BookingError, Desk, Refusal};
use crate::AppState;

/// The desk's view of its counter today.
async fn view(state: &AppState, auth: &StaffAuth) -> Result<Json<StaffQueue>, ApiError> {
    let mpp = session_mpp(state, &auth.session)?;
    let day = to_local(state.storage.now().await, mpp.zone).date();
    let queue = state.storage.queue_day(mpp.id.as_str(), day).await?;
    Ok(Json(staff_queue(mpp, &auth.session.counter, auth.session.desk, &queue)))
}

/// Performs `action` at the token's desk, then answers the desk's view.
async fn act(state: &AppState, auth: &StaffAuth, action: StaffAction) -> Result<Json<StaffQueue>, ApiError> {
    let mpp = session_mpp(state, &auth.session)?;
    let now = state.storage.now().await;
    let session = &auth.session;
    let desk = Desk {
        username: &session.username,
        mpp: mpp.id.as_str(),
        counter: &session.counter,
        desk: session.desk,
        day: to_local(now, mpp.zone).date(),
    };
    state.storage.staff_act(&desk, &action, now).await.map_err(|error| match (error, action.number()) {
        (BookingError::Refused(Refusal::TicketNotFound), Some(number)) => {
            ApiError::NotFound(format!("/api/v1/staff/queue/tickets/{number}"))
        }
        (error, _) => error.into(),
    })?;
    state.hall.changed();
    view(state, auth).await
}

/// A number named by the path (`D-014`); one that cannot be is at no counter (`404`).
fn number(text: &str) -> Result<QueueNumber, ApiError> {
    text.parse().map_err(|_| ApiError::NotFound(format!("/api/v1/staff/queue/tickets/{text}")))
}

#[utoipa::path(get, path = "/api/v1/staff/queue", tag = "staff", security(("staff_token" = [])),
    responses(
        (status = 200, description = "The counter's queue today as this desk sees it", body = StaffQueue),
        (status = 401, description = "No valid session (WWW-Authenticate: Bearer)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, auth: StaffAuth) -> Result<Json<StaffQueue>, ApiError> {
    view(&state, &auth).await
}

#[utoipa::path(post, path = "/api/v1/staff/queue/call-next", tag = "staff", security(("staff_token" = [])),
    responses(
        (status = 200, description = "The desk's previous number is served, and the next waiting one (in calling order) is called to this desk", body = StaffQueue),
        (status = 401, description = "No valid session (WWW-Authenticate: Bearer)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No number is waiting", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn call_next(State(state): State<AppState>, auth: StaffAuth) -> Result<Json<StaffQueue>, ApiError> {
    act(&state, &auth, StaffAction::CallNext).await
}

macro_rules! ticket_action {
    ($name:ident, $path:literal, $what:literal, $action:ident) => {
        #[utoipa::path(post, path = $path, tag = "staff", security(("staff_token" = [])),
            params(("number" = String, Path, description = "A queue number at this counter today, e.g. D-014")),
            responses(
                (status = 200, description = $what, body = StaffQueue),
                (status = 401, description = "No valid session (WWW-Authenticate: Bearer)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such number at this counter today", body = antrean_core::api::Problem, content_type = "application/problem+json"),
                (status = 409, description = "The number is not called now", body = antrean_core::api::Problem, content_type = "application/problem+json"),
                (status = 429, description = "Rate limited; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
            ))]
        pub async fn $name(
            State(state): State<AppState>,
            auth: StaffAuth,
            Path(text): Path<String>,
        ) -> Result<Json<StaffQueue>, ApiError> {
            act(&state, &auth, StaffAction::$action(number(&text)?)).await
        }
    };
}

ticket_action!(
    call_again,
    "/api/v1/staff/queue/tickets/{number}/call-again",
    "Called again: the hall announces it again",
    CallAgain
);
ticket_action!(served, "/api/v1/staff/queue/tickets/{number}/served", "Marked served", Served);
ticket_action!(absent, "/api/v1/staff/queue/tickets/{number}/absent", "Marked absent (called, did not come)", Absent);

#[utoipa::path(post, path = "/api/v1/staff/queue/tickets/{number}/transfer", tag = "staff", security(("staff_token" = [])),
    params(("number" = String, Path, description = "A queue number at this counter today, waiting or called, e.g. D-014")),
    request_body = TransferRequest,
    responses(
        (status = 200, description = "Sent to the other counter, where it waits with the same number", body = StaffQueue),
        (status = 401, description = "No valid session (WWW-Authenticate: Bearer)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such number at this counter today", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The number is served or absent", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not another counter of this MPP", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn transfer(
    State(state): State<AppState>,
    auth: StaffAuth,
    Path(text): Path<String>,
    ApiJson(request): ApiJson<TransferRequest>,
) -> Result<Json<StaffQueue>, ApiError> {
    let number = number(&text)?;
    let mpp = session_mpp(&state, &auth.session)?;
    if request.counter == auth.session.counter || mpp.counter(&request.counter).is_none() {
        return Err(ApiError::Invalid(vec![field(
            "counter",
            "counter.transfer",
            "Pilih loket lain di MPP ini.",
            "Choose another counter of this MPP.",
        )]));
    }
    act(&state, &auth, StaffAction::Transfer(number, request.counter)).await
}

#[utoipa::path(post, path = "/api/v1/staff/queue/tickets/{number}/priority", tag = "staff", security(("staff_token" = [])),
    params(("number" = String, Path, description = "A waiting queue number at this counter today, e.g. D-014")),
    request_body = PriorityRequest,
    responses(
        (status = 200, description = "The number is called before the others (priority citizens first)", body = StaffQueue),
        (status = 401, description = "No valid session (WWW-Authenticate: Bearer)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such number at this counter today", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The number is not waiting", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn priority(
    State(state): State<AppState>,
    auth: StaffAuth,
    Path(text): Path<String>,
    ApiJson(request): ApiJson<PriorityRequest>,
) -> Result<Json<StaffQueue>, ApiError> {
    act(&state, &auth, StaffAction::Priority(number(&text)?, request.priority)).await
}
