//! Pieces shared by several pages. Folders mirror the screen; `common/` holds what every page shows.

pub mod common;
