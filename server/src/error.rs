//! Every error the API sends: RFC 9457 `application/problem+json` with a stable `type` URN, and a
//! `title` and `detail` in the client's language (Bahasa Indonesia unless `Accept-Language`
//! prefers English). Validation errors list each field; a full slot lists the nearest free ones.

use antrean_core::api::{BookedSlot, FieldError, Problem};
use antrean_core::place::PlaceError;
use antrean_core::text::Language;
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::storage::{BookingError, Refusal};

mod draw;
mod parts;
pub use draw::DrawProblem;
use parts::Parts;

/// The media type of RFC 9457 problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

tokio::task_local! {
    static LANGUAGE: Language;
}

/// The language of the request being handled (set by [`with_language`]).
pub fn current_language() -> Language {
    LANGUAGE.try_with(|language| *language).unwrap_or_default()
}

/// Picks the text for the current request's language.
pub fn localized(id: &str, en: &str) -> String {
    match current_language() {
        Language::Id => id.to_owned(),
        Language::En => en.to_owned(),
    }
}

/// Middleware: handles the request in the language its `Accept-Language` prefers.
pub async fn with_language(request: Request, next: Next) -> Response {
    let language = crate::i18n::language(request.headers());
    LANGUAGE.scope(language, next.run(request)).await
}

/// An error a handler returns; it becomes a problem+json response.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such resource: {0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("bad request: {en}")]
    BadRequest { id: String, en: String },
    #[error("missing Idempotency-Key")]
    MissingIdempotencyKey,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("Idempotency-Key reused with another request")]
    KeyReused,
    #[error("slot unavailable: {en}")]
    SlotUnavailable { id: String, en: String },
    #[error("slot full")]
    SlotFull(Vec<BookedSlot>),
    #[error("day full")]
    DayFull(Vec<BookedSlot>),
    #[error("duplicate booking")]
    DuplicateBooking,
    #[error("booking cancelled")]
    Cancelled,
    #[error("no booking with this code and these NIK digits")]
    CheckInNoMatch,
    #[error("check-in opens later: {en}")]
    CheckInTooEarly { id: String, en: String },
    #[error("check-in closed: {en}")]
    CheckInTooLate { id: String, en: String },
    #[error("a cancelled booking cannot check in")]
    CheckInCancelled,
    #[error("the booking is for another MPP: {en}")]
    CheckInWrongMpp { id: String, en: String },
    #[error("no walk-ins at this counter")]
    WalkInsNotOffered { id: String, en: String },
    #[error("the counter's queue numbers of the day are used up")]
    QueueFull,
    #[error("blocked by the agency's no-show rule: {en}")]
    NoShowBlocked { id: String, en: String },
    #[error("wrong username or password")]
    SignInFailed,
    #[error("no valid staff session")]
    SessionRequired,
    #[error("no number is waiting")]
    QueueEmpty,
    #[error("the number is not in a state this action applies to")]
    TicketWrongState,
    #[error("too many open streams")]
    TooManyStreams { retry_after_seconds: u64 },
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64 },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error(transparent)]
    Draw(#[from] DrawProblem),
    #[error("storage failed: {0}")]
    Storage(#[from] crate::storage::StorageError),
    /// A request reached a handler without the client address `client_address::identify` sets:
    /// a wiring mistake in the router, never the client's.
    #[error("the request has no client address")]
    NoClientAddress,
}

/// A refusal as the API says it. A full slot or day comes without alternatives here; the handler
/// that knows the place adds them (`routes::places::Resolved::explain`).
impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::SlotFull => ApiError::SlotFull(Vec::new()),
            Refusal::DayFull => ApiError::DayFull(Vec::new()),
            Refusal::DuplicateNik => ApiError::DuplicateBooking,
            Refusal::KeyReused => ApiError::KeyReused,
            Refusal::Cancelled => ApiError::Cancelled,
            Refusal::QueueFull => ApiError::QueueFull,
            Refusal::QueueEmpty => ApiError::QueueEmpty,
            Refusal::TicketNotFound => ApiError::NotFound("/api/v1/staff/queue/tickets".into()),
            Refusal::TicketWrongState => ApiError::TicketWrongState,
            Refusal::EntryNotFound => ApiError::NotFound("/api/v1/draws/entries".into()),
            Refusal::DrawClosed => ApiError::Draw(DrawProblem::NotOpen {
                id: "Undian sudah dilakukan: pendaftaran tidak dapat dibuat, diubah atau dibatalkan lagi.".into(),
                en: "The draw is made: entries can no longer be made, changed or withdrawn.".into(),
            }),
            Refusal::DuplicateEntry => ApiError::Draw(DrawProblem::DuplicateEntry),
        }
    }
}

impl From<BookingError> for ApiError {
    fn from(error: BookingError) -> Self {
        match error {
            BookingError::Refused(refusal) => refusal.into(),
            BookingError::Storage(error) => ApiError::Storage(error),
        }
    }
}

/// A place the API cannot find or serve: `404` for an unknown MPP or counter, `422` for a service
/// the counter does not offer.
impl From<PlaceError> for ApiError {
    fn from(error: PlaceError) -> Self {
        match error {
            PlaceError::UnknownMpp(mpp) => ApiError::NotFound(format!("/api/v1/mpps/{mpp}")),
            PlaceError::UnknownCounter { mpp, counter } => {
                ApiError::NotFound(format!("/api/v1/mpps/{mpp}/counters/{counter}"))
            }
            PlaceError::NotOffered { .. } => ApiError::Invalid(vec![field(
                "service",
                "service.not_offered",
                "Layanan ini tidak tersedia di loket tersebut.",
                "This service is not offered at that counter.",
            )]),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            // The details stay in the log; the client learns only that it was our fault.
            ApiError::Storage(error) => tracing::error!(%error, "storage error"),
            ApiError::NoClientAddress => tracing::error!("a request without a client address reached a handler"),
            _ => {}
        }
        let Parts { status, kind, title, detail } = self.parts();
        let english = current_language() == Language::En;
        let pick = |(id, en): (String, String)| if english { en } else { id };
        let mut problem = Problem {
            kind,
            title: (if english { title.1 } else { title.0 }).to_owned(),
            status: status.as_u16(),
            detail: detail.map(pick),
            instance: None,
            errors: Vec::new(),
            alternatives: Vec::new(),
        };
        let mut retry_after = None;
        match self {
            ApiError::Invalid(errors) => problem.errors = errors,
            ApiError::SlotFull(alternatives) | ApiError::DayFull(alternatives) => problem.alternatives = alternatives,
            ApiError::RateLimited { retry_after_seconds } | ApiError::TooManyStreams { retry_after_seconds } => {
                retry_after = Some(retry_after_seconds)
            }
            _ => {}
        }
        let mut response = problem_response(status, &problem);
        if let Some(seconds) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
            response.headers_mut().insert(header::RETRY_AFTER, seconds);
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Writes a problem as `application/problem+json` with the given status.
pub fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response()
}

/// A field error in the current language.
pub fn field(field: &str, code: &str, id: &str, en: &str) -> FieldError {
    FieldError { field: field.to_owned(), code: code.to_owned(), message: localized(id, en) }
}

/// The fallback for any path under `/api` that no route matches. The detail names the path as the
/// client sent it (`OriginalUri`: `nest` strips the `/api` prefix from the plain `Uri`).
pub async fn api_not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NotFound(uri.path().to_owned())
}

/// The fallback for a known API path called with a method it does not support.
pub async fn api_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
