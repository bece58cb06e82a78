//! Step 2: the time. The slots of the chosen day with their free places, in the MPP's local time
//! and zone label whatever the device's clock says (with a note when the device is in another
//! zone). Picking one places a hold on the server for a few minutes.

use std::sync::Arc;

use antrean_core::api::{ProblemKind, Slot};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::step_header::StepHeader;
use super::Place;
use crate::api::{place_hold, ApiError};
use crate::browser::device_offset_seconds;
use crate::components::common::load_error::LoadError;
use crate::deploy::link;
use crate::format::long_date;
use crate::i18n::{t_string, use_i18n};
use crate::state::draft;

/// `09.00–09.30 WITA`.
pub fn slot_label(slot: &Slot, zone: antrean_core::zone::Zone, locale: crate::i18n::Locale) -> String {
    crate::format::time_range(slot.start, slot.end, zone, locale)
}

#[component]
pub fn TimeStep(place: Arc<Place>, date: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let heading = NodeRef::new();
    let refresh = RwSignal::new(0u32);
    let day = {
        let place = place.clone();
        LocalResource::new(move || {
            refresh.track();
            let place = place.clone();
            async move { place.availability(date, date).await }
        })
    };
    let problem = RwSignal::new(None::<String>);
    let zone = place.mpp.zone;
    let other_zone = device_offset_seconds() != zone.utc_offset_seconds();
    let title = t_string!(i18n, booking_time_title, date = long_date(date, locale)).to_string();
    let back = place.path("hari");
    view! {
        <section class="page booking" aria-labelledby="booking-title">
            <StepHeader place=place.clone() step=2 title heading />
            <p class="hint">
                {t_string!(i18n, times_in_zone, zone = zone.label()).to_string()}
                {other_zone.then(|| format!(" {}", t_string!(i18n, device_other_zone)))}
            </p>
            {move || problem.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
            {move || match day.get() {
                None => view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError error retry=move || refresh.update(|n| *n += 1) /> }.into_any(),
                Some(Ok(answer)) => {
                    let slots: Vec<Slot> = answer.days.first().map(|d| d.slots.clone()).unwrap_or_default();
                    view! { <Slots slots place=place.clone() problem refresh /> }.into_any()
                }
            }}
            <p class="link-line"><a href=link(&back)>{t_string!(i18n, other_day).to_string()}</a></p>
        </section>
    }
}

#[component]
fn Slots(
    slots: Vec<Slot>,
    place: Arc<Place>,
    problem: RwSignal<Option<String>>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    if !slots.iter().any(|s| s.bookable && s.remaining > 0) {
        return view! { <p class="notice notice--offline">{t_string!(i18n, no_slot_left).to_string()}</p> }.into_any();
    }
    let items = slots
        .into_iter()
        .map(|slot| {
            let label = slot_label(&slot, place.mpp.zone, locale);
            let free = slot.bookable && slot.remaining > 0;
            let detail = if !slot.bookable {
                t_string!(i18n, day_past).to_string()
            } else if slot.remaining == 0 {
                t_string!(i18n, day_full).to_string()
            } else if slot.remaining == 1 {
                t_string!(i18n, places_left_single).to_string()
            } else {
                t_string!(i18n, places_left, count = slot.remaining).to_string()
            };
            let place = place.clone();
            let navigate = navigate.clone();
            let pick = move |_| {
                if busy.get_untracked() {
                    return;
                }
                busy.set(true);
                problem.set(None);
                let (slot, place, navigate) = (slot.clone(), place.clone(), navigate.clone());
                leptos::task::spawn_local(async move {
                    match place_hold(&place.hold_request(slot.start_utc)).await {
                        Ok(hold) => {
                            let mut draft =
                                draft::draft_for(place.mpp.id.as_str(), &place.counter.id, &place.service.id);
                            let rescheduling = draft.rescheduling.is_some();
                            let has_applicant = !draft.applicant.full_name.is_empty();
                            draft.slot = Some(slot);
                            draft.hold = Some(hold);
                            draft.attempt = None;
                            draft::set_draft(Some(draft));
                            let next = if rescheduling || has_applicant { "periksa" } else { "data" };
                            navigate(&place.path(next), Default::default());
                        }
                        Err(error) => {
                            problem.set(Some(hold_problem(i18n, &error)));
                            refresh.update(|n| *n += 1);
                        }
                    }
                    busy.set(false);
                });
            };
            view! {
                <li>
                    <button type="button" class="slot" prop:disabled=move || !free || busy.get() on:click=pick>
                        <span class="slot__time">{label}</span>
                        <span class="slot__places">{detail}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="slots">{items}</ul> }.into_any()
}

/// Why a hold failed, in words.
fn hold_problem(i18n: crate::I18n, error: &ApiError) -> String {
    match error {
        ApiError::Status { problem: Some(problem), .. } => match &problem.kind {
            ProblemKind::SlotFull | ProblemKind::QuotaFull => t_string!(i18n, slot_taken).to_string(),
            ProblemKind::RateLimited => t_string!(i18n, too_many_requests).to_string(),
            _ => t_string!(i18n, error_server).to_string(),
        },
        ApiError::Status { status: 429, .. } => t_string!(i18n, too_many_requests).to_string(),
        ApiError::Unreachable => t_string!(i18n, error_unreachable).to_string(),
        _ => t_string!(i18n, error_server).to_string(),
    }
}
