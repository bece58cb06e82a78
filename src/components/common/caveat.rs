//! What to confirm with the office, named: "Belum pasti, tanyakan ke petugas MPP Tomohon sebelum
//! datang: jam buka; alamat." rather than "sebagian data belum pasti". The topics come from the
//! data's caveats (core's `CaveatTopic`); the checklist adds the uncertain fees to them.

use antrean_core::api::MppSummary;
use antrean_core::source::CaveatTopic;

use crate::i18n::{t_string, use_i18n};

/// One topic in words that fit after "tanyakan … :": "jam buka", "the opening hours".
pub fn topic_text(topic: CaveatTopic) -> String {
    let i18n = use_i18n();
    match topic {
        CaveatTopic::Items => t_string!(i18n, topic_items).to_string(),
        CaveatTopic::Fees => t_string!(i18n, topic_fees).to_string(),
        CaveatTopic::Counter => t_string!(i18n, topic_counter).to_string(),
        CaveatTopic::PassportKind => t_string!(i18n, topic_passport_kind).to_string(),
        CaveatTopic::Hours => t_string!(i18n, topic_hours).to_string(),
        CaveatTopic::Address => t_string!(i18n, topic_address).to_string(),
        CaveatTopic::Counters => t_string!(i18n, topic_counters).to_string(),
    }
}

/// The caveat of an MPP whose entry is uncertain, naming the facts to confirm (from its caveats)
/// and the MPP to ask; `None` for an MPP the research is sure of.
pub fn mpp_caveat(mpp: &MppSummary) -> Option<String> {
    let i18n = use_i18n();
    if !mpp.confidence.needs_confirmation() {
        return None;
    }
    Some(if mpp.to_confirm.is_empty() {
        t_string!(i18n, confirm_with_office).to_string()
    } else {
        let facts: Vec<String> = mpp.to_confirm.iter().map(|topic| topic_text(*topic)).collect();
        t_string!(i18n, confirm_mpp, mpp = mpp.name.clone(), facts = facts.join("; ")).to_string()
    })
}
