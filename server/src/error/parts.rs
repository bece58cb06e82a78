//! The words of every problem the API sends: each error's status, `type` and title and detail in
//! Bahasa Indonesia and English (the draw's are in `draw.rs`).

use antrean_core::api::ProblemKind;
use axum::http::StatusCode;

use super::ApiError;

/// What a problem response is made of: its status and kind, and its title and detail in both
/// languages (the response picks one).
pub(super) struct Parts {
    pub(super) status: StatusCode,
    pub(super) kind: ProblemKind,
    pub(super) title: (&'static str, &'static str),
    pub(super) detail: Option<(String, String)>,
}

impl ApiError {
    /// The status, kind and words of this error's problem.
    pub(super) fn parts(&self) -> Parts {
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
