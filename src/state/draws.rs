//! Every draw entered on this device, with its entry token: what the citizen holds until the draw
//! is made, then the key to its outcome (and to the booking a drawn entry gave).

use antrean_core::draw::api::{DrawEntry, EntryStatus};

use super::part::Part;

thread_local! {
    static PART: Part<Vec<DrawEntry>> = Part::load(super::DRAWS);
}

fn part() -> Part<Vec<DrawEntry>> {
    PART.with(Part::clone)
}

/// Every entry (tracked), the latest draw first.
pub fn all() -> Vec<DrawEntry> {
    let mut entries = part().with(Clone::clone);
    entries.sort_by_key(|e| std::cmp::Reverse(e.draw.opens_at));
    entries
}

/// Every entry, without subscribing.
pub fn all_untracked() -> Vec<DrawEntry> {
    part().with_untracked(Clone::clone)
}

/// The entry this device holds in a draw (tracked).
pub fn in_draw(draw_id: &str) -> Option<DrawEntry> {
    part().with(|entries| entries.iter().find(|e| e.draw.id == draw_id).cloned())
}

/// Adds or replaces an entry (by fingerprint), keeping the entry token the device already has
/// (the server returns it only in the answer that entered).
pub fn keep(mut entry: DrawEntry) {
    part().update(|entries| match entries.iter_mut().find(|e| e.fingerprint == entry.fingerprint) {
        Some(kept) => {
            entry.entry_token = entry.entry_token.take().or(kept.entry_token.take());
            *kept = entry;
        }
        None => entries.push(entry),
    });
}

/// Forgets an entry (withdrawn).
pub fn forget(fingerprint: &antrean_core::draw::Fingerprint) {
    part().update(|entries| entries.retain(|e| &e.fingerprint != fingerprint));
}

/// Asks the server what became of every entry still waiting for its draw; an entry drawn keeps
/// its booking among the bookings ("Tiket saya", the proof).
pub fn refresh_waiting() {
    let waiting: Vec<(String, String, String)> = all_untracked()
        .into_iter()
        .filter(|e| e.status == EntryStatus::Entered)
        .filter_map(|e| Some((e.draw.id.clone(), e.fingerprint.to_string(), e.entry_token?)))
        .collect();
    leptos::task::spawn_local(async move {
        for (draw, fingerprint, token) in waiting {
            if let Ok(fresh) = crate::api::draw_entry(&draw, &fingerprint, &token).await {
                settle(fresh);
            }
        }
    });
}

/// Keeps an entry as the server describes it, and the booking of a drawn one.
pub fn settle(entry: DrawEntry) {
    if let Some(booking) = entry.booking.clone() {
        super::bookings::keep(booking);
    }
    keep(entry);
}
