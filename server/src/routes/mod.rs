//! The REST API under `/api`: versioned resources under `/api/v1`, plus a health check.
//! Every answer is JSON; every error is problem+json (see `crate::error`).

pub(crate) mod availability;
pub(crate) mod bookings;
pub(crate) mod catalogue;
pub(crate) mod check_ins;
pub(crate) mod draw_entries;
pub(crate) mod draws;
pub(crate) mod hall;
pub(crate) mod health;
pub(crate) mod holds;
pub mod mpps;
pub(crate) mod no_show;
mod places;
pub(crate) mod proof;
pub(crate) mod staff;
pub(crate) mod staff_queue;

use axum::routing::{delete, get, post};
use axum::Router;

use crate::error::{api_method_not_allowed, api_not_found};
use crate::AppState;

/// Every API route, to be nested under `/api`, except the contract that describes them
/// (`crate::openapi` adds it: it reads the handlers, so they must not read it). Unknown paths and
/// methods answer problem+json.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/v1/catalogue", get(catalogue::get))
        .route("/v1/mpps", get(mpps::list))
        .route("/v1/mpps/{id}", get(mpps::detail))
        .route("/v1/mpps/{id}/counters/{counter}/availability", get(availability::get))
        .route("/v1/holds", post(holds::create))
        .route("/v1/bookings", post(bookings::create))
        .route("/v1/bookings/{code}", get(bookings::get))
        .route("/v1/bookings/{code}/cancel", post(bookings::cancel))
        .route("/v1/bookings/{code}/reschedule", post(bookings::reschedule))
        .route("/v1/draws/{mpp}/{counter}/{service}", get(draws::schedule))
        .route("/v1/draws/{mpp}/{counter}/{service}/{release_date}", get(draws::get))
        .route("/v1/draws/{mpp}/{counter}/{service}/{release_date}/result", get(draws::result))
        .route("/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries", post(draw_entries::create))
        .route("/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}", get(draw_entries::get))
        .route(
            "/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}/change",
            post(draw_entries::change),
        )
        .route(
            "/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries/{fingerprint}/withdraw",
            post(draw_entries::withdraw),
        )
        .route("/v1/proof-key", get(proof::key))
        .route("/v1/check-ins", post(check_ins::create))
        .route("/v1/mpps/{id}/counters/{counter}/walk-ins", post(check_ins::walk_in))
        .route("/v1/mpps/{id}/queue", get(hall::queue))
        .route("/v1/mpps/{id}/queue/stream", get(hall::stream))
        .route("/v1/staff/sessions", post(staff::sign_in))
        .route("/v1/staff/sessions/current", delete(staff::sign_out))
        .route("/v1/staff/queue", get(staff_queue::get))
        .route("/v1/staff/queue/call-next", post(staff_queue::call_next))
        .route("/v1/staff/queue/tickets/{number}/call-again", post(staff_queue::call_again))
        .route("/v1/staff/queue/tickets/{number}/served", post(staff_queue::served))
        .route("/v1/staff/queue/tickets/{number}/absent", post(staff_queue::absent))
        .route("/v1/staff/queue/tickets/{number}/transfer", post(staff_queue::transfer))
        .route("/v1/staff/queue/tickets/{number}/priority", post(staff_queue::priority))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}
