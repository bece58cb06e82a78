//! `GET /api/v1/mpps/{id}/counters/{counter}/availability?service=&from=&to=`: the days of a
//! range (at most 62) with their status and slots, in the MPP's own zone.

use antrean_core::api::Availability;
use axum::extract::{Path, State};
use axum::Json;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::places::{date_in_range, Resolved};
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::AppState;

/// The longest range one request may ask for.
pub const MAX_DAYS: i64 = 62;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[param(value_type = antrean_core::ids::ServiceId)]
    service: String,
    /// First day (local date of the MPP); today by default.
    from: Option<NaiveDate>,
    /// Last day, inclusive; the end of the counter's horizon by default.
    to: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/mpps/{id}/counters/{counter}/availability", tag = "booking",
    params(("id" = antrean_core::directory::MppId, Path, description = "MPP id"),
        ("counter" = antrean_core::ids::CounterId, Path, description = "Counter id"), Range),
    responses(
        (status = 200, description = "Days with status and slots, in the MPP's zone", body = Availability),
        (status = 400, description = "A malformed or too long range (at most 62 days), or a date out of range (a year before today to ten years after)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such MPP or counter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The service is not offered at that counter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Path((mpp_id, counter_id)): Path<(String, String)>,
    ApiQuery(range): ApiQuery<Range>,
) -> Result<Json<Availability>, ApiError> {
    let resolved = Resolved::named(&state, &mpp_id, &counter_id, &range.service)?;
    let now = state.storage.now().await;
    let today = resolved.local_date(now);
    let from = date_in_range(range.from.unwrap_or(today), today)?;
    let horizon = Days::new(u64::from(resolved.counter.horizon_days));
    let to = match range.to {
        Some(to) => date_in_range(to, today)?,
        None => from.checked_add_days(horizon).unwrap_or(from),
    };
    if to < from {
        return Err(ApiError::BadRequest {
            id: "`to` harus sama dengan atau setelah `from`.".into(),
            en: "`to` must not be before `from`.".into(),
        });
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ApiError::BadRequest {
            id: format!("Rentang paling panjang {MAX_DAYS} hari."),
            en: format!("The range is at most {MAX_DAYS} days."),
        });
    }
    super::draws::draw_if_closed(&state, &resolved, now).await?;
    let usage = resolved.usage(&state, from, to, now).await?;
    let days = resolved.calendar(&state).days(from, to, now, &usage);
    Ok(Json(Availability {
        mpp: resolved.mpp.id.clone(),
        counter: resolved.counter.id.clone(),
        service: resolved.service.id.clone(),
        zone: resolved.mpp.zone,
        generated_at: now,
        days,
    }))
}
