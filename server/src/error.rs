//! Every error the API sends: RFC 9457 `application/problem+json` with a stable `type` URN, and a
//! `title` and `detail` in the client's language (Bahasa Indonesia unless `Accept-Language`
//! prefers English). Validation errors list each field; a full slot lists the nearest free ones.

use antrean_core::api::{BookedSlot, FieldError, Problem, ProblemKind};
use antrean_core::place::PlaceError;
use antrean_core::text::Language;
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::storage::{BookingError, Refusal};

mod draw;
pub use draw::DrawProblem;

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

struct Parts {
    status: StatusCode,
    kind: ProblemKind,
    title: (&'static str, &'static str),
    detail: Option<(String, String)>,
}

impl ApiError {
    fn parts(&self) -> Parts {
        let p = |status, kind, title, detail: Option<(&str, &str)>| Parts {
            status,
            kind,
            title,
            detail: detail.map(|(id, en)| (id.to_owned(), en.to_owned())),
        };
        match self {
            ApiError::NotFound(path) => Parts {
                status: StatusCode::NOT_FOUND,
                kind: ProblemKind::NotFound,
                title: ("Tidak ditemukan", "Not found"),
                detail: Some((format!("Tidak ada sumber daya API di {path}."), format!("There is no API resource at {path}."))),
            },
            ApiError::MethodNotAllowed => p(
                StatusCode::METHOD_NOT_ALLOWED,
                ProblemKind::MethodNotAllowed,
                ("Metode tidak diizinkan", "Method not allowed"),
                Some((
                    "Sumber daya ini tidak mendukung metode HTTP tersebut; lihat /api/openapi.json.",
                    "This resource does not support that HTTP method; see /api/openapi.json.",
                )),
            ),
            ApiError::BadRequest { id, en } => Parts {
                status: StatusCode::BAD_REQUEST,
                kind: ProblemKind::BadRequest,
                title: ("Permintaan tidak valid", "Bad request"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::MissingIdempotencyKey => p(
                StatusCode::BAD_REQUEST,
                ProblemKind::IdempotencyKeyRequired,
                ("Idempotency-Key wajib diisi", "Idempotency-Key required"),
                Some((
                    "Kirim header Idempotency-Key yang unik untuk setiap pemesanan agar pengulangan tidak membuat pesanan ganda.",
                    "Send a unique Idempotency-Key header with each booking so that retries never book twice.",
                )),
            ),
            ApiError::Invalid(_) => p(
                StatusCode::UNPROCESSABLE_ENTITY,
                ProblemKind::InvalidInput,
                ("Data tidak valid", "Invalid input"),
                Some(("Periksa kembali isian yang ditandai.", "Check the fields marked.")),
            ),
            ApiError::KeyReused => p(
                StatusCode::UNPROCESSABLE_ENTITY,
                ProblemKind::IdempotencyKeyReused,
                ("Idempotency-Key sudah dipakai", "Idempotency-Key already used"),
                Some(("Kunci ini sudah dipakai untuk permintaan lain.", "This key was used for a different request.")),
            ),
            ApiError::SlotUnavailable { id, en } => Parts {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                kind: ProblemKind::SlotUnavailable,
                title: ("Jadwal tidak tersedia", "Slot not available"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::SlotFull(_) => p(
                StatusCode::CONFLICT,
                ProblemKind::SlotFull,
                ("Jadwal sudah penuh", "Slot full"),
                Some(("Jadwal ini baru saja penuh. Pilih salah satu jadwal terdekat.", "This slot was just taken. Choose one of the nearest free slots.")),
            ),
            ApiError::DayFull(_) => p(
                StatusCode::CONFLICT,
                ProblemKind::QuotaFull,
                ("Kuota hari ini sudah habis", "Day's quota full"),
                Some(("Kuota layanan ini pada hari tersebut sudah habis.", "The quota for this service on that day is used up.")),
            ),
            ApiError::DuplicateBooking => p(
                StatusCode::CONFLICT,
                ProblemKind::DuplicateBooking,
                ("Sudah ada pesanan", "Already booked"),
                Some((
                    "NIK ini sudah memiliki pesanan aktif untuk layanan yang sama pada hari itu. Batalkan pesanan lama untuk memesan lagi.",
                    "This NIK already has an active booking for the same service on that day. Cancel it to book again.",
                )),
            ),
            ApiError::Cancelled => p(
                StatusCode::CONFLICT,
                ProblemKind::BookingCancelled,
                ("Pesanan sudah dibatalkan", "Booking cancelled"),
                Some(("Pesanan yang dibatalkan tidak dapat dijadwalkan ulang.", "A cancelled booking cannot be rescheduled.")),
            ),
            ApiError::CheckInNoMatch => p(
                StatusCode::NOT_FOUND,
                ProblemKind::CheckInNoMatch,
                ("Booking tidak ditemukan", "Booking not found"),
                Some((
                    "Kode booking atau empat digit terakhir NIK tidak cocok. Periksa keduanya lalu coba lagi, atau tanyakan petugas.",
                    "The booking code or the last four digits of the NIK do not match. Check both and try again, or ask the staff.",
                )),
            ),
            ApiError::CheckInTooEarly { id, en } => Parts {
                status: StatusCode::CONFLICT,
                kind: ProblemKind::CheckInTooEarly,
                title: ("Check-in belum dibuka", "Check-in not open yet"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::CheckInTooLate { id, en } => Parts {
                status: StatusCode::CONFLICT,
                kind: ProblemKind::CheckInTooLate,
                title: ("Waktu check-in sudah lewat", "Too late to check in"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::CheckInCancelled => p(
                StatusCode::CONFLICT,
                ProblemKind::BookingCancelled,
                ("Booking sudah dibatalkan", "Booking cancelled"),
                Some((
                    "Booking ini sudah dibatalkan, jadi tidak bisa check-in. Silakan buat booking baru atau tanyakan petugas.",
                    "This booking was cancelled, so it cannot check in. Make a new booking or ask the staff.",
                )),
            ),
            ApiError::CheckInWrongMpp { id, en } => Parts {
                status: StatusCode::CONFLICT,
                kind: ProblemKind::CheckInWrongMpp,
                title: ("Booking untuk MPP lain", "Booking for another MPP"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::WalkInsNotOffered { id, en } => Parts {
                status: StatusCode::CONFLICT,
                kind: ProblemKind::WalkInsNotOffered,
                title: ("Loket ini hanya melayani booking", "This counter serves bookings only"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::QueueFull => p(
                StatusCode::CONFLICT,
                ProblemKind::QueueFull,
                ("Nomor antrean hari ini habis", "No queue numbers left today"),
                Some((
                    "Loket ini sudah memberikan semua nomor antrean hari ini. Tanyakan petugas.",
                    "This counter has given every queue number of the day. Ask the staff.",
                )),
            ),
            ApiError::NoShowBlocked { id, en } => Parts {
                status: StatusCode::CONFLICT,
                kind: ProblemKind::NoShowBlocked,
                title: ("Booking sementara ditutup", "Booking paused for now"),
                detail: Some((id.clone(), en.clone())),
            },
            ApiError::SignInFailed => p(
                StatusCode::UNAUTHORIZED,
                ProblemKind::SignInFailed,
                ("Gagal masuk", "Sign-in failed"),
                Some(("Nama pengguna atau kata sandi salah.", "Wrong username or password.")),
            ),
            ApiError::SessionRequired => p(
                StatusCode::UNAUTHORIZED,
                ProblemKind::SessionRequired,
                ("Silakan masuk", "Please sign in"),
                Some(("Sesi petugas tidak ada atau sudah berakhir. Masuk lagi.", "No staff session, or it ended. Sign in again.")),
            ),
            ApiError::QueueEmpty => p(
                StatusCode::CONFLICT,
                ProblemKind::QueueEmpty,
                ("Tidak ada antrean", "Nobody waiting"),
                Some(("Belum ada nomor yang menunggu di loket ini.", "No number is waiting at this counter.")),
            ),
            ApiError::TicketWrongState => p(
                StatusCode::CONFLICT,
                ProblemKind::TicketWrongState,
                ("Nomor tidak dapat diproses", "Number cannot be handled"),
                Some((
                    "Nomor ini tidak dalam keadaan yang sesuai untuk tindakan tersebut.",
                    "This number is not in a state that action applies to.",
                )),
            ),
            ApiError::TooManyStreams { .. } => p(
                StatusCode::SERVICE_UNAVAILABLE,
                ProblemKind::TooManyStreams,
                ("Layar antrean penuh", "Too many queue displays"),
                Some(("Server sedang melayani banyak layar antrean. Coba lagi sebentar.", "The server serves many queue displays now. Try again shortly.")),
            ),
            ApiError::RateLimited { .. } => p(
                StatusCode::TOO_MANY_REQUESTS,
                ProblemKind::RateLimited,
                ("Terlalu banyak permintaan", "Too many requests"),
                Some(("Tunggu sebentar, lalu coba lagi.", "Wait a moment, then try again.")),
            ),
            ApiError::PayloadTooLarge => Parts {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                kind: ProblemKind::PayloadTooLarge,
                title: ("Data terlalu besar", "Payload too large"),
                detail: Some((
                    format!("Isi permintaan paling besar {} KB.", crate::BODY_LIMIT_BYTES / 1024),
                    format!("A request body is at most {} KB.", crate::BODY_LIMIT_BYTES / 1024),
                )),
            },
            ApiError::Draw(problem) => problem.parts(),
            ApiError::Storage(_) | ApiError::NoClientAddress => p(
                StatusCode::INTERNAL_SERVER_ERROR,
                ProblemKind::Internal,
                ("Gangguan di server", "Internal server error"),
                Some(("Silakan coba beberapa saat lagi.", "Please try again in a moment.")),
            ),
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
