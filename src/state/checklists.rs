//! Each service's checklist answers and the items ticked "sudah punya".

use std::collections::BTreeMap;

use antrean_core::rules::Answers;
use serde::{Deserialize, Serialize};

use super::part::Part;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklists {
    /// Answers per service id.
    pub answers: BTreeMap<String, Answers>,
    /// Checklist items ticked "sudah punya", per service id.
    pub ticks: BTreeMap<String, Vec<String>>,
}

thread_local! {
    static PART: Part<Checklists> = Part::load(super::CHECKLISTS);
}

fn part() -> Part<Checklists> {
    PART.with(Part::clone)
}

/// The answers without subscribing the caller to later changes (for rendering a page once).
pub fn answers_untracked(service: &str) -> Answers {
    part().with_untracked(|c| c.answers.get(service).cloned().unwrap_or_default())
}

pub fn set_answers(service: &str, answers: Answers) {
    part().update(|c| {
        c.answers.insert(service.to_owned(), answers);
    });
}

/// Whether an item is ticked (tracked).
pub fn is_ticked(service: &str, item: &str) -> bool {
    part().with(|c| c.ticks.get(service).is_some_and(|ticks| ticks.iter().any(|t| t == item)))
}

pub fn toggle_tick(service: &str, item: &str) {
    part().update(|c| {
        let ticks = c.ticks.entry(service.to_owned()).or_default();
        match ticks.iter().position(|t| t == item) {
            Some(at) => {
                ticks.remove(at);
            }
            None => ticks.push(item.to_owned()),
        }
    });
}
