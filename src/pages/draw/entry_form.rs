//! Entering a draw: who (checked as a booking's applicant is), up to three days in order of
//! preference or any day of the period, and optionally a part of the day. Sent with an
//! Idempotency-Key kept for the same answers, so a retry after a lost answer never enters twice.

use std::sync::Arc;

use antrean_core::api::Applicant;
use antrean_core::draw::allocate::DateOnly;
use antrean_core::draw::allocate::PreferenceError;
use antrean_core::draw::api::{DrawEntryRequest, DrawInfo};
use antrean_core::draw::{Capacity, DayCapacity, DayPart, Preference, MAX_PREFERRED_DAYS};
use leptos::prelude::*;

use crate::clock::local_today;
use crate::components::common::problem_text::problem_text;
use crate::format::long_date;
use crate::i18n::{t_string, use_i18n};
use crate::pages::booking::applicant_step::{checked, ApplicantFields};
use crate::pages::booking::Place;
use crate::state::{checklists, draws};

/// The preference's own mistake, if any: core's check, the server's, against the draw's days.
fn preference_error(preference: &Preference, days: &[DateOnly]) -> Option<PreferenceError> {
    let days = days.iter().map(|day| DayCapacity { date: day.0, quota: None, slots: Vec::new() }).collect();
    preference.check(&Capacity { days }).err()
}

/// The form, from a chunk of wasm of its own: fetched only while a draw is open (the page says
/// when the next one opens, and what the last one gave, without it).
/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
pub async fn entry_form(draw: DrawInfo, place: Arc<Place>) -> AnyView {
    view! { <EntryForm draw place /> }.into_any()
}

#[component]
fn EntryForm(draw: DrawInfo, place: Arc<Place>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let applicant = RwSignal::new(Applicant::default());
    let choices = RwSignal::new([None::<DateOnly>; MAX_PREFERRED_DAYS]);
    let any_day = RwSignal::new(false);
    let part = RwSignal::new(None::<DayPart>);
    let submitted = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // The key of the last attempt, for the same answers (a different request needs a new key).
    let attempt = RwSignal::new(None::<(DrawEntryRequest, String)>);
    let (errors, shown) = checked(applicant, submitted, local_today(place.mpp.zone));
    let preference = move || Preference {
        days: choices.with(|c| c.iter().flatten().copied().collect()),
        any_day: any_day.get(),
        part: part.get(),
    };
    let released = draw.days.clone();
    let preference_message = Memo::new(move |_| {
        let error = preference_error(&preference(), &released)?;
        submitted.get().then(|| match error {
            PreferenceError::Empty => t_string!(i18n, draw_error_no_day).to_string(),
            // Three selects of the draw's days: only a repeated day is left to go wrong.
            _ => t_string!(i18n, draw_error_repeated_day).to_string(),
        })
    });
    let draw_id = draw.id.clone();
    let days = draw.days.clone();
    let service = place.service.id.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        failure.set(None);
        let chosen = preference();
        if !errors.with(Vec::is_empty) || preference_error(&chosen, &days).is_some() || sending.get_untracked() {
            focus_first_error();
            return;
        }
        let request = DrawEntryRequest {
            applicant: applicant.get_untracked(),
            preference: chosen,
            answers: checklists::answers_untracked(&service),
        };
        let key = match attempt.get_untracked() {
            Some((sent, key)) if sent == request => key,
            _ => crate::browser::random_key(),
        };
        attempt.set(Some((request.clone(), key.clone())));
        sending.set(true);
        let draw_id = draw_id.clone();
        leptos::task::spawn_local(async move {
            let answer = crate::api::enter_draw(&draw_id, &request, &key).await;
            sending.set(false);
            match answer {
                Ok(entry) => {
                    super::entered(entry.fingerprint);
                    draws::settle(entry);
                }
                Err(error) => {
                    failure.set(Some(problem_text(&error, i18n)));
                    request_animation_frame(|| focus_by_id("draw-failure"));
                }
            }
        });
    };
    let day_options = move |index: usize| {
        let days = draw.days.clone();
        let choose = move |event| {
            let value = event_target_value(&event);
            let day = antrean_core::iso_date::parse(&value).map(DateOnly);
            choices.update(|c| c[index] = day);
        };
        let label = match index {
            0 => t_string!(i18n, draw_day_first).to_string(),
            1 => t_string!(i18n, draw_day_second).to_string(),
            _ => t_string!(i18n, draw_day_third).to_string(),
        };
        let id = format!("draw-day-{index}");
        let options = days
            .into_iter()
            .map(|day| view! { <option value=day.0.to_string()>{long_date(day.0, locale)}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id on:change=choose aria-describedby="draw-days-hint draw-days-error"
                    aria-invalid=move || preference_message.with(Option::is_some).to_string()>
                    <option value="">{t_string!(i18n, draw_day_none).to_string()}</option>
                    {options}
                </select>
            </div>
        }
    };
    let part_option = move |value: Option<DayPart>, label: String| {
        let id = match value {
            None => "draw-part-any",
            Some(DayPart::Morning) => "draw-part-morning",
            Some(DayPart::Afternoon) => "draw-part-afternoon",
        };
        view! {
            <div class="choice">
                <input type="radio" id=id name="draw-part" prop:checked=move || part.get() == value
                    on:change=move |_| part.set(value) />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <form class="draw__form" on:submit=submit novalidate>
            <p class="hint">{t_string!(i18n, draw_privacy).to_string()}</p>
            <ApplicantFields applicant shown />
            <fieldset class="draw__days">
                <legend>{t_string!(i18n, draw_days_legend).to_string()}</legend>
                <p class="hint" id="draw-days-hint">{t_string!(i18n, draw_days_hint).to_string()}</p>
                <p class="field-error" id="draw-days-error">{move || preference_message.get()}</p>
                {(0..MAX_PREFERRED_DAYS).map(day_options).collect_view()}
                <div class="choice">
                    <input type="checkbox" id="draw-any-day" prop:checked=move || any_day.get()
                        on:change=move |e| any_day.set(event_target_checked(&e)) />
                    <label for="draw-any-day">{t_string!(i18n, draw_any_day).to_string()}</label>
                </div>
            </fieldset>
            <fieldset class="draw__part">
                <legend>{t_string!(i18n, draw_part_legend).to_string()}</legend>
                {part_option(None, t_string!(i18n, draw_part_any).to_string())}
                {part_option(Some(DayPart::Morning), t_string!(i18n, draw_part_morning).to_string())}
                {part_option(Some(DayPart::Afternoon), t_string!(i18n, draw_part_afternoon).to_string())}
            </fieldset>
            {move || failure.get().map(|message| view! {
                <p class="notice notice--error" id="draw-failure" tabindex="-1" role="alert">{message}</p>
            })}
            <div class="actions">
                <button type="submit" class="button button--primary" disabled=move || sending.get()>
                    {move || if sending.get() { t_string!(i18n, draw_sending).to_string() } else { t_string!(i18n, draw_enter).to_string() }}
                </button>
            </div>
        </form>
    }
}

fn focus_by_id(id: &str) {
    let element = document().get_element_by_id(id);
    if let Some(element) = element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
        let _ = element.focus();
    }
}

/// After a refused submit: the first field that says what is wrong (a field of the applicant, else
/// the first choice of day).
fn focus_first_error() {
    request_animation_frame(|| {
        let document = document();
        let field = document.query_selector(".draw__form [aria-invalid='true']").ok().flatten();
        let target = field.or_else(|| document.get_element_by_id("draw-day-0"));
        if let Some(target) = target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
            let _ = target.focus();
        }
    });
}
