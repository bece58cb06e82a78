//! Every booking made on this device, with its manage token: the citizen's proof.

use antrean_core::api::Booking;

use super::part::Part;

thread_local! {
    static PART: Part<Vec<Booking>> = Part::load(super::BOOKINGS);
}

fn part() -> Part<Vec<Booking>> {
    PART.with(Part::clone)
}

/// Every booking (tracked).
pub fn all() -> Vec<Booking> {
    part().with(Clone::clone)
}

/// Every booking, without subscribing.
pub fn all_untracked() -> Vec<Booking> {
    part().with_untracked(Clone::clone)
}

/// One booking by its code (tracked).
pub fn find(code: &str) -> Option<Booking> {
    part().with(|bookings| bookings.iter().find(|b| b.code.as_str() == code).cloned())
}

/// One booking by its code, without subscribing.
pub fn find_untracked(code: &str) -> Option<Booking> {
    part().with_untracked(|bookings| bookings.iter().find(|b| b.code.as_str() == code).cloned())
}

/// The manage token this device holds for a booking.
pub fn token(code: &str) -> Option<String> {
    part().with_untracked(|bookings| bookings.iter().find(|b| b.code.as_str() == code)?.manage_token.clone())
}

/// Adds or replaces a booking (by code), keeping the manage token and QR code the device already has.
pub fn keep(mut booking: Booking) {
    part().update(|bookings| match bookings.iter_mut().find(|b| b.code == booking.code) {
        Some(kept) => {
            booking.manage_token = booking.manage_token.take().or(kept.manage_token.take());
            booking.qr_svg = booking.qr_svg.take().or(kept.qr_svg.take());
            *kept = booking;
        }
        None => bookings.push(booking),
    });
}
