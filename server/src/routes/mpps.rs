//! The MPP directory: `GET /api/v1/mpps` (filters: province, city, service, q) and
//! `GET /api/v1/mpps/{id}`.

use antrean_core::api::{MppDetail, MppList, MppSummary};
use antrean_core::holidays::Holidays;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::cached::CachedJson;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::AppState;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Filters {
    /// Kemendagri province code, e.g. `71`.
    province: Option<String>,
    /// Kemendagri regency/city code, e.g. `71.73`.
    city: Option<String>,
    /// A service id: only MPPs with a counter offering it.
    service: Option<String>,
    /// Words to find in the name, regency, province or address.
    q: Option<String>,
}

/// The listed MPPs that match every filter given, ordered by province code, then name.
#[utoipa::path(get, path = "/api/v1/mpps", tag = "directory", params(Filters),
    responses(
        (status = 200, description = "The MPPs", body = MppList),
        (status = 304, description = "Not modified"),
        (status = 400, description = "An unknown or malformed filter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(filters): ApiQuery<Filters>,
) -> Result<Response, ApiError> {
    let words: Vec<String> =
        filters.q.as_deref().unwrap_or_default().to_lowercase().split_whitespace().map(str::to_owned).collect();
    let items: Vec<MppSummary> = state
        .storage
        .list_mpp_documents()
        .await?
        .iter()
        .filter(|mpp| filters.province.as_deref().is_none_or(|p| mpp.province.to_string() == p))
        .filter(|mpp| filters.city.as_deref().is_none_or(|c| mpp.regency.to_string() == c))
        .filter(|mpp| {
            filters.service.as_deref().is_none_or(|s| mpp.counters.iter().any(|c| c.services.iter().any(|x| x == s)))
        })
        .filter(|mpp| {
            let haystack =
                format!("{} {} {} {}", mpp.name, mpp.regency_name, mpp.province.province().name, mpp.address)
                    .to_lowercase();
            words.iter().all(|word| haystack.contains(word.as_str()))
        })
        .map(MppSummary::from)
        .collect();
    // Past holidays are of no use to the app; the ETag still changes only once a day.
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive();
    let known = &state.seed.holidays;
    let holidays = Holidays {
        days: known.days.iter().filter(|day| day.date >= yesterday).cloned().collect(),
        years: known.years.clone(),
    };
    let cached = CachedJson::new(&MppList { items, holidays }).map_err(crate::storage::StorageError::from)?;
    Ok(cached.respond(&headers, 60))
}

/// One MPP with its hours, closures and counters.
#[utoipa::path(get, path = "/api/v1/mpps/{id}", tag = "directory", params(("id" = String, Path, description = "MPP id, e.g. mpp-tomohon")),
    responses(
        (status = 200, description = "The MPP", body = MppDetail),
        (status = 304, description = "Not modified"),
        (status = 404, description = "No such MPP", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn detail(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let mpp = super::places::mpp(&state, &id)?;
    let detail = MppDetail { province_name: mpp.province.province().name.to_owned(), mpp: mpp.clone() };
    let cached = CachedJson::new(&detail).map_err(crate::storage::StorageError::from)?;
    Ok(cached.respond(&headers, 60))
}
