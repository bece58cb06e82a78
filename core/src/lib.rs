//! Antrean's domain, shared by the web app and the reference server: plain Rust, no web or server types.
//!
//! - [`zone`]: Indonesia's three time zones (WIB, WITA, WIT) as fixed offsets.
//! - [`region`]: Kemendagri province and regency/city codes.
//! - [`source`]: where a fact comes from, and how sure we are of it; [`text`]: text in id and en.
//! - [`catalogue`]: agencies, services, questionnaires ([`catalogue_index`]: the part the home page
//!   reads; [`search`]: its search over everyday words and synonyms); [`rules`]: the condition language;
//!   [`checklist`]: the requirement engine (answers to personal checklist).
//! - [`directory`]: the MPPs (public service malls) as the seed data describes them ([`directory_search`]:
//!   finding them by place, service, words or distance); [`schedule`]:
//!   their hours, counters and booking rules; [`holidays`]: libur nasional and cuti bersama.
//! - [`calendar`]: days and slots of a counter in the MPP's own zone; [`opening`]: open now, and when
//!   next; [`day_status`]: why a day is open or closed, which both report.
//! - [`ids`]: counter and service ids; [`place`]: the typed key of an MPP, counter and service, and
//!   finding it in a directory (one resolution for the server and the app).
//! - [`nik`]: NIK and Nomor KK; [`phone`]: mobile numbers; [`booking_code`]: codes with a check character.
//! - [`api`]: the JSON types the server sends and the app reads: one definition for both sides
//!   ([`problem`]: the kinds of error, one enum the server writes and the app matches);
//!   [`applicant`]: who a booking is for, checked the same way in the form and on the server;
//!   [`ics`]: a booking as an RFC 5545 calendar file; [`iso_date`], [`iso_time`]: strict, small
//!   RFC 3339 reading and writing (chrono's general parser would weigh on the web app);
//!   [`month_names`]: the months in both languages, for dates in words.
//! - [`proof`]: the signed proof of a booking, for its QR code, checked offline by the counter;
//!   [`queue`]: queue numbers (`D-014`); [`visit`]: the day of the visit (check-in window,
//!   check-in and walk-in API types, the computed no-show); [`no_show`]: an agency's rule against them;
//!   [`calling`]: the hall's queue (the calling order, the views of the display, the phone and the staff).
//! - [`draw`]: the fair draw of a scarce quota (seed, commitment, shuffle, allocation, verification).
//! - `data` (feature `data-files`): reading and validating the `data/` folder.

pub mod api;
pub mod applicant;
pub mod booking_code;
pub mod calendar;
pub mod calling;
pub mod catalogue;
pub mod catalogue_index;
pub mod checklist;
#[cfg(feature = "data-files")]
pub mod data;
pub mod day_status;
pub mod directory;
pub mod directory_search;
pub mod draw;
pub mod holidays;
pub mod ics;
pub mod ids;
pub mod iso_date;
pub mod iso_time;
pub mod month_names;
pub mod nik;
pub mod no_show;
#[cfg(feature = "openapi")]
mod openapi;
pub mod opening;
pub mod phone;
pub mod place;
pub mod problem;
pub mod proof;
#[cfg(feature = "qr")]
pub mod qr;
pub mod queue;
pub mod region;
pub mod requirement;
pub mod rules;
pub mod schedule;
pub mod search;
pub mod source;
pub mod text;
pub mod visit;
pub mod zone;
