//! One module per page; a page's private parts live in its folder.

pub mod booking;
pub mod config_error;
pub mod directory;
pub mod home;
pub mod mpp;
pub mod not_found;
pub mod service;
pub mod tickets;
