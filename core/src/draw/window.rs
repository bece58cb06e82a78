//! When a counter's service is in draw mode: the window that follows each release moment, the days
//! it releases, and which windows matter at a given moment. Derived from the calendar's release
//! rule, so the draw never disagrees with the booking calendar about when a day is released.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};

use crate::calendar::{to_local, BookableFrom, CounterCalendar};

/// Released days are looked for this many days after a release moment (a month and a horizon).
const PERIOD_SEARCH_DAYS: u64 = 70;

/// One draw window of a counter (the service is the caller's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrawWindow {
    /// The local date of the release moment: with the place, the draw's id.
    pub release_date: NaiveDate,
    pub opens_at: DateTime<FixedOffset>,
    pub closes_at: DateTime<FixedOffset>,
    /// The open days the moment releases, in order.
    pub days: Vec<NaiveDate>,
}

impl DrawWindow {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && now < self.closes_at
    }

    pub fn has_closed(&self, now: DateTime<Utc>) -> bool {
        self.closes_at <= now
    }

    /// The draw's id for a place: `{mpp}/{counter}/{service}/{release_date}`.
    pub fn id(&self, mpp: &str, counter: &str, service: &str) -> String {
        format!("{mpp}/{counter}/{service}/{}", self.release_date)
    }
}

impl CounterCalendar<'_> {
    fn draw_minutes(&self) -> Option<i64> {
        self.counter.release.and_then(|r| r.draw_minutes()).map(i64::from)
    }

    /// The window whose release moment is `opens_at`, with the days it releases.
    fn window_at(&self, opens_at: DateTime<FixedOffset>, minutes: i64) -> DrawWindow {
        let release_date = opens_at.date_naive();
        let days = core::iter::successors(release_date.succ_opt(), |d| d.succ_opt())
            .take(PERIOD_SEARCH_DAYS as usize)
            .filter(|d| self.bookable_from(*d) == BookableFrom::Released { at: opens_at } && self.hours_on(*d).is_ok())
            .collect();
        DrawWindow { release_date, opens_at, closes_at: opens_at + chrono::Duration::minutes(minutes), days }
    }

    /// The draw window that releases `date`, if the counter is in draw mode and the day is
    /// released by a release moment (not by entering the horizon) and open.
    pub fn draw_window_of_day(&self, date: NaiveDate) -> Option<DrawWindow> {
        let minutes = self.draw_minutes()?;
        match self.bookable_from(date) {
            BookableFrom::Released { at } if self.hours_on(date).is_ok() => Some(self.window_at(at, minutes)),
            _ => None,
        }
    }

    /// The draw window whose release moment falls on the local date `release_date`, if any.
    pub fn draw_window_released_on(&self, release_date: NaiveDate) -> Option<DrawWindow> {
        let minutes = self.draw_minutes()?;
        let at = core::iter::successors(release_date.succ_opt(), |d| d.succ_opt())
            .take(PERIOD_SEARCH_DAYS as usize)
            .filter_map(|d| self.release_moment(d))
            .find(|at| at.date_naive() == release_date)?;
        let window = self.window_at(at, minutes);
        (!window.days.is_empty()).then_some(window)
    }

    /// The windows that matter at `now`, in time order: the last one that closed (its result),
    /// the one open now and the next one to open (each when there is one, and only windows that
    /// release at least one open day).
    pub fn draw_windows_around(&self, now: DateTime<Utc>) -> Vec<DrawWindow> {
        let Some(minutes) = self.draw_minutes() else { return Vec::new() };
        let today = to_local(now, self.mpp.zone).date();
        let first = today.checked_sub_days(Days::new(PERIOD_SEARCH_DAYS)).unwrap_or(today);
        let mut moments: Vec<DateTime<FixedOffset>> = core::iter::successors(Some(first), |d| d.succ_opt())
            .take(2 * PERIOD_SEARCH_DAYS as usize + usize::from(self.counter.horizon_days))
            .filter_map(|d| self.release_moment(d))
            .collect();
        moments.sort();
        moments.dedup();
        let windows = moments.into_iter().map(|at| self.window_at(at, minutes)).filter(|w| !w.days.is_empty());
        let (mut last, mut open, mut next) = (None, None, None);
        for window in windows {
            if window.has_closed(now) {
                last = Some(window);
            } else if window.is_open(now) {
                open = Some(window);
            } else if next.is_none() {
                next = Some(window);
            }
        }
        [last, open, next].into_iter().flatten().collect()
    }

    /// The first release moment after `after` (for "not this time: the next release is …").
    pub fn next_release_after(&self, after: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
        let from = after.date_naive();
        core::iter::successors(from.succ_opt(), |d| d.succ_opt())
            .take(2 * PERIOD_SEARCH_DAYS as usize)
            .filter_map(|d| self.release_moment(d))
            .filter(|at| *at > after)
            .min()
    }
}
