//! Components on every page: the header and the language switch.

pub mod language_switch;
pub mod site_header;
