//! The REST API under `/api`: versioned resources under `/api/v1`, plus a health check.

mod health;
mod mpps;

use axum::routing::get;
use axum::Router;

use crate::error::{api_method_not_allowed, api_not_found};
use crate::AppState;

/// Every API route, to be nested under `/api`. Unknown paths and methods answer problem+json.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/v1/mpps", get(mpps::list))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}
