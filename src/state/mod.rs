//! What the app remembers on this device, and only here: the language, the answers and ticks of
//! each service's checklist, the directory's last filter. One versioned `localStorage` key; a value from an older version is
//! migrated, a corrupted one is dropped, and nothing ever crashes the app.

pub mod cache;
pub mod persisted;

use std::collections::BTreeMap;

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

/// The app-wide state, provided once at the top.
#[derive(Clone, Copy)]
pub struct AppStore(pub RwSignal<Stored>);

impl AppStore {
    /// Loads the stored state and saves every change back.
    pub fn provide() -> AppStore {
        let store = AppStore(RwSignal::new(persisted::load()));
        Effect::new(move |_| store.0.with(persisted::save));
        provide_context(store);
        store
    }

    /// The answers without subscribing the caller to later changes (for rendering a page once).
    pub fn answers_untracked(&self, service: &str) -> Answers {
        self.0.with_untracked(|s| s.answers.get(service).cloned().unwrap_or_default())
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

pub fn use_store() -> AppStore {
    expect_context::<AppStore>()
}
