//! The hall display and the citizens' phones: `GET /api/v1/mpps/{id}/queue` (the MPP's queue of
//! today, never cached) and `GET /api/v1/mpps/{id}/queue/stream` (the same view as Server-Sent
//! Events: event `queue`, the view as data, its version as id; at once, then at every change).
//!
//! A stream wakes when its MPP's version changes, as the instance's one poller reads them (see
//! `hall_stream`): at once after this instance changes a queue, and within a second of a change
//! made by another instance. The streams of one MPP share its view: the first woken for a new
//! version (or day) reads it and serialises it once, the others wait for it and send the same
//! event. An instance keeps at most
//! `--max-streams` open (then `503` with Retry-After); at shutdown every stream ends, and the
//! display's EventSource reconnects to whichever instance answers and gets the current view.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use antrean_core::calendar::to_local;
use antrean_core::calling::HallQueue;
use antrean_core::directory::Mpp;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::Json;
use chrono::NaiveDate;
use futures_util::Stream;
use tokio::sync::watch;

use super::places::mpp;
use crate::error::ApiError;
use crate::hall_stream::{Hub, Permit, SharedView, Versions};
use crate::queue_view::hall_queue;
use crate::storage::{Storage, StorageError};
use crate::AppState;

/// How often an idle stream checks whether its MPP's day changed (midnight brings no new version).
const MIDNIGHT_CHECK: Duration = Duration::from_secs(30);
/// How often an idle stream sends a comment, so proxies keep the connection open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long a refused display waits before trying again.
const RETRY_AFTER_SECONDS: u64 = 10;

/// The MPP's queue of its today.
async fn today(storage: &Storage, mpp: &Mpp) -> Result<HallQueue, StorageError> {
    let local_date = to_local(storage.now().await, mpp.zone).date();
    let day = storage.queue_day(mpp.id.as_str(), local_date).await?;
    Ok(hall_queue(mpp, local_date, &day))
}

/// The MPP's queue of its today as the event its streams send; `None` when the database fails.
async fn shared_view(storage: &Storage, mpp: &Mpp) -> Option<SharedView> {
    let view = match today(storage, mpp).await {
        Ok(view) => view,
        Err(error) => {
            tracing::warn!(%error, "hall stream: cannot read the queue");
            return None;
        }
    };
    match Event::default().event("queue").id(view.version.to_string()).json_data(&view) {
        Ok(event) => Some(SharedView { local_date: view.local_date, version: view.version, event }),
        Err(error) => {
            tracing::warn!(%error, "hall stream: cannot serialise the queue");
            None
        }
    }
}

#[utoipa::path(get, path = "/api/v1/mpps/{id}/queue", tag = "visit",
    params(("id" = String, Path, description = "MPP id, e.g. mpp-pekanbaru")),
    responses(
        (status = 200, description = "The MPP's queue today: per counter, the numbers waiting in calling order, being served and recently called (Cache-Control: no-store)", body = HallQueue),
        (status = 404, description = "No such MPP", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn queue(State(state): State<AppState>, Path(id): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let mpp = mpp(&state, &id)?;
    let view = today(&state.storage, mpp).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(view)))
}

/// What one open stream follows.
struct Follow {
    storage: Storage,
    hub: Arc<Hub>,
    mpp: Mpp,
    /// The day and version last sent.
    sent: Option<(NaiveDate, u64)>,
    versions: watch::Receiver<Versions>,
    shutdown: watch::Receiver<bool>,
    _permit: Permit,
}

impl Follow {
    /// The next view to send, once the MPP's day or version is newer than the last sent; `None`
    /// at shutdown or when the database fails (the display reconnects).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if *self.shutdown.borrow_and_update() {
                return None;
            }
            let day = to_local(self.storage.now().await, self.mpp.zone).date();
            let key = (self.mpp.id.as_str().to_owned(), day);
            let version = self.versions.borrow_and_update().get(&key).copied().unwrap_or(0);
            // The poller's versions may lag the view already sent: only a newer view is sent.
            if self.sent < Some((day, version)) {
                let read = async { shared_view(&self.storage, &self.mpp).await.ok_or(()) };
                match self.hub.view(self.mpp.id.as_str(), day, version, read).await {
                    Ok(view) if self.sent < Some((view.local_date, view.version)) => {
                        self.sent = Some((view.local_date, view.version));
                        return Some(view.event);
                    }
                    Ok(_) => {}
                    // The database failed: the display reconnects.
                    Err(()) => return None,
                }
            }
            tokio::select! {
                _ = self.versions.changed() => {}
                _ = self.shutdown.changed() => {}
                // The day changes at midnight without a new version.
                () = tokio::time::sleep(MIDNIGHT_CHECK) => {}
            }
        }
    }
}

fn events(follow: Follow) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(follow, |mut follow| async move {
        let event = follow.next().await?;
        Some((Ok(event), follow))
    })
}

#[utoipa::path(get, path = "/api/v1/mpps/{id}/queue/stream", tag = "visit",
    params(("id" = String, Path, description = "MPP id, e.g. mpp-pekanbaru")),
    responses(
        (status = 200, description = "Server-Sent Events: `event: queue`, `id:` the view's version, `data:` the HallQueue as JSON; the current view at once, then a new one at every change; comments every 15 s keep it open", content_type = "text/event-stream", body = HallQueue),
        (status = 404, description = "No such MPP", body = antrean_core::api::Problem, content_type = "application/problem+json"),
        (status = 503, description = "This instance has as many open streams as it allows; see Retry-After", body = antrean_core::api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn stream(State(state): State<AppState>, Path(id): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let mpp = mpp(&state, &id)?.clone();
    let permit = state.hall.admit().ok_or(ApiError::TooManyStreams { retry_after_seconds: RETRY_AFTER_SECONDS })?;
    let (versions, shutdown) = state.hall.subscribe();
    let hub = Arc::clone(&state.hall);
    let follow = Follow { storage: state.storage.clone(), hub, mpp, sent: None, versions, shutdown, _permit: permit };
    let sse = Sse::new(events(follow)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE));
    Ok(([(header::CACHE_CONTROL, "no-store")], sse))
}
