//! One month of the booking calendar: a table with a column per weekday (Monday first) and a row
//! per week, whatever each day's state. An open day is a link to its times; a day that cannot be
//! booked is a button that says why below the grid when tapped (a touch screen has no tooltip),
//! and screen readers read the reason in its name.

use std::sync::Arc;

use antrean_core::calendar::{Day, DayStatus};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use leptos::prelude::*;

use super::Place;
use crate::components::common::day_status::day_status_text;
use crate::format;
use crate::i18n::{t_string, use_i18n};

const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// The last day of the month `date` lies in.
fn month_end(date: NaiveDate) -> NaiveDate {
    let next = if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year().saturating_add(1), 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(date)
}

/// The Mondays of the weeks that hold a day of the month starting on `start`.
fn week_starts(start: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let first_monday = start - Duration::days(i64::from(start.weekday().num_days_from_monday()));
    let end = month_end(start);
    core::iter::successors(Some(first_monday), |monday| monday.checked_add_days(chrono::Days::new(7)))
        .take_while(move |monday| *monday <= end)
}

#[component]
pub fn MonthGrid<L>(
    days: Vec<Day>,
    month: RwSignal<(i32, u32)>,
    first: NaiveDate,
    last: NaiveDate,
    next: Option<NaiveDate>,
    link: L,
    place: Arc<Place>,
) -> impl IntoView
where
    L: Fn(NaiveDate) -> String + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let zone = place.mpp.zone;
    let month_start = move || {
        let (year, number) = month.get();
        NaiveDate::from_ymd_opt(year, number, 1).unwrap_or(first)
    };
    // The first answer covers 62 days; the rest of its last month is asked for when it is shown,
    // so that no day of a month the citizen can open is a bare number without a reason.
    let rest_of_last_month = LocalResource::new({
        let place = place.clone();
        move || {
            let start = month_start();
            let place = place.clone();
            async move {
                let wanted = start <= last && month_end(start) > last;
                match (wanted, last.succ_opt()) {
                    (true, Some(from)) => {
                        place.availability(from, month_end(start)).await.map(|answer| answer.days).unwrap_or_default()
                    }
                    _ => Vec::new(),
                }
            }
        }
    });
    let days = Arc::new(days);
    let shift = move |by: i32| {
        month.update(|(year, number)| {
            let index = *year * 12 + *number as i32 - 1 + by;
            *year = index.div_euclid(12);
            *number = index.rem_euclid(12) as u32 + 1;
        })
    };
    let can_go_back = move || month_start() > first;
    let can_go_on = move || month_start() < last.with_day(1).unwrap_or(last);
    // The closed day last tapped, with its reason, shown below the grid.
    let reason = RwSignal::new(None::<String>);
    let rows = move || {
        let start = month_start();
        let more = rest_of_last_month.get().unwrap_or_default();
        week_starts(start)
            .map(|monday| {
                let cells = (0..7)
                    .map(|offset| {
                        let date = monday + Duration::days(offset);
                        let day = days.iter().chain(more.iter()).find(|d| d.date == date);
                        // For tests and styles: which date a cell shows.
                        let iso = antrean_core::iso_date::format(date);
                        match (date.month() == start.month(), day) {
                            (false, _) => view! { <td class="day day--outside"></td> }.into_any(),
                            // Before the first day asked for: gone by, as a screen reader hears.
                            (true, None) if date < first => {
                                let name = format!("{}: {}", format::long_date(date, locale), day_status_text(&DayStatus::Past, zone, locale));
                                view! {
                                    <td class="day day--past" data-date=iso>
                                        <span class="day__cell"><span aria-hidden="true">{date.day()}</span><span class="visually-hidden">{name}</span></span>
                                    </td>
                                }
                                .into_any()
                            }
                            (true, None) => view! {
                                <td class="day day--outside" data-date=iso><span class="day__cell" aria-hidden="true">{date.day()}</span></td>
                            }
                            .into_any(),
                            (true, Some(day)) => {
                                let label = format::long_date(date, locale);
                                let status = day_status_text(&day.status, zone, locale);
                                let name = format!("{label}: {status}");
                                match day.status {
                                    DayStatus::Open { places_left } => view! {
                                        <td class="day day--open" class:day--next=Some(date) == next data-date=iso>
                                            <a class="day__cell" href=link(date) aria-label=name>
                                                <span class="day__number">{date.day()}</span>
                                                <span class="day__places" aria-hidden="true">{places_left}</span>
                                            </a>
                                        </td>
                                    }
                                    .into_any(),
                                    _ => {
                                        let (chosen, tapped) = (name.clone(), name.clone());
                                        view! {
                                            <td class="day day--closed" data-date=iso>
                                                <button type="button" class="day__cell" aria-label=name
                                                    class:day__cell--chosen=move || reason.with(|r| r.as_deref() == Some(chosen.as_str()))
                                                    on:click=move |_| reason.set(Some(tapped.clone()))>
                                                    <span class="day__number" aria-hidden="true">{date.day()}</span>
                                                </button>
                                            </td>
                                        }
                                        .into_any()
                                    }
                                }
                            }
                        }
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view()
    };
    let caption = move || {
        let name = format::date(month_start(), locale);
        name.split_once(' ').map(|(_, month_year)| month_year.to_owned()).unwrap_or(name)
    };
    view! {
        <div class="month">
            <div class="month__nav">
                <button type="button" class="button" prop:disabled=move || !can_go_back()
                    on:click=move |_| { reason.set(None); shift(-1) }>
                    {t_string!(i18n, month_previous).to_string()}
                </button>
                <button type="button" class="button" prop:disabled=move || !can_go_on()
                    on:click=move |_| { reason.set(None); shift(1) }>
                    {t_string!(i18n, month_next).to_string()}
                </button>
            </div>
            <table class="month__grid">
                <caption aria-live="polite">{caption}</caption>
                <thead>
                    <tr>
                        {WEEKDAYS.into_iter().map(|day| {
                            let name = format::weekday(day, locale);
                            let short: String = name.chars().take(3).collect();
                            view! { <th scope="col" abbr=name><span aria-hidden="true">{short}</span><span class="visually-hidden">{name}</span></th> }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="day-reason" role="status">{move || reason.get()}</p>
            <p class="hint">{t_string!(i18n, calendar_legend).to_string()}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn month_ends_across_the_year() {
        assert_eq!(month_end(date(2026, 12, 5)), date(2026, 12, 31));
        assert_eq!(month_end(date(2028, 2, 1)), date(2028, 2, 29));
    }

    #[test]
    fn weeks_cover_the_month_from_monday() {
        // December 2026 starts on a Tuesday and ends on a Thursday: five weeks.
        let weeks: Vec<_> = week_starts(date(2026, 12, 1)).collect();
        assert_eq!(weeks.first(), Some(&date(2026, 11, 30)));
        assert_eq!(weeks.last(), Some(&date(2026, 12, 28)));
        assert_eq!(weeks.len(), 5);
        // February 2027 starts on a Monday and has exactly four weeks.
        assert_eq!(week_starts(date(2027, 2, 1)).count(), 4);
    }
}
