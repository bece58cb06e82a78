//! Rate limiting of `POST` requests per client address (the `governor` crate's GCRA limiter), so
//! a script cannot hammer the booking endpoints. Over the limit: `429` with `Retry-After`.
//! The address is the one `client_address::identify` attributed the request to.
//!
//! Check-ins and walk-ins have a limit of their own ([`CheckInLimiter`]), checked by their
//! handlers: guessing the last four digits of a NIK takes up to 10 000 tries, and walk-in numbers
//! are a day's supply, so a kiosk's address gets a tighter budget than the booking endpoints.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

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
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                return ApiError::RateLimited { retry_after_seconds: wait.as_secs().max(1) }.into_response();
            }
        }
    }
    next.run(request).await
}

/// A per-address limit of check-ins and walk-ins; off when the rate is 0.
#[derive(Clone)]
pub struct CheckInLimiter(Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>);

impl CheckInLimiter {
    /// `per_minute` attempts a minute, in bursts of up to a third of that; 0 turns the limit off.
    pub fn new(per_minute: u32) -> CheckInLimiter {
        let Some(rate) = NonZeroU32::new(per_minute) else { return CheckInLimiter(None) };
        let burst = NonZeroU32::new((per_minute / 3).max(1)).unwrap_or(NonZeroU32::MIN);
        CheckInLimiter(Some(Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst)))))
    }

    /// Counts one attempt from `address`; `429` (with how long to wait) when over the limit.
    pub fn check(&self, address: IpAddr) -> Result<(), ApiError> {
        let Some(limiter) = &self.0 else { return Ok(()) };
        limiter.check_key(&address).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited { retry_after_seconds: wait.as_secs().max(1) }
        })?;
        // The keyed state grows with the addresses seen; forget the ones that are back to full.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        Ok(())
    }
}
