//! The JSON of the draw endpoints (`/api/v1/draws/…`): a draw's schedule and state, an entry, and
//! the requests that make and change one.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::allocate::Preference;
use super::stream::Fingerprint;
use crate::api::{Applicant, Booking};
use crate::directory::MppId;
use crate::ids::{CounterId, ServiceId};
use crate::rules::Answers;

/// Where a draw is in its life.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawState {
    /// The window has not opened: entries are not taken yet (the commitment is already known).
    Upcoming,
    /// Entries are taken, changed and withdrawn until `closes_at`; ordinary booking of the
    /// released days is refused.
    Open,
    /// Drawn: the result is published; the places left are booked first come, first served.
    Drawn,
}

/// One draw of a counter's service: the quota released at `opens_at`, drawn at `closes_at`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawInfo {
    /// `{mpp}/{counter}/{service}/{release_date}`: the path of the draw under `/api/v1/draws/`.
    pub id: String,
    pub mpp: MppId,
    pub counter: CounterId,
    pub service: ServiceId,
    /// The local date of the release moment.
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub release_date: NaiveDate,
    /// The window opens at the release moment (MPP's local time, with its offset)…
    #[serde(with = "crate::iso_time::offset")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opens_at: DateTime<FixedOffset>,
    /// …and closes `draw_minutes` later; the draw is made at the first request after it.
    #[serde(with = "crate::iso_time::offset")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub closes_at: DateTime<FixedOffset>,
    pub state: DrawState,
    /// The released days an entry may name (open days of the period).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub days: Vec<crate::draw::allocate::DateOnly>,
    /// SHA-256 of the draw's seed, published before any entry.
    pub commitment: Fingerprint,
    /// Entries so far (open) or in the draw (drawn).
    pub entries: u64,
    /// Bookings the draw made (drawn only): the allocated places less any forfeited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawn: Option<u64>,
    /// The next release of this counter's service after this one.
    #[serde(with = "crate::iso_time::offset::option", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_release_at: Option<DateTime<FixedOffset>>,
}

/// `GET /api/v1/draws/{mpp}/{counter}/{service}`: the last drawn, the open and the next draw, in
/// time order (each only when there is one).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawSchedule {
    pub draws: Vec<DrawInfo>,
}

/// `POST /api/v1/draws/{mpp}/{counter}/{service}/{release_date}/entries`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawEntryRequest {
    /// Checked as a booking's applicant is (name, NIK, mobile, email).
    pub applicant: Applicant,
    pub preference: Preference,
    /// The checklist answers, as for a booking: the booking the draw gives lists what to bring.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::answers))]
    pub answers: Answers,
}

/// `POST …/entries/{fingerprint}/change`: new preferences (until the window closes).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawEntryChange {
    pub preference: Preference,
}

/// What became of an entry.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// In the draw, which has not been made yet.
    Entered,
    /// Drawn: `booking` is the citizen's booking.
    Drawn,
    /// Not this time: `draw.next_release_at` says when the next release is.
    NotDrawn,
}

/// An entry in a draw, as its holder sees it (with the entry token as a bearer token).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawEntry {
    pub draw: DrawInfo,
    /// The entry's public fingerprint: SHA-256 of `"antrean draw entry\0" ‖ draw id ‖ "\0" ‖
    /// entry token`, as listed in the published draw; also the entry's id in its path.
    pub fingerprint: Fingerprint,
    /// The entry token (bearer token of the entry's endpoints): only in the answer that entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_token: Option<String>,
    pub full_name: String,
    pub preference: Preference,
    pub status: EntryStatus,
    /// The booking the draw gave, with its manage token (status `drawn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Booking>,
}
