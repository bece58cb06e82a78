//! Rate limiting of `POST` requests per client address (the `governor` crate's GCRA limiter), so
//! a script cannot hammer the booking endpoints. Over the limit: `429` with `Retry-After`.
//! The address is the one `client_address::identify` attributed the request to.
//!
//! Check-ins and walk-ins have limits of their own ([`CheckInLimiter`]): per address, tighter
//! than the booking endpoints', and per booking code.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use antrean_core::booking_code::BookingCode;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::client_address::ClientAddress;
use crate::error::ApiError;

/// A per-address limiter; `None` when the limit is off.
#[derive(Clone)]
pub struct PostLimiter(Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>);

impl PostLimiter {
    /// `per_minute` requests a minute, in bursts of up to a fifth of that; 0 turns the limit off.
    pub fn new(per_minute: u32) -> PostLimiter {
        let Some(rate) = NonZeroU32::new(per_minute) else { return PostLimiter(None) };
        let burst = NonZeroU32::new((per_minute / 5).max(1)).unwrap_or(NonZeroU32::MIN);
        PostLimiter(Some(Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst)))))
    }
}

pub async fn limit_posts(State(limiter): State<PostLimiter>, request: Request, next: Next) -> Response {
    if let (Some(limiter), &Method::POST) = (&limiter.0, request.method()) {
        if let Some(ClientAddress(address)) = request.extensions().get::<ClientAddress>() {
            if let Err(not_until) = limiter.check_key(address) {
                return rate_limited(not_until).into_response();
            }
        }
    }
    next.run(request).await
}

/// Attempts one booking code gets before it waits: enough for a citizen who mistypes the NIK's
/// digits a few times, far too few to try the 10 000 possible digits from many addresses.
const ATTEMPTS_PER_CODE: u32 = 5;
/// After the first attempts, one more every this many seconds (5 in 10 minutes).
const SECONDS_PER_CODE_ATTEMPT: u64 = 120;

/// The limits of check-ins and walk-ins, checked by their handlers; off when the rate is 0.
///
/// Per address: guessing the last four digits of a NIK takes up to 10 000 tries, and walk-in
/// numbers are a day's supply. Per booking code as well ([`CheckInLimiter::check_code`]): a guesser
/// with many addresses still gets five tries at one code in ten minutes. Every attempt at a code
/// counts, whether the code exists or not, so the limit reveals nothing. Both are per instance.
#[derive(Clone)]
pub struct CheckInLimiter(Option<Arc<Limits>>);

struct Limits {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_code: DefaultKeyedRateLimiter<BookingCode>,
}

fn rate_limited(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> ApiError {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    ApiError::RateLimited { retry_after_seconds: wait.as_secs().max(1) }
}

impl CheckInLimiter {
    /// `per_minute` attempts a minute per address, in bursts of up to a third of that; 0 turns
    /// both limits off.
    pub fn new(per_minute: u32) -> CheckInLimiter {
        let Some(rate) = NonZeroU32::new(per_minute) else { return CheckInLimiter(None) };
        let burst = NonZeroU32::new((per_minute / 3).max(1)).unwrap_or(NonZeroU32::MIN);
        let per_code = Quota::with_period(Duration::from_secs(SECONDS_PER_CODE_ATTEMPT))
            .map(|quota| quota.allow_burst(NonZeroU32::new(ATTEMPTS_PER_CODE).unwrap_or(NonZeroU32::MIN)));
        let Some(per_code) = per_code else { return CheckInLimiter(None) };
        CheckInLimiter(Some(Arc::new(Limits {
            by_address: DefaultKeyedRateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst)),
            by_code: DefaultKeyedRateLimiter::keyed(per_code),
        })))
    }

    /// Counts one attempt from `address`; `429` (with how long to wait) when over the limit.
    pub fn check(&self, address: IpAddr) -> Result<(), ApiError> {
        let Some(limits) = &self.0 else { return Ok(()) };
        limits.by_address.check_key(&address).map_err(rate_limited)?;
        // The keyed state grows with the addresses seen; forget the ones that are back to full.
        if limits.by_address.len() > 10_000 {
            limits.by_address.retain_recent();
        }
        Ok(())
    }

    /// Counts one check-in attempt at `code`, known or not; `429` when over the limit.
    pub fn check_code(&self, code: &BookingCode) -> Result<(), ApiError> {
        let Some(limits) = &self.0 else { return Ok(()) };
        limits.by_code.check_key(code).map_err(rate_limited)?;
        if limits.by_code.len() > 10_000 {
            limits.by_code.retain_recent();
        }
        Ok(())
    }
}
