//! Where a fact in `data/` comes from. Every fact carries a source (a URL, often a regulation) and
//! the date it was checked; where the research found thin or conflicting sources, the fact is
//! flagged so the app can tell the citizen to confirm with the office ("pastikan ke kantor").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One source for one or more facts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Where to read it: an official page, a regulation, or reputable reporting.
    pub url: String,
    /// The day someone last checked the fact against this source.
    #[serde(with = "crate::iso_date")]
    pub checked: NaiveDate,
    /// What this source supports, e.g. "address, opening date" or "Permenkumham 8/2014 Pasal 41".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports: Option<String>,
}

/// How sure the research is of a fact, per `shared/reference/domain-research.md`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Official or several consistent reputable sources.
    #[default]
    High,
    /// One reputable secondary source, or consistent blogs.
    Medium,
    /// Conflicting or thin sources, or an assumption: tell the citizen to confirm with the office.
    Uncertain,
}

impl Confidence {
    /// Whether the app should say "pastikan ke kantor" (confirm with the office) next to the fact.
    pub const fn needs_confirmation(self) -> bool {
        matches!(self, Confidence::Uncertain)
    }
}

/// What a caveat is about, in words a citizen can be told to confirm: "the document list", "the
/// fees". Read from a caveat's `field`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaveatTopic {
    /// The documents to bring (`items`, `requirements`).
    Items,
    /// The fees (`fees`).
    Fees,
    /// Whether the MPP's counter handles the service, or only the agency's own office (`counter`).
    Counter,
    /// Which kind of passport the office issues (`jenis`, `e-paspor`).
    PassportKind,
    /// The opening hours and days (`hours`, `weekends`, `closures`).
    Hours,
    /// The address (`address`).
    Address,
    /// Which agencies have counters there (`counters`).
    Counters,
}

/// A fact flagged as uncertain: which field, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caveat {
    /// The field the caveat is about, e.g. `address` or `hours`.
    pub field: String,
    /// Why it is uncertain, in plain words.
    pub note: String,
}

/// What a list of caveats asks the citizen to confirm, each topic once, in a fixed order.
pub fn topics(caveats: &[Caveat]) -> Vec<CaveatTopic> {
    let mut topics: Vec<CaveatTopic> = caveats.iter().filter_map(Caveat::topic).collect();
    topics.sort_unstable();
    topics.dedup();
    topics
}

impl Caveat {
    /// What the citizen should confirm, if the caveat is about something they can ask; `None` for
    /// notes about Antrean's own configuration (`booking`: slot length, desks, horizons).
    pub fn topic(&self) -> Option<CaveatTopic> {
        Some(match self.field.as_str() {
            "items" | "requirements" => CaveatTopic::Items,
            "fees" => CaveatTopic::Fees,
            "counter" => CaveatTopic::Counter,
            "jenis" | "e-paspor" => CaveatTopic::PassportKind,
            "hours" | "weekends" | "closures" => CaveatTopic::Hours,
            "address" => CaveatTopic::Address,
            "counters" => CaveatTopic::Counters,
            _ => return None,
        })
    }
}
