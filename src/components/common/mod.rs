//! Components on every page: the header, the language switch, loading and error states.

pub mod caveat;
pub mod day_status;
pub mod focus;
pub mod kiosk_guard;
pub mod language_switch;
pub mod load_error;
pub mod map_link;
pub mod not_kept;
pub mod open_now;
pub mod problem_text;
pub mod site_header;
pub mod tr;
pub mod update_banner;
pub mod with_loaded;
