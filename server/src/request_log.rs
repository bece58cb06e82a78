//! One log line per request: method, path, status and duration. Never the query string, headers
//! or body, which may carry personal data (NIK, phone number) or a booking's manage token.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let micros = started.elapsed().as_micros();
    tracing::info!(
        target: "antrean::request",
        "{method} {path} {} {}.{:03} ms",
        response.status().as_u16(),
        micros / 1000,
        micros % 1000
    );
    response
}
