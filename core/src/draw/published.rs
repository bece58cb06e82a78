//! What a draw publishes once it is drawn, and the check anyone can run on it: the seed matches the
//! commitment published when the window opened, and the allocation is the one the seed, the
//! entries and the capacity snapshot give (see [`super::allocate`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::allocate::{allocate, AllocationError, Capacity, Entry, Outcome};
use super::stream::{DrawSeed, Fingerprint};

/// The published record of one draw.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedDraw {
    /// `{mpp}/{counter}/{service}/{release date}`.
    pub draw: String,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opens_at: DateTime<Utc>,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub closes_at: DateTime<Utc>,
    /// SHA-256 of the seed, published from the window's start.
    pub commitment: Fingerprint,
    pub seed: DrawSeed,
    /// The free places before the draw.
    pub capacity: Capacity,
    /// Every entry, sorted by fingerprint.
    pub entries: Vec<Entry>,
    /// Every entry's outcome, in the draw's order.
    pub allocation: Vec<Outcome>,
    /// Entries given a place whose NIK already had an active booking of the service that day (at
    /// another counter): no second booking is made, and the place is left for first come, first
    /// served. Not part of the verification (the allocation stands as drawn).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forfeited: Vec<Fingerprint>,
}

/// The first way a published draw differs from its recomputation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Difference {
    #[error("the seed's SHA-256 is {computed}, not the published commitment {published}")]
    Commitment { published: Fingerprint, computed: Fingerprint },
    #[error("the entries cannot be drawn: {0}")]
    Entries(#[from] AllocationError),
    #[error("the allocation lists {published} outcomes; the draw gives {computed}")]
    Length { published: usize, computed: usize },
    #[error("at position {position} of the draw, the allocation says {published}; the draw gives {computed}")]
    Outcome { position: usize, published: String, computed: String },
}

fn describe(outcome: &Outcome) -> String {
    match outcome.slot_start {
        Some(slot) => format!("{} → {}", outcome.fingerprint, crate::iso_time::utc::format(&slot)),
        None => format!("{} → not drawn", outcome.fingerprint),
    }
}

/// Recomputes the draw from what was published; `Ok` with the number of places given when the
/// allocation is exactly the recomputed one.
pub fn verify(published: &PublishedDraw) -> Result<usize, Difference> {
    let computed_commitment = published.seed.commitment();
    if computed_commitment != published.commitment {
        return Err(Difference::Commitment { published: published.commitment, computed: computed_commitment });
    }
    let computed = allocate(&published.seed, &published.entries, &published.capacity)?;
    let first_difference = published.allocation.iter().zip(&computed).position(|(p, c)| p != c);
    if let Some(position) = first_difference {
        return Err(Difference::Outcome {
            position: position + 1,
            published: describe(&published.allocation[position]),
            computed: describe(&computed[position]),
        });
    }
    if published.allocation.len() != computed.len() {
        return Err(Difference::Length { published: published.allocation.len(), computed: computed.len() });
    }
    Ok(computed.iter().filter(|o| o.slot_start.is_some()).count())
}
