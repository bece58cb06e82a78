//! Antrean, the web app: a Leptos single-page app, compiled to WebAssembly, that tells a citizen what
//! to bring to a public service mall (MPP) and books a slot there. All state lives on the device.
//!
//! - [`app`]: the root component: i18n, router, layout.
//! - [`api`]: the one place that talks HTTP to the REST backend.
//! - [`pages`]: one folder per page, each but the home page a chunk of wasm of its own;
//!   [`components`]: pieces shared by several pages. (The chunks are fetched when idle by the
//!   split loader, `js/chunk-packs.js`.)
//! - [`state`]: what the device remembers (one versioned key per part) and offline copies.
//! - [`format`]: rupiah, dates and times as each language writes them.
//! - [`browser`]: attempt keys, file downloads, print, share, the device zone.
//! - [`deploy`]: the deploy's configuration (base path, API, embedding, languages, region).
//! - [`kiosk`]: kiosk mode (session-only state, inactivity wipe).
//! - [`queue_feed`]: an MPP's queue kept current (stream, polling, backoff) for the phone and the hall.
//! - [`geolocation`]: the device's position, only when the citizen asks for the nearest MPP.
//! - [`i18n`]: every user-facing string, in Bahasa Indonesia and English (keys generated from
//!   `locales/*.json`), and the language shown.

pub use i18n::I18n;

pub mod api;
pub mod app;
pub mod browser;
pub mod clock;
pub mod components;
pub mod deploy;
pub mod format;
pub mod geolocation;
pub mod i18n;
pub mod kiosk;
pub mod pages;
pub mod queue_feed;
pub mod state;

pub use app::App;
