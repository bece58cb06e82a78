//! The days ahead (eight weeks) on which the MPP is closed or shortened although its weekly hours
//! say open: libur nasional, cuti bersama, its own closures.

use antrean_core::api::MppSummary;
use antrean_core::holidays::Holidays;
use chrono::{Datelike, Duration};
use leptos::prelude::*;

use crate::clock::local_today;
use crate::components::common::day_status::day_status_text;
use crate::format::{clock, long_date};
use crate::i18n::{t_string, use_i18n};

const DAYS_AHEAD: i64 = 56;

#[component]
pub fn ClosedDays(mpp: MppSummary, holidays: Holidays) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rules = mpp.opening(&holidays);
    let today = local_today(mpp.zone);
    let items: Vec<(String, String)> = (0..DAYS_AHEAD)
        .map(|ahead| today + Duration::days(ahead))
        .filter(|date| mpp.hours.on(date.weekday()).is_some())
        .filter_map(|date| {
            let what = match rules.hours_on(date) {
                Err(status) => day_status_text(&status, mpp.zone, locale),
                Ok(hours) if Some(hours) != mpp.hours.on(date.weekday()) => {
                    t_string!(i18n, short_day, open = clock(hours.open, locale), close = clock(hours.close, locale))
                        .to_string()
                }
                Ok(_) => return None,
            };
            Some((long_date(date, locale), what))
        })
        .collect();
    let none = items.is_empty();
    view! {
        <h3>{t_string!(i18n, closed_days_title).to_string()}</h3>
        {if none {
            view! { <p>{t_string!(i18n, closed_days_none).to_string()}</p> }.into_any()
        } else {
            view! {
                <ul class="closed-days">
                    {items.into_iter().map(|(date, what)| view! { <li><strong>{date}</strong>" · "{what}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
