//! The MPP directory: `GET /api/v1/mpps`.

use antrean_core::api::MppList;
use axum::extract::State;
use axum::Json;

use crate::error::ApiError;
use crate::AppState;

/// Every listed MPP, ordered by province code, then name.
pub async fn list(State(state): State<AppState>) -> Result<Json<MppList>, ApiError> {
    Ok(Json(MppList { items: state.storage.list_mpps().await? }))
}
