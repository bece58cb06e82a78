//! The MPP directory: `GET /api/v1/mpps` (filters: province, city, service, q) and
//! `GET /api/v1/mpps/{id}`.

use antrean_core::api::{MppDetail, MppList, MppSummary};
use antrean_core::directory::{Mpp, MppId};
use antrean_core::directory_search::{DirectoryIndex, DirectoryQuery};
use antrean_core::holidays::Holidays;
use antrean_core::region::{ProvinceCode, RegencyCode};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::cached::CachedJson;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::AppState;

/// The listed MPPs, in the directory's order, with the search index the app builds over them.
pub struct Directory {
    pub items: Vec<MppSummary>,
    pub index: DirectoryIndex,
}

impl Directory {
    /// The seed data's MPPs ordered by province code, then name.
    pub fn new(mpps: &[Mpp]) -> Directory {
        let mut items: Vec<MppSummary> = mpps.iter().map(MppSummary::from).collect();
        items.sort_by(|a, b| (a.province, &a.name).cmp(&(b.province, &b.name)));
        let index = DirectoryIndex::new(&items);
        Directory { items, index }
    }
}

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
    /// Words to find in the name, regency, province or address (any case of ASCII letters).
    q: Option<String>,
}

/// The listed MPPs that match every filter given, ordered by province code, then name.
///
/// The same search the app runs offline (`antrean_core::directory_search`), over the seed data that
/// `GET /api/v1/mpps/{id}` answers from.
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
    let directory = &state.directory;
    // A code that is not one matches no MPP, as an unknown but well-formed one does.
    let province = filters.province.as_deref().map(str::parse::<ProvinceCode>);
    let city = filters.city.as_deref().map(str::parse::<RegencyCode>);
    let items: Vec<MppSummary> = match (province.transpose(), city.transpose()) {
        (Ok(province), Ok(city)) => {
            let query = DirectoryQuery {
                province,
                city,
                service: filters.service.as_deref(),
                words: filters.q.as_deref().unwrap_or_default(),
                nearest: None,
            };
            directory.index.find(&query).iter().filter_map(|found| directory.items.get(found.index).cloned()).collect()
        }
        _ => Vec::new(),
    };
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
#[utoipa::path(get, path = "/api/v1/mpps/{id}", tag = "directory", params(("id" = MppId, Path, description = "MPP id, e.g. mpp-tomohon")),
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
