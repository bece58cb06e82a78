//! The problems of draw mode (issue 18), kept beside the other problems: their statuses, kinds and
//! texts in both languages.

use antrean_core::api::ProblemKind;
use axum::http::StatusCode;

use super::Parts;

/// Why a draw request, or a booking of a day in a draw, was refused.
#[derive(Debug, thiserror::Error)]
pub enum DrawProblem {
    /// Ordinary booking (or holding) of a day whose places are being drawn: the window is open.
    #[error("the day's places are reserved for the draw: {en}")]
    ReservedForDraw { id: String, en: String },
    /// An entry made, changed or withdrawn outside the window.
    #[error("the draw takes no entries now: {en}")]
    NotOpen { id: String, en: String },
    #[error("this NIK has already entered this draw")]
    DuplicateEntry,
    /// The result asked for before the window closes.
    #[error("the draw is not made yet: {en}")]
    Pending { id: String, en: String },
}

impl DrawProblem {
    pub(super) fn parts(&self) -> Parts {
        let (status, kind, title, detail) = match self {
            DrawProblem::ReservedForDraw { id, en } => (
                StatusCode::CONFLICT,
                ProblemKind::ReservedForDraw,
                ("Kuota sedang diundi", "Places are being drawn"),
                (id.clone(), en.clone()),
            ),
            DrawProblem::NotOpen { id, en } => (
                StatusCode::CONFLICT,
                ProblemKind::DrawNotOpen,
                ("Pendaftaran undian tidak dibuka", "The draw is not taking entries"),
                (id.clone(), en.clone()),
            ),
            DrawProblem::DuplicateEntry => (
                StatusCode::CONFLICT,
                ProblemKind::DuplicateEntry,
                ("Sudah terdaftar", "Already entered"),
                (
                    "NIK ini sudah terdaftar dalam undian layanan ini. Ubah atau batalkan pendaftaran yang ada dengan token pendaftarannya."
                        .to_owned(),
                    "This NIK has already entered this service's draw. Change or withdraw that entry with its entry token."
                        .to_owned(),
                ),
            ),
            DrawProblem::Pending { id, en } => (
                StatusCode::CONFLICT,
                ProblemKind::DrawPending,
                ("Undian belum dilakukan", "Not drawn yet"),
                (id.clone(), en.clone()),
            ),
        };
        Parts { status, kind, title, detail: Some(detail) }
    }
}
