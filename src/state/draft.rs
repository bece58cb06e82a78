//! The booking being made (or a booking being moved), step by step, so that a reload or a killed
//! tab comes back to the same step with the same data.

use antrean_core::api::{Applicant, Hold, Slot};
use serde::{Deserialize, Serialize};

use super::part::Part;

/// Where and what, the chosen slot and its hold, who it is for, and the Idempotency-Key of the
/// attempt being sent (kept until the server's answer arrives, so a retry, a reload or a double
/// tap can never book twice).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub mpp: String,
    pub counter: String,
    pub service: String,
    /// The code of the booking being moved, when this draft reschedules one.
    pub rescheduling: Option<String>,
    pub slot: Option<Slot>,
    pub hold: Option<Hold>,
    pub applicant: Applicant,
    pub attempt: Option<String>,
}

impl Draft {
    pub fn is_for(&self, mpp: &str, counter: &str, service: &str) -> bool {
        self.mpp == mpp && self.counter == counter && self.service == service
    }
}

thread_local! {
    static PART: Part<Option<Draft>> = Part::load(super::DRAFT);
}

fn part() -> Part<Option<Draft>> {
    PART.with(Part::clone)
}

/// The draft for this counter and service, or a fresh one (a draft for another place is dropped:
/// one booking is made at a time).
pub fn draft_for(mpp: &str, counter: &str, service: &str) -> Draft {
    part().with_untracked(Clone::clone).filter(|d| d.is_for(mpp, counter, service)).unwrap_or_else(|| Draft {
        mpp: mpp.to_owned(),
        counter: counter.to_owned(),
        service: service.to_owned(),
        ..Draft::default()
    })
}

pub fn set_draft(draft: Option<Draft>) {
    part().update(|d| *d = draft);
}

/// Whether the draft moves an existing booking.
pub fn is_rescheduling() -> bool {
    part().with_untracked(|d| d.as_ref().is_some_and(|d| d.rescheduling.is_some()))
}
