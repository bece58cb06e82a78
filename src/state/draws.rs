//! Every draw entered on this device, with its entry token: what the citizen holds until the draw
//! is made, then the key to its outcome (and to the booking a drawn entry gave).

use antrean_core::draw::api::{DrawEntry, EntryStatus};
use antrean_core::draw::Fingerprint;

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
pub fn forget(fingerprint: &Fingerprint) {
    part().update(|entries| entries.retain(|e| &e.fingerprint != fingerprint));
}

/// Asks the server what became of every entry still waiting for its draw; an entry drawn keeps
/// its booking among the bookings ("Tiket saya", the proof).
pub fn refresh_waiting() {
    let waiting: Vec<(String, Fingerprint, String)> = all_untracked()
        .into_iter()
        .filter(|e| e.status == EntryStatus::Entered)
        .filter_map(|e| Some((e.draw.id.clone(), e.fingerprint, e.entry_token?)))
        .collect();
    leptos::task::spawn_local(async move {
        for (draw, fingerprint, token) in waiting {
            let answer = crate::api::draw_entry(&draw, &fingerprint, &token).await;
            answered(&fingerprint, answer);
        }
    });
}

/// Keeps what the server said of an entry: its state, or that it is gone (withdrawn elsewhere);
/// any other failure keeps the device's copy as it is.
pub fn answered(fingerprint: &Fingerprint, answer: Result<DrawEntry, crate::api::ApiError>) {
    match answer {
        Ok(fresh) => settle(fresh),
        Err(crate::api::ApiError::Status { status: 404, .. }) => forget(fingerprint),
        Err(_) => {}
    }
}

/// Keeps an entry as the server describes it, and the booking of a drawn one (a portal around the
/// app hears of a booking the draw gave, as of any other).
pub fn settle(entry: DrawEntry) {
    if let Some(booking) = entry.booking.clone() {
        if super::bookings::find_untracked(booking.code.as_str()).is_none() {
            let start = antrean_core::iso_time::utc::format(&booking.slot.start_utc);
            crate::deploy::notify_booked(booking.code.as_str(), &start);
        }
        super::bookings::keep(booking);
    }
    keep(entry);
}

/// Whether this device keeps any entry, without reading the entries (Tiket saya's list of draws is
/// fetched only then).
pub fn any_stored() -> bool {
    let stored = super::state_storage().and_then(|storage| storage.get_item(super::DRAWS).ok().flatten());
    stored.is_some_and(|text| text.contains("\"fingerprint\""))
}
