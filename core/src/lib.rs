//! Antrean's domain, shared by the web app and the reference server: plain Rust, no web or server types.
//!
//! - [`zone`]: Indonesia's three time zones (WIB, WITA, WIT) as fixed offsets.
//! - [`region`]: Kemendagri province and regency/city codes.
//! - [`source`]: where a fact comes from, and how sure we are of it.
//! - [`directory`]: the MPPs (public service malls) as the seed data describes them.
//! - [`api`]: the JSON types the server sends and the app reads: one definition for both sides.
//! - `data` (feature `data-files`): reading and validating the `data/` folder.

pub mod api;
#[cfg(feature = "data-files")]
pub mod data;
pub mod directory;
pub mod region;
pub mod source;
pub mod zone;
