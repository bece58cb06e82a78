//! The API contract as OpenAPI 3.1, generated from the handlers and the shared types. Served at
//! `/api/openapi.json` and committed as `openapi.json` (a test fails when the file is stale).

use axum::http::{header, HeaderName};
use axum::routing::get;
use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::ApiError;
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Antrean API",
        description = "Check what to bring and book a slot at an Indonesian public service mall (MPP). \
                       Every error is RFC 9457 application/problem+json, in Bahasa Indonesia or English by Accept-Language.",
        license(name = "Apache-2.0"),
    ),
    paths(
        routes::health::health,
        routes::catalogue::get,
        routes::mpps::list,
        routes::mpps::detail,
        routes::availability::get,
        routes::holds::create,
        routes::bookings::create,
        routes::bookings::get,
        routes::bookings::cancel,
        routes::bookings::reschedule,
        routes::proof::key,
        routes::check_ins::create,
        routes::check_ins::walk_in,
        routes::hall::queue,
        routes::hall::stream,
        routes::staff::sign_in,
        routes::staff::sign_out,
        routes::staff_queue::get,
        routes::staff_queue::call_next,
        routes::staff_queue::call_again,
        routes::staff_queue::served,
        routes::staff_queue::absent,
        routes::staff_queue::transfer,
        routes::staff_queue::priority,
        routes::draws::schedule,
        routes::draws::get,
        routes::draws::result,
        routes::draw_entries::create,
        routes::draw_entries::get,
        routes::draw_entries::change,
        routes::draw_entries::withdraw,
    ),
    modifiers(&ManageToken),
    tags(
        (name = "catalogue", description = "Services, questionnaires and requirement rules"),
        (name = "directory", description = "MPPs, their counters and hours"),
        (name = "booking", description = "Availability, holds and bookings"),
        (name = "visit", description = "The day of the visit: the proof's key, check-in at the kiosk, walk-in numbers, the hall's queue and its stream"),
        (name = "staff", description = "Counter staff: sign-in at a desk, and calling their counter's queue"),
        (name = "draw", description = "Draw mode: entering the draw of a scarce release instead of racing to book, and its verifiable result"),
        (name = "operations", description = "Health"),
    )
)]
pub struct ApiDoc;

/// The bearer tokens: a booking's manage token, and a signed-in member of staff's.
struct ManageToken;

impl Modify for ManageToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "manage_token",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some("The manage token returned when the booking was created"))
                        .build(),
                ),
            );
            components.add_security_scheme(
                "entry_token",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some("The entry token returned when the draw entry was made"))
                        .build(),
                ),
            );
            components.add_security_scheme(
                "staff_token",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some("The token of POST /api/v1/staff/sessions, valid for one shift"))
                        .build(),
                ),
            );
        }
    }
}

/// The document, pretty-printed as committed in `openapi.json`.
pub fn json() -> Result<String, serde_json::Error> {
    ApiDoc::openapi().to_pretty_json()
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Result<([(HeaderName, &'static str); 1], String), ApiError> {
    let json = json().map_err(crate::storage::StorageError::from)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json))
}

/// The API's routes with the contract that describes them at `/openapi.json`.
pub fn with_contract<S: Clone + Send + Sync + 'static>(api: Router<S>) -> Router<S> {
    api.route("/openapi.json", get(serve))
}
