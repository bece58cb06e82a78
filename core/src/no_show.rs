//! An agency's rule against no-shows (off unless its data sets one): a citizen who did not come to
//! `no_shows` bookings of the agency within `within_days` may not book its services again for
//! `block_days` after the last of them. A no-show is a booking not checked in by the end of its
//! grace (see [`crate::visit`]), computed from the clock: nothing is written when it happens.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// `no_show_rule = { no_shows = 3, within_days = 90, block_days = 30 }` in `agencies.toml`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoShowRule {
    pub no_shows: u8,
    pub within_days: u16,
    pub block_days: u16,
}

/// The longest period either side of the rule may name.
pub const MAX_RULE_DAYS: u16 = 365;

impl NoShowRule {
    /// What is wrong with the rule as the data sets it, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        if self.no_shows == 0 {
            Some("no_shows must be at least 1")
        } else if !(1..=MAX_RULE_DAYS).contains(&self.within_days) || !(1..=MAX_RULE_DAYS).contains(&self.block_days) {
            Some("within_days and block_days must be 1 to 365")
        } else {
            None
        }
    }

    /// How far back a no-show can still count towards a block in force now.
    pub fn look_back(&self) -> Duration {
        Duration::days(i64::from(self.within_days) + i64::from(self.block_days))
    }

    /// Until when new bookings are blocked as of `now`, given when each no-show became one (the
    /// end of its grace): the latest end of a block that `no_shows` of them within `within_days`
    /// started. `None` when nothing blocks.
    pub fn blocked_until(&self, no_shows: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut ends: Vec<DateTime<Utc>> = no_shows.iter().copied().filter(|end| *end <= now).collect();
        ends.sort_unstable();
        let n = usize::from(self.no_shows.max(1));
        let within = Duration::days(i64::from(self.within_days));
        let block = Duration::days(i64::from(self.block_days));
        ends.windows(n)
            .filter(|run| run[n - 1] - run[0] <= within)
            .map(|run| run[n - 1] + block)
            .filter(|until| *until > now)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: i64) -> DateTime<Utc> {
        "2026-01-01T03:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(d)
    }

    const RULE: NoShowRule = NoShowRule { no_shows: 2, within_days: 30, block_days: 60 };

    #[test]
    fn enough_no_shows_close_together_block_until_the_period_after_the_last() {
        assert_eq!(RULE.blocked_until(&[day(0), day(20)], day(21)), Some(day(80)));
        // Still blocked after the first has left the 30 days: the block started on day 20.
        assert_eq!(RULE.blocked_until(&[day(20), day(0)], day(45)), Some(day(80)));
        assert_eq!(RULE.blocked_until(&[day(0), day(20)], day(80)), None);
    }

    #[test]
    fn too_few_or_too_far_apart_or_not_yet_no_shows_block_nothing() {
        assert_eq!(RULE.blocked_until(&[day(0)], day(1)), None);
        assert_eq!(RULE.blocked_until(&[day(0), day(31)], day(32)), None);
        assert_eq!(RULE.blocked_until(&[day(0), day(20)], day(10)), None, "the second is not a no-show yet");
        assert_eq!(RULE.blocked_until(&[], day(0)), None);
    }

    #[test]
    fn the_rule_reads_from_the_data_and_its_limits_are_checked() {
        let rule: NoShowRule = toml::from_str("no_shows = 3\nwithin_days = 90\nblock_days = 30\n").unwrap();
        assert_eq!(rule, NoShowRule { no_shows: 3, within_days: 90, block_days: 30 });
        assert_eq!(rule.problem(), None);
        assert!(NoShowRule { no_shows: 0, ..rule }.problem().is_some());
        assert!(NoShowRule { block_days: 0, ..rule }.problem().is_some());
        assert!(NoShowRule { within_days: 366, ..rule }.problem().is_some());
        assert!(toml::from_str::<NoShowRule>("no_shows = 3\nwithin_days = 90\n").is_err());
    }
}
