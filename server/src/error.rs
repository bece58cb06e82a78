//! Every error the API sends: RFC 9457 `application/problem+json`, with a stable `type` URN.

use antrean_core::api::Problem;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// The media type of RFC 9457 problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error a handler returns; it becomes a problem+json response.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such resource: {0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("storage failed: {0}")]
    Storage(#[from] crate::storage::StorageError),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
            ApiError::Storage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal server error"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, slug, title) = self.parts();
        let detail = match &self {
            ApiError::NotFound(path) => Some(format!("There is no API resource at {path}.")),
            ApiError::MethodNotAllowed => None,
            ApiError::Storage(error) => {
                // The details stay in the log; the client learns only that it was our fault.
                tracing::error!(%error, "storage error");
                None
            }
        };
        let problem = Problem {
            kind: format!("urn:antrean:problem:{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            instance: None,
            errors: Vec::new(),
            alternatives: Vec::new(),
        };
        problem_response(status, &problem)
    }
}

/// Writes a problem as `application/problem+json` with the given status.
pub fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response()
}

/// The fallback for any path under `/api` that no route matches.
pub async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_owned())
}

/// The fallback for a known API path called with a method it does not support.
pub async fn api_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
