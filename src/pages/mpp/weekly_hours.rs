//! The MPP's hours per weekday, Monday first, as a table a screen reader can read row by row.

use antrean_core::api::MppSummary;
use chrono::{Datelike, Weekday};
use leptos::prelude::*;

use crate::format::{clock, weekday};
use crate::i18n::{t_string, use_i18n};

const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

#[component]
pub fn WeeklyHoursTable(mpp: MppSummary) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let today = crate::clock::local_today(mpp.zone).weekday();
    let rows = WEEK
        .into_iter()
        .map(|day| {
            let hours = match mpp.hours.on(day) {
                Some(h) => format!("{}–{}", clock(h.open, locale), clock(h.close, locale)),
                None => t_string!(i18n, closed).to_string(),
            };
            let current = (day == today).then_some("date");
            view! {
                <tr aria-current=current>
                    <th scope="row">{weekday(day, locale)}</th>
                    <td>{hours}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="hours-table">
            <caption class="visually-hidden">{t_string!(i18n, hours_title).to_string()}</caption>
            <tbody>{rows}</tbody>
        </table>
        {mpp.hours.assumed.then(|| view! { <p class="caveat">{t_string!(i18n, hours_assumed).to_string()}</p> })}
    }
}
