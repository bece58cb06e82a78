//! The requirement items of a service: one thing to bring, or to do or be at the counter, with
//! the form it takes (original, copies, a thing, a step), why it applies and the rule behind it;
//! its fee lines, and the texts that depend on the answers (processing time, who must come).

use serde::{Deserialize, Serialize};

use crate::rules::Condition;
use crate::source::Confidence;
use crate::text::Text;

/// How a document must be brought.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentForm {
    /// The original, which the office keeps or stamps.
    Original,
    /// Photocopies only.
    Copy,
    /// The original to show, and photocopies to hand in.
    OriginalAndCopy,
    /// A thing to bring that is not a paper form, described by the item (a phone with the IKD
    /// app, a fingerprint card). Named `in_person` for the bookings and tickets already stored.
    InPerson,
    /// Nothing to bring: something done or to be at the counter (biometric recording, neat
    /// clothes, witnesses who come along, a form filled in there). No "I have it" tick.
    Step,
}

impl DocumentForm {
    /// Whether the citizen brings something: every form but a step.
    pub fn is_to_bring(self) -> bool {
        !matches!(self, DocumentForm::Step)
    }
}

/// One thing to bring (or, with [`DocumentForm::Step`], to do or be at the counter), and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub what: Text,
    pub form: DocumentForm,
    /// How many photocopies, for `copy` and `original_and_copy`.
    #[serde(default = "one")]
    pub copies: u8,
    /// Why it applies, in plain words.
    pub why: Text,
    /// The rule it comes from, e.g. "Permenkumham 8/2014 Pasal 4 ayat (1)".
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
    /// Applies only when this holds; always otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// `uncertain`: sources conflict; the app says "pastikan ke kantor".
    #[serde(default)]
    pub confidence: Confidence,
}

fn one() -> u8 {
    1
}

/// A fee line, in rupiah.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub id: String,
    pub label: Text,
    pub amount: u64,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default)]
    pub confidence: Confidence,
}

/// A text that depends on the answers (processing time, who must attend): the first whose
/// condition holds applies; the last one has no condition, so there is always an answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}
