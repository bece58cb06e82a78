//! The kinds of problem the API answers with, as one enum that the server writes and the app
//! matches: the `type` of every RFC 9457 problem, `urn:antrean:problem:<slug>` on the wire.
//!
//! The URNs are stable: clients match them, so a kind is never renamed, only added. A kind this
//! build does not know (from a newer server) reads as [`ProblemKind::Other`], keeping the URN, and a
//! client treats it as a generic failure with the problem's `detail`.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The prefix of every problem type the server writes.
pub const PREFIX: &str = "urn:antrean:problem:";

/// The `type` of a problem.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// No resource at this path (also: an unknown booking code or a wrong manage token).
    NotFound,
    MethodNotAllowed,
    /// A malformed request: a query parameter, a header, a date out of range, a body that is not JSON.
    BadRequest,
    IdempotencyKeyRequired,
    /// Per-field errors, listed in the problem's `errors`.
    InvalidInput,
    IdempotencyKeyReused,
    /// The slot exists but cannot be booked now (past, closed day, not released, not a slot).
    SlotUnavailable,
    /// Every place of the slot is taken; the problem lists the nearest free slots.
    SlotFull,
    /// The day's quota for the service is used up; the problem lists the nearest free slots.
    QuotaFull,
    /// The NIK already has an active booking for this service on that day.
    DuplicateBooking,
    /// The booking is cancelled and cannot be changed.
    BookingCancelled,
    RateLimited,
    PayloadTooLarge,
    Internal,
    /// Check-in: no booking has this code with these last four NIK digits (one answer for both, so
    /// nobody learns whether a code exists).
    CheckInNoMatch,
    /// Check-in: it opens later (the problem's detail says when, in the MPP's time).
    CheckInTooEarly,
    /// Check-in: it closed (the grace after the slot's start is over).
    CheckInTooLate,
    /// Check-in: the booking is for another MPP (the detail names it).
    CheckInWrongMpp,
    /// The counter gives no numbers to citizens without a booking.
    WalkInsNotOffered,
    /// The counter has given every queue number of the day (9999).
    QueueFull,
    /// The agency's no-show rule blocks new bookings of its services for now (the detail says until when).
    NoShowBlocked,
    /// Staff sign-in: the username or the password is wrong (one answer for both).
    SignInFailed,
    /// A staff endpoint without a valid session: no bearer token, or an unknown or expired one.
    SessionRequired,
    /// Call next: no number is waiting at the counter.
    QueueEmpty,
    /// A staff action on a number that is not in a state it applies to (e.g. "served" for a waiting number).
    TicketWrongState,
    /// The instance has as many open hall streams as it allows; retry after Retry-After.
    TooManyStreams,
    /// The day's places are released by a draw whose window is open: enter the draw instead of
    /// booking (the detail says until when); after the draw the places left are booked as usual.
    ReservedForDraw,
    /// A draw entry cannot be made, changed or withdrawn now: the window has not opened or has
    /// closed (the detail says when).
    DrawNotOpen,
    /// This NIK has already entered this draw for this service (one entry per NIK per release).
    DuplicateEntry,
    /// The draw's result is asked for before its window closes (the detail says when).
    DrawPending,
    /// A type this build does not know, as the server wrote it.
    Other(String),
}

/// Every known kind with its slug, in one table so that writing and reading cannot disagree.
const KNOWN: [(ProblemKind, &str); 30] = [
    (ProblemKind::NotFound, "not-found"),
    (ProblemKind::MethodNotAllowed, "method-not-allowed"),
    (ProblemKind::BadRequest, "bad-request"),
    (ProblemKind::IdempotencyKeyRequired, "idempotency-key-required"),
    (ProblemKind::InvalidInput, "invalid-input"),
    (ProblemKind::IdempotencyKeyReused, "idempotency-key-reused"),
    (ProblemKind::SlotUnavailable, "slot-unavailable"),
    (ProblemKind::SlotFull, "slot-full"),
    (ProblemKind::QuotaFull, "quota-full"),
    (ProblemKind::DuplicateBooking, "duplicate-booking"),
    (ProblemKind::BookingCancelled, "booking-cancelled"),
    (ProblemKind::RateLimited, "rate-limited"),
    (ProblemKind::PayloadTooLarge, "payload-too-large"),
    (ProblemKind::Internal, "internal"),
    (ProblemKind::CheckInNoMatch, "check-in-no-match"),
    (ProblemKind::CheckInTooEarly, "check-in-too-early"),
    (ProblemKind::CheckInTooLate, "check-in-too-late"),
    (ProblemKind::CheckInWrongMpp, "check-in-wrong-mpp"),
    (ProblemKind::WalkInsNotOffered, "walk-ins-not-offered"),
    (ProblemKind::QueueFull, "queue-full"),
    (ProblemKind::NoShowBlocked, "no-show-blocked"),
    (ProblemKind::SignInFailed, "sign-in-failed"),
    (ProblemKind::SessionRequired, "session-required"),
    (ProblemKind::QueueEmpty, "queue-empty"),
    (ProblemKind::TicketWrongState, "ticket-wrong-state"),
    (ProblemKind::TooManyStreams, "too-many-streams"),
    (ProblemKind::ReservedForDraw, "reserved-for-draw"),
    (ProblemKind::DrawNotOpen, "draw-not-open"),
    (ProblemKind::DuplicateEntry, "duplicate-entry"),
    (ProblemKind::DrawPending, "draw-pending"),
];

impl ProblemKind {
    /// The slug after [`PREFIX`], e.g. `slot-full`; `None` for [`ProblemKind::Other`].
    pub fn slug(&self) -> Option<&'static str> {
        KNOWN.iter().find(|(kind, _)| kind == self).map(|(_, slug)| *slug)
    }

    /// The kind a `type` URI names. Never fails: an unknown type is [`ProblemKind::Other`].
    pub fn parse(uri: &str) -> ProblemKind {
        uri.strip_prefix(PREFIX)
            .and_then(|slug| KNOWN.iter().find(|(_, known)| *known == slug))
            .map_or_else(|| ProblemKind::Other(uri.to_owned()), |(kind, _)| kind.clone())
    }

    /// Whether this build knows the kind.
    pub fn is_known(&self) -> bool {
        !matches!(self, ProblemKind::Other(_))
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.slug()) {
            (_, Some(slug)) => write!(f, "{PREFIX}{slug}"),
            (ProblemKind::Other(uri), None) => f.write_str(uri),
            // Every known kind has a slug (see the test); never reached.
            (_, None) => f.write_str(PREFIX),
        }
    }
}

impl Serialize for ProblemKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProblemKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(ProblemKind::parse(&String::deserialize(deserializer)?))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ProblemKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A stable URN naming the kind of problem, urn:antrean:problem:<slug>, one of: not-found, \
                 method-not-allowed, bad-request, idempotency-key-required, invalid-input, idempotency-key-reused, \
                 slot-unavailable, slot-full, quota-full, duplicate-booking, booking-cancelled, rate-limited, \
                 payload-too-large, internal, check-in-no-match, check-in-too-early, check-in-too-late, \
                 check-in-wrong-mpp, walk-ins-not-offered, queue-full, no-show-blocked, sign-in-failed, \
                 session-required, queue-empty, ticket-wrong-state, too-many-streams, reserved-for-draw, \
                 draw-not-open, duplicate-entry, draw-pending. Clients treat any other as a generic failure.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ProblemKind {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_kind_reads_back_what_it_writes() {
        for (kind, slug) in &KNOWN {
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"urn:antrean:problem:{slug}\""));
            assert_eq!(&serde_json::from_str::<ProblemKind>(&json).unwrap(), kind);
            assert_eq!(kind.slug(), Some(*slug));
        }
    }

    #[test]
    fn the_wire_strings_are_the_stable_ones() {
        // The app once matched `nik-already-booked` while the server sent this: the string is fixed here.
        assert_eq!(ProblemKind::DuplicateBooking.to_string(), "urn:antrean:problem:duplicate-booking");
        assert_eq!(ProblemKind::parse("urn:antrean:problem:quota-full"), ProblemKind::QuotaFull);
    }

    #[test]
    fn an_unknown_kind_is_kept_as_written() {
        for uri in ["urn:antrean:problem:something-new", "about:blank", "urn:antrean:problem:", ""] {
            let kind = ProblemKind::parse(uri);
            assert_eq!(kind, ProblemKind::Other(uri.to_owned()));
            assert!(!kind.is_known());
            assert_eq!(serde_json::to_value(&kind).unwrap(), serde_json::json!(uri));
        }
    }
}
