//! What the app remembers on this device, and only here, in five parts under their own keys, each
//! read when a page first needs it:
//!
//! - [`prefs`] (`antrean.prefs`): the language, the directory's last filter;
//! - [`checklists`] (`antrean.checklists`): each service's answers and "sudah punya" ticks;
//! - [`draft`] (`antrean.draft`): the booking being made or moved;
//! - [`bookings`] (`antrean.bookings`): every booking made here, with its manage token;
//! - [`draws`] (`antrean.draws`): every draw entered here, with its entry token.
//!
//! The home page reads only the preferences. [`cache`] keeps offline copies of public data.

pub mod bookings;
pub mod cache;
pub mod checklists;
pub mod draft;
pub mod draws;
mod migrate;
pub mod part;
pub mod prefs;
pub mod staff;

pub const PREFS: &str = "antrean.prefs";
pub const CHECKLISTS: &str = "antrean.checklists";
pub const DRAFT: &str = "antrean.draft";
pub const BOOKINGS: &str = "antrean.bookings";
pub const DRAWS: &str = "antrean.draws";

/// Every key that holds something of the citizen's (the kiosk wipes them all).
pub const CITIZEN_KEYS: [&str; 6] = [PREFS, CHECKLISTS, DRAFT, BOOKINGS, DRAWS, migrate::OLD_KEY];

/// Brings a state written by an older version into the parts; runs once, before any part is read.
pub fn init() {
    if let Some(storage) = state_storage() {
        migrate::from_single_key(&storage);
    }
}

/// Whether nothing of a citizen's is stored in this session (a kiosk at rest, nothing to wipe).
pub fn is_fresh() -> bool {
    state_storage().is_none_or(|storage| CITIZEN_KEYS.iter().all(|key| storage.get_item(key).ok().flatten().is_none()))
}

pub(crate) use crate::browser::local_storage;

/// The end of a citizen's session on a kiosk: every trace of it wiped (the app's state in session
/// and local storage; the offline copies hold only public data, Cache Storage only the app shell,
/// IndexedDB is unused), then the app starts again at the home page with a fresh page load, so
/// nothing survives in memory either.
pub fn end_kiosk_session() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(Some(session)) = window.session_storage() {
        let _ = session.clear();
    }
    if let Some(local) = local_storage() {
        for key in CITIZEN_KEYS {
            let _ = local.remove_item(key);
        }
    }
    let _ = window.location().replace(&crate::deploy::link("/"));
}

/// Whether this is a portal's iframe that the browser refuses the device's storage (third-party
/// storage blocked): the state then lives only as long as the page. (A kiosk keeps its state in the
/// session on purpose.)
pub fn embedded_without_storage() -> bool {
    crate::deploy::deploy().embed && crate::kiosk::kiosk().is_none() && local_storage().is_none()
}

/// Where the citizen's state is kept: `localStorage` on their own device, `sessionStorage` on a
/// kiosk (wiped at the end of each citizen's session, never written to persistent storage).
pub(crate) fn state_storage() -> Option<web_sys::Storage> {
    match crate::kiosk::kiosk() {
        Some(_) => web_sys::window()?.session_storage().ok().flatten(),
        None => local_storage(),
    }
}
