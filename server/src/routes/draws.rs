//! Draw mode's public side: a counter's draws (`GET /api/v1/draws/{mpp}/{counter}/{service}`), one
//! draw (`…/{release_date}`) and its published result (`…/result`); the draw itself, made by the
//! first request that needs it after the window closes; and the gate that refuses ordinary
//! booking of a day while its places are in an open draw. The entries are in `draw_entries`.

use antrean_core::booking_code::BookingCode;
use antrean_core::calendar::{Booked, DayStatus};
use antrean_core::draw::allocate::DateOnly;
use antrean_core::draw::api::{DrawInfo, DrawSchedule, DrawState};
use antrean_core::draw::{Capacity, DayCapacity, DrawWindow, PublishedDraw, SlotCapacity};
use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};

use super::places::Resolved;
use crate::error::{ApiError, DrawProblem};
use crate::storage::draw::{DrawPlan, StoredEntry};
use crate::AppState;

/// A moment of a draw in the MPP's words: `2026-12-31 10:00 WITA`.
pub(crate) fn when(at: chrono::DateTime<chrono::FixedOffset>, zone: antrean_core::zone::Zone) -> String {
    format!("{} {}", at.format("%Y-%m-%d %H:%M"), zone.label())
}

/// A draw named by its path: the place and the window released on the date.
pub(crate) struct Draw<'a> {
    pub resolved: Resolved<'a>,
    pub window: DrawWindow,
    pub id: String,
}

impl<'a> Draw<'a> {
    /// The draw at `/api/v1/draws/{mpp}/{counter}/{service}/{release_date}` (404 when the counter
    /// is not in draw mode or nothing is released that day).
    pub fn named(
        state: &'a AppState,
        (mpp, counter, service, date): &(String, String, String, String),
    ) -> Result<Draw<'a>, ApiError> {
        let not_found = || ApiError::NotFound(format!("/api/v1/draws/{mpp}/{counter}/{service}/{date}"));
        let resolved = Resolved::named(state, mpp, counter, service)?;
        let date: NaiveDate = antrean_core::iso_date::parse(date).ok_or_else(not_found)?;
        let window = resolved.calendar(state).draw_window_released_on(date).ok_or_else(not_found)?;
        Ok(Draw::of(resolved, window))
    }

    pub fn of(resolved: Resolved<'a>, window: DrawWindow) -> Draw<'a> {
        let id = window.id(resolved.key.mpp.as_str(), resolved.key.counter.as_str(), resolved.key.service.as_str());
        Draw { resolved, window, id }
    }

    /// The free places of the released days now (the draw's capacity snapshot).
    async fn capacity(&self, state: &AppState, now: DateTime<Utc>) -> Result<Capacity, ApiError> {
        let (Some(first), Some(last)) = (self.window.days.first(), self.window.days.last()) else {
            return Ok(Capacity::default());
        };
        let usage = self.resolved.usage(state, *first, *last, now).await?;
        let calendar = self.resolved.calendar(state);
        let counter = self.resolved.counter;
        let days = self
            .window
            .days
            .iter()
            .map(|date| {
                let day = calendar.day(*date, now, &usage);
                let open = matches!(day.status, DayStatus::Open { .. } | DayStatus::Full);
                let slots = day
                    .slots
                    .iter()
                    .filter(|s| open && s.bookable)
                    .map(|s| SlotCapacity {
                        start: s.start,
                        start_utc: s.start_utc,
                        places: u32::from(counter.desks).saturating_sub(usage.in_slot(s.start_utc)),
                    })
                    .collect();
                let quota = counter.daily_quota.map(|q| q.saturating_sub(usage.on_day(*date)));
                DayCapacity { date: *date, quota, slots }
            })
            .collect();
        Ok(Capacity { days })
    }

    /// The published draw, drawing it first if this is the first request after the close.
    pub async fn drawn(&self, state: &AppState, now: DateTime<Utc>) -> Result<PublishedDraw, ApiError> {
        if let Some(published) = state.storage.draw_record(&self.id).await?.published {
            return Ok(published);
        }
        let capacity = self.capacity(state, now).await?;
        let resolved = &self.resolved;
        let document = |entry: &StoredEntry, slot_start: DateTime<Utc>, code: &BookingCode| {
            let bring = serde_json::from_str(&entry.bring).unwrap_or_else(|error| {
                tracing::error!(%error, "an entry's list of what to bring cannot be read; the booking lists nothing");
                Vec::new()
            });
            super::bookings::document(resolved, slot_start, code, bring)
        };
        let place = crate::storage::Place {
            key: resolved.key.clone(),
            slot_start: self.window.opens_at.with_timezone(&Utc),
            local_date: self.window.release_date,
            limits: resolved.limits(),
        };
        let plan = DrawPlan {
            draw_id: &self.id,
            opens_at: self.window.opens_at.with_timezone(&Utc),
            closes_at: self.window.closes_at.with_timezone(&Utc),
            place,
            capacity,
            document: &document,
        };
        let published = state.storage.draw_once(&plan, now).await?;
        Ok(published)
    }

    /// Makes the draw if its window has closed and no request has made it yet; reads only whether
    /// it is made (not its publication) when it is, as every later request finds it.
    pub async fn ensure_drawn(&self, state: &AppState, now: DateTime<Utc>) -> Result<(), ApiError> {
        if self.window.has_closed(now) && !state.storage.is_drawn(&self.id).await? {
            self.drawn(state, now).await?;
        }
        Ok(())
    }

    /// The draw as the API describes it; drawn first if its window has closed.
    pub async fn info(&self, state: &AppState, now: DateTime<Utc>) -> Result<DrawInfo, ApiError> {
        self.ensure_drawn(state, now).await?;
        let record = state.storage.draw_record(&self.id).await?;
        let (state_now, drawn) = match &record.published {
            Some(published) => {
                let allocated = published.allocation.iter().filter(|o| o.slot_start.is_some()).count();
                let given = allocated.saturating_sub(published.forfeited.len());
                (DrawState::Drawn, Some(given as u64))
            }
            None if self.window.is_open(now) => (DrawState::Open, None),
            None => (DrawState::Upcoming, None),
        };
        let calendar = self.resolved.calendar(state);
        Ok(DrawInfo {
            id: self.id.clone(),
            mpp: self.resolved.key.mpp.clone(),
            counter: self.resolved.key.counter.clone(),
            service: self.resolved.key.service.clone(),
            release_date: self.window.release_date,
            opens_at: self.window.opens_at,
            closes_at: self.window.closes_at,
            state: state_now,
            days: self.window.days.iter().copied().map(DateOnly).collect(),
            commitment: state.storage.draw_seed(&self.id)?.commitment(),
            entries: record.entries,
            drawn,
            next_release_at: calendar.next_release_after(self.window.opens_at),
        })
    }
}

/// Refuses an ordinary booking, reschedule or hold of `date` while its places are in an open draw;
/// after the close, makes the draw first (if no request has yet), so the places left are booked
/// after the draw's, never before.
pub(crate) async fn refuse_if_reserved(
    state: &AppState,
    resolved: &Resolved<'_>,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(window) = resolved.calendar(state).draw_window_of_day(date) else { return Ok(()) };
    if window.is_open(now) {
        let closes = when(window.closes_at, resolved.mpp.zone);
        return Err(DrawProblem::ReservedForDraw {
            id: format!(
                "Kuota hari ini sedang diundi sampai {closes}. Daftar undian, atau pesan sisa kuota setelahnya."
            ),
            en: format!(
                "This day's places are being drawn until {closes}. Enter the draw, or book what is left after it."
            ),
        }
        .into());
    }
    Draw::of(resolved.clone(), window).ensure_drawn(state, now).await
}

/// Makes the draw of the counter's service whose window has closed, if no request has yet, so that
/// the availability after a draw counts its bookings (nothing when the counter is not in draw mode).
pub(crate) async fn draw_if_closed(
    state: &AppState,
    resolved: &Resolved<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let windows = resolved.calendar(state).draw_windows_around(now);
    for window in windows.into_iter().filter(|w| w.has_closed(now)) {
        Draw::of(resolved.clone(), window).ensure_drawn(state, now).await?;
    }
    Ok(())
}

#[utoipa::path(get, operation_id = "draw_schedule", path = "/api/v1/draws/{mpp}/{counter}/{service}", tag = "draw",
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The last drawn, the open and the next draw of the counter's service (none when it is not in draw mode)", body = DrawSchedule),
        (status = 404, description = "No such MPP or counter", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The counter does not offer the service", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn schedule(
    State(state): State<AppState>,
    Path((mpp, counter, service)): Path<(String, String, String)>,
) -> Result<Json<DrawSchedule>, ApiError> {
    let now = state.storage.now().await;
    let resolved = Resolved::named(&state, &mpp, &counter, &service)?;
    let windows = resolved.calendar(&state).draw_windows_around(now);
    let mut draws = Vec::with_capacity(windows.len());
    for window in windows {
        let draw = Draw::of(resolved.clone(), window);
        draws.push(draw.info(&state, now).await?);
    }
    Ok(Json(DrawSchedule { draws }))
}

#[utoipa::path(get, operation_id = "draw_get", path = "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}", tag = "draw",
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id"),
        ("release_date" = String, Path, format = Date, description = "Local date of the release moment")),
    responses(
        (status = 200, description = "The draw (made first if its window has closed)", body = DrawInfo),
        (status = 404, description = "No such draw", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The counter does not offer the service", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Path(path): Path<(String, String, String, String)>,
) -> Result<Json<DrawInfo>, ApiError> {
    let now = state.storage.now().await;
    let draw = Draw::named(&state, &path)?;
    Ok(Json(draw.info(&state, now).await?))
}

#[utoipa::path(get, operation_id = "draw_result", path = "/api/v1/draws/{mpp}/{counter}/{service}/{release_date}/result", tag = "draw",
    params(("mpp" = String, Path, description = "MPP id"), ("counter" = String, Path, description = "Counter id"),
        ("service" = String, Path, description = "Service id"),
        ("release_date" = String, Path, format = Date, description = "Local date of the release moment")),
    responses(
        (status = 200, description = "The published draw: seed, entry fingerprints and preferences, capacity snapshot and allocation (check it with `antrean-server verify-draw`)", body = PublishedDraw),
        (status = 404, description = "No such draw", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The window has not closed yet (draw-pending)", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The counter does not offer the service", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn result(
    State(state): State<AppState>,
    Path(path): Path<(String, String, String, String)>,
) -> Result<Json<PublishedDraw>, ApiError> {
    let now = state.storage.now().await;
    let draw = Draw::named(&state, &path)?;
    if !draw.window.has_closed(now) {
        let closes = when(draw.window.closes_at, draw.resolved.mpp.zone);
        return Err(DrawProblem::Pending {
            id: format!("Undian dilakukan setelah pendaftaran ditutup pada {closes}."),
            en: format!("The draw is made after the entries close at {closes}."),
        }
        .into());
    }
    Ok(Json(draw.drawn(&state, now).await?))
}
