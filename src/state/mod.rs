//! What the app remembers on this device, and only here: the language, the answers and ticks of
//! each service's checklist, the directory's last filter. One versioned `localStorage` key; a value from an older version is
//! migrated, a corrupted one is dropped, and nothing ever crashes the app.

pub mod cache;
pub mod persisted;

use std::collections::BTreeMap;

use antrean_core::api::{Applicant, Booking, Hold, Slot};
use antrean_core::rules::Answers;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The state kept across reloads (and tab kills), version 1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stored {
    /// `"id"` or `"en"`; `None` until the citizen chooses.
    pub language: Option<String>,
    /// Answers per service id.
    pub answers: BTreeMap<String, Answers>,
    /// Checklist items ticked "sudah punya", per service id.
    pub ticks: BTreeMap<String, Vec<String>>,
    /// The directory's last filter, so the citizen comes back to the same list.
    pub directory: DirectoryFilter,
    /// The booking being made (or a booking being moved), step by step.
    pub draft: Option<Draft>,
    /// Every booking made on this device, with its manage token: the citizen's proof.
    pub bookings: Vec<Booking>,
}

/// A booking in progress: where and what, the chosen slot and its hold, who it is for, and the
/// Idempotency-Key of the attempt being sent (kept until the server's answer arrives, so a retry,
/// a reload or a double tap can never book twice).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub mpp: String,
    pub counter: String,
    pub service: String,
    /// The code of the booking being moved, when this draft reschedules one.
    pub rescheduling: Option<String>,
    pub slot: Option<Slot>,
    pub hold: Option<Hold>,
    pub applicant: Applicant,
    pub attempt: Option<String>,
}

impl Draft {
    pub fn is_for(&self, mpp: &str, counter: &str, service: &str) -> bool {
        self.mpp == mpp && self.counter == counter && self.service == service
    }
}

/// The directory's province, city and search words (the position for "Terdekat" is never kept).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    /// Kemendagri province code (`"71"`).
    pub province: Option<String>,
    /// Kemendagri regency/city code (`"71.73"`).
    pub city: Option<String>,
    pub words: String,
}

impl DirectoryFilter {
    /// The deploy's region (a city implies its province; a city outside the province is ignored).
    fn starting(deploy: &crate::deploy::Deploy) -> DirectoryFilter {
        let city_province = deploy.city.as_deref().and_then(|city| city.split('.').next());
        let province = deploy.province.as_deref().or(city_province).map(str::to_owned);
        let city = deploy.city.clone().filter(|_| province.as_deref() == city_province);
        DirectoryFilter { province, city, words: String::new() }
    }
}

/// The app-wide state, provided once at the top.
#[derive(Clone, Copy)]
pub struct AppStore(pub RwSignal<Stored>);

impl AppStore {
    /// Loads the stored state and saves every change back.
    pub fn provide() -> AppStore {
        let mut stored = persisted::load();
        if stored.directory.province.is_none() {
            stored.directory = DirectoryFilter::starting(crate::deploy::deploy());
        }
        let store = AppStore(RwSignal::new(stored));
        Effect::new(move |_| store.0.with(persisted::save));
        provide_context(store);
        store
    }

    /// The answers without subscribing the caller to later changes (for rendering a page once).
    pub fn answers_untracked(&self, service: &str) -> Answers {
        self.0.with_untracked(|s| s.answers.get(service).cloned().unwrap_or_default())
    }

    /// The draft for this counter and service, or a fresh one (a draft for another place is dropped:
    /// one booking is made at a time).
    pub fn draft_for(&self, mpp: &str, counter: &str, service: &str) -> Draft {
        self.0.with_untracked(|s| s.draft.clone()).filter(|d| d.is_for(mpp, counter, service)).unwrap_or_else(|| {
            Draft { mpp: mpp.to_owned(), counter: counter.to_owned(), service: service.to_owned(), ..Draft::default() }
        })
    }

    pub fn set_draft(&self, draft: Option<Draft>) {
        self.0.update(|s| s.draft = draft);
    }

    /// Adds or replaces a booking (by code), keeping the manage token the device already has.
    pub fn keep_booking(&self, mut booking: Booking) {
        self.0.update(|s| match s.bookings.iter_mut().find(|b| b.code == booking.code) {
            Some(kept) => {
                booking.manage_token = booking.manage_token.take().or(kept.manage_token.take());
                booking.qr_svg = booking.qr_svg.take().or(kept.qr_svg.take());
                *kept = booking;
            }
            None => s.bookings.push(booking),
        });
    }

    pub fn set_answers(&self, service: &str, answers: Answers) {
        self.0.update(|s| {
            s.answers.insert(service.to_owned(), answers);
        });
    }
}

/// The browser's `localStorage`, when the browser allows it (not in some private modes and kiosks).
pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Where the citizen's state is kept: `localStorage` on their own device, `sessionStorage` on a
/// kiosk (wiped at the end of each citizen's session, never written to persistent storage).
pub(crate) fn state_storage() -> Option<web_sys::Storage> {
    match crate::kiosk::kiosk() {
        Some(_) => web_sys::window()?.session_storage().ok().flatten(),
        None => local_storage(),
    }
}

pub fn use_store() -> AppStore {
    expect_context::<AppStore>()
}
