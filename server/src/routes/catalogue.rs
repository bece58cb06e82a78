//! `GET /api/v1/catalogue`: every agency and service with its questionnaire and rules.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::AppState;

pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state.catalogue.respond(&headers, 300)
}
