//! Step 1: the day. A month calendar in the MPP's zone (a table of links a screen reader reads as
//! a grid of dated cells), or the same days as a list; every day that cannot be booked says why,
//! and the next day with free places is highlighted.

use std::sync::Arc;

use antrean_core::api::Availability;
use antrean_core::calendar::{Day, DayStatus};
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;

use super::step_header::StepHeader;
use super::Place;
use crate::api::availability;
use crate::clock::local_today;
use crate::components::common::day_status::{after_calendar_text, day_status_text};
use crate::components::common::load_error::LoadError;
use crate::format::{self, long_date};
use crate::i18n::{t_string, use_i18n};

/// The server answers at most 62 days at once: today and the next 61.
const DAYS: i64 = 61;

#[component]
pub fn DayStep(place: Arc<Place>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::new();
    let today = local_today(place.mpp.zone);
    let days = {
        let place = place.clone();
        LocalResource::new(move || {
            let place = place.clone();
            async move {
                let (mpp, counter, service) =
                    (place.mpp.id.to_string(), place.counter.id.clone(), place.service.id.clone());
                availability(&mpp, &counter, &service, today, today + Duration::days(DAYS)).await
            }
        })
    };
    let as_list = RwSignal::new(false);
    let title = t_string!(i18n, booking_day_title).to_string();
    view! {
        <section class="page booking" aria-labelledby="booking-title">
            <StepHeader place=place.clone() step=1 title heading />
            <p class="hint">{t_string!(i18n, zone_note, zone = place.mpp.zone.label(), offset = format::utc_offset(place.mpp.zone)).to_string()}</p>
            <button type="button" class="button button--link" aria-pressed=move || as_list.get().to_string()
                on:click=move |_| as_list.update(|l| *l = !*l)>
                {move || if as_list.get() { t_string!(i18n, show_as_calendar).to_string() } else { t_string!(i18n, show_as_list).to_string() }}
            </button>
            {move || match days.get() {
                None => view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error /> }.into_any(),
                Some(Ok(answer)) => {
                    let answer = Arc::new(answer);
                    view! { <Days answer place=place.clone() as_list /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Days(answer: Arc<Availability>, place: Arc<Place>, as_list: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let next = answer.days.iter().find(|d| matches!(d.status, DayStatus::Open { .. })).map(|d| d.date);
    let first = answer.days.first().map(|d| d.date).unwrap_or_default();
    let last = answer.days.last().map(|d| d.date).unwrap_or_default();
    let start = next.unwrap_or(first);
    let month = RwSignal::new((start.year(), start.month()));
    let link = {
        let place = place.clone();
        move |date: NaiveDate| {
            crate::deploy::link(&format!("{}?tanggal={}", place.path("jam"), antrean_core::iso_date::format(date)))
        }
    };
    let next_note = match next {
        Some(date) => view! {
            <p class="notice notice--next">
                {t_string!(i18n, next_available).to_string()}" "
                <a href=link(date)>{long_date(date, locale)}</a>
            </p>
        }
        .into_any(),
        None => view! { <p class="notice notice--offline" role="status">{t_string!(i18n, no_day_available).to_string()}</p> }.into_any(),
    };
    let days = answer.days.clone();
    let zone = place.mpp.zone;
    view! {
        {next_note}
        {move || if as_list.get() {
            let items = days
                .iter()
                .map(|day| {
                    let label = long_date(day.date, locale);
                    let status = day_status_text(&day.status, zone, locale);
                    let open = matches!(day.status, DayStatus::Open { .. });
                    let is_next = Some(day.date) == next;
                    view! {
                        <li class="day-list__day" class:day--next=is_next>
                            {if open {
                                view! { <a href=link(day.date)>{label}</a> }.into_any()
                            } else {
                                view! { <span class="day-list__closed">{label}</span> }.into_any()
                            }}
                            " · "{status}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="day-list">{items}</ul> }.into_any()
        } else {
            view! { <MonthGrid days=days.clone() month first last next link=link.clone() zone /> }.into_any()
        }}
    }
}

/// One month as a table: weekday columns (Monday first), a row per week, a cell per day.
#[component]
fn MonthGrid<L>(
    days: Vec<Day>,
    month: RwSignal<(i32, u32)>,
    first: NaiveDate,
    last: NaiveDate,
    next: Option<NaiveDate>,
    link: L,
    zone: antrean_core::zone::Zone,
) -> impl IntoView
where
    L: Fn(NaiveDate) -> String + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let month_start = move || {
        let (year, number) = month.get();
        NaiveDate::from_ymd_opt(year, number, 1).unwrap_or(first)
    };
    let shift = move |by: i32| {
        month.update(|(year, number)| {
            let index = *year * 12 + *number as i32 - 1 + by;
            *year = index.div_euclid(12);
            *number = index.rem_euclid(12) as u32 + 1;
        })
    };
    let can_go_back = move || month_start() > first;
    let can_go_on = move || month_start() < last.with_day(1).unwrap_or(last);
    let weekdays = [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ];
    let rows = move || {
        let start = month_start();
        let offset = start.weekday().num_days_from_monday() as i64;
        let grid_start = start - Duration::days(offset);
        (0..6)
            .map(|week| grid_start + Duration::days(week * 7))
            .filter(|monday| monday.month() == start.month() || (*monday + Duration::days(6)).month() == start.month())
            .map(|monday| {
                let cells = (0..7)
                    .map(|i| {
                        let date = monday + Duration::days(i);
                        let in_month = date.month() == start.month();
                        let day = days.iter().find(|d| d.date == date);
                        let label = format::long_date(date, locale);
                        match (in_month, day) {
                            (false, _) => view! { <td class="day day--outside"></td> }.into_any(),
                            // After the days asked for: beyond every counter's horizon, and it says so.
                            (true, None) => {
                                let status = after_calendar_text();
                                view! {
                                    <td class="day day--closed" title=status.clone()>
                                        <span class="day__number" aria-hidden="true">{date.day()}</span>
                                        <span class="visually-hidden">{format!("{label}: {status}")}</span>
                                    </td>
                                }
                                .into_any()
                            }
                            (true, Some(day)) => {
                                let status = day_status_text(&day.status, zone, locale);
                                let is_next = Some(date) == next;
                                match day.status {
                                    DayStatus::Open { places_left } => view! {
                                        <td class="day day--open" class:day--next=is_next>
                                            <a href=link(date) aria-label=format!("{label}: {status}")>
                                                <span class="day__number">{date.day()}</span>
                                                <span class="day__places" aria-hidden="true">{places_left}</span>
                                            </a>
                                        </td>
                                    }
                                    .into_any(),
                                    _ => view! {
                                        <td class="day day--closed" title=status.clone()>
                                            <span class="day__number" aria-hidden="true">{date.day()}</span>
                                            <span class="visually-hidden">{format!("{label}: {status}")}</span>
                                        </td>
                                    }
                                    .into_any(),
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
        let start = month_start();
        let name = format::date(start, locale);
        name.split_once(' ').map(|(_, month_year)| month_year.to_owned()).unwrap_or(name)
    };
    view! {
        <div class="month">
            <div class="month__nav">
                <button type="button" class="button" prop:disabled=move || !can_go_back() on:click=move |_| shift(-1)>
                    {t_string!(i18n, month_previous).to_string()}
                </button>
                <button type="button" class="button" prop:disabled=move || !can_go_on() on:click=move |_| shift(1)>
                    {t_string!(i18n, month_next).to_string()}
                </button>
            </div>
            <table class="month__grid">
                <caption aria-live="polite">{caption}</caption>
                <thead>
                    <tr>
                        {weekdays.into_iter().map(|day| {
                            let name = format::weekday(day, locale);
                            view! { <th scope="col" abbr=name><span aria-hidden="true">{name.chars().take(3).collect::<String>()}</span><span class="visually-hidden">{name}</span></th> }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">{t_string!(i18n, calendar_legend).to_string()}</p>
        </div>
    }
}
