//! Step 1: the day. A month calendar in the MPP's zone (a table of links a screen reader reads as
//! a grid of dated cells), or the same days as a list; every day that cannot be booked says why,
//! and the next day with free places is highlighted.

use std::sync::Arc;

use antrean_core::api::Availability;
use antrean_core::calendar::DayStatus;
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;

use super::month_grid::MonthGrid;
use super::step_header::StepHeader;
use super::Place;
use crate::clock::local_today;
use crate::components::common::day_status::day_status_text;
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
            async move { place.availability(today, today + Duration::days(DAYS)).await }
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
                Some(Err(error)) => view! { <LoadError error retry=move || days.refetch() /> }.into_any(),
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
            view! { <MonthGrid days=days.clone() month first last next link=link.clone() place=place.clone() /> }.into_any()
        }}
    }
}
