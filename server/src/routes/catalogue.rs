//! `GET /api/v1/catalogue`: every agency and service with its questionnaire and rules.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::AppState;

#[utoipa::path(get, path = "/api/v1/catalogue", tag = "catalogue",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "Every agency and service with its questionnaire and rules", body = antrean_core::api::Catalogue),
        (status = 304, description = "Not modified"),
    ))]
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state.catalogue.respond(&headers, 300)
}
