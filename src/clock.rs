//! The device's clock, read the one way every page needs it: as a UTC instant, and as today's date
//! where the MPP is (the zone is the MPP's, never the device's).

use chrono::{DateTime, NaiveDate, Utc};

/// Now, as a UTC instant.
pub fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Today's date where the MPP is.
pub fn local_today(zone: antrean_core::zone::Zone) -> NaiveDate {
    antrean_core::calendar::to_local(now_utc(), zone).date()
}
