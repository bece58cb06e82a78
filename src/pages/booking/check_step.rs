//! Step 4: check everything on one page ("Ubah" goes back to each step), then confirm. One press
//! sends the booking with an Idempotency-Key made for this attempt and kept on the device until the
//! answer arrives: a retry after a timeout, a reload or a double tap can never make two bookings.
//! A full slot keeps the citizen's data and offers the nearest free slots; refused fields lead back
//! to the form with their messages; being offline says so and keeps everything. When the draft
//! moves an existing booking, the same page confirms the move (atomic on the server).

use std::sync::Arc;

use antrean_core::api::{BookedSlot, BookingRequest, BookingStatus, ProblemKind, RescheduleRequest, Slot};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::applicant_step::{error_message, field_id};
use super::hold_timer::{is_live, HoldTimer};
use super::step_header::StepHeader;
use super::time_step::slot_label;
use super::Place;
use crate::api::{create_booking, place_hold, reschedule_booking, ApiError};
use crate::browser::random_key;
use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::format::long_date;
use crate::i18n::{t_string, use_i18n};
use crate::state::draft::{self, Draft};
use crate::state::{bookings, checklists};

/// What went wrong with the last press, if anything.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Idle,
    Sending,
    Full(Vec<BookedSlot>),
    Fields(Vec<(String, String)>),
    Offline,
    /// The NIK already has an active booking for this service that day (one per person per
    /// service per day): the one this device holds, if it does.
    DuplicateNik(Option<String>),
    Failed(String),
}

#[component]
pub fn CheckStep(place: Arc<Place>) -> impl IntoView {
    let outcome = RwSignal::new(Outcome::Idle);
    // Bumped when an alternative slot replaces the draft's: the page renders again with it.
    let version = RwSignal::new(0u32);
    move || {
        version.track();
        view! { <CheckBody place=place.clone() outcome version /> }
    }
}

#[component]
fn CheckBody(place: Arc<Place>, outcome: RwSignal<Outcome>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let heading = NodeRef::new();
    let draft = draft::draft_for(place.mpp.id.as_str(), &place.counter.id, &place.service.id);
    let (Some(slot), Some(hold)) = (draft.slot.clone(), draft.hold.clone()) else {
        return super::redirect(place.path("hari"));
    };
    let rescheduling = draft.rescheduling.clone();
    if rescheduling.is_none() && antrean_core::applicant::validate(&draft.applicant, slot.start.date()).is_err() {
        return super::redirect(place.path("data"));
    }
    let title = if rescheduling.is_some() {
        t_string!(i18n, booking_move_title).to_string()
    } else {
        t_string!(i18n, booking_check_title).to_string()
    };
    let when = format!("{}, {}", long_date(slot.start.date(), locale), slot_label(&slot, place.mpp.zone, locale));
    let applicant = draft.applicant.clone();
    let navigate = use_navigate();
    let confirm = {
        let (place, navigate) = (place.clone(), navigate.clone());
        move |_| send(place.clone(), outcome, navigate.clone())
    };
    let change = t_string!(i18n, change).to_string();
    let row = |label: String, value: String, href: Option<String>| {
        let change = change.clone();
        view! {
            <div class="summary__row">
                <dt>{label.clone()}</dt>
                <dd>{value}</dd>
                <dd class="summary__change">{href.map(|href| view! {
                    <a href=link(&href) aria-label=format!("{change}: {label}")>{change.clone()}</a>
                })}</dd>
            </div>
        }
    };
    let day_href = place.path("hari");
    let time_href = format!("{}?tanggal={}", place.path("jam"), antrean_core::iso_date::format(slot.start.date()));
    let data_href = place.path("data");
    let personal = rescheduling.is_none().then(|| {
        view! {
            {row(t_string!(i18n, label_full_name).to_string(), applicant.full_name.clone(), Some(data_href.clone()))}
            {row(t_string!(i18n, label_nik).to_string(), applicant.nik.clone(), Some(data_href.clone()))}
            {row(t_string!(i18n, label_mobile).to_string(), applicant.mobile.clone(), Some(data_href.clone()))}
            {row(t_string!(i18n, label_email).to_string(), applicant.email.clone().unwrap_or_else(|| "–".into()), Some(data_href.clone()))}
        }
    });
    let button = if rescheduling.is_some() {
        t_string!(i18n, confirm_move).to_string()
    } else {
        t_string!(i18n, confirm_booking).to_string()
    };
    view! {
        <section class="page booking" aria-labelledby="booking-title">
            <StepHeader place=place.clone() step=4 title heading />
            <HoldTimer hold pick_again=time_href.clone() />
            <dl class="summary">
                {row(t_string!(i18n, summary_place).to_string(), format!("{}, {}", place.mpp.name, place.mpp.address), None)}
                <div class="summary__row">
                    <dt>{t_string!(i18n, summary_service).to_string()}</dt>
                    <dd><Tr text=place.service.name.clone() />" · "<Tr text=place.counter.name.clone() /></dd>
                    <dd class="summary__change"></dd>
                </div>
                {row(t_string!(i18n, summary_day).to_string(), long_date(slot.start.date(), locale), Some(day_href))}
                {row(t_string!(i18n, summary_time).to_string(), slot_label(&slot, place.mpp.zone, locale), Some(time_href))}
                {personal}
            </dl>
            <p class="sr-status" role="status">{move || matches!(outcome.get(), Outcome::Sending).then(|| t_string!(i18n, sending).to_string())}</p>
            {move || outcome_view(outcome.get(), place.clone(), outcome, version)}
            <div class="actions">
                <button type="button" class="button button--primary" id="confirm"
                    prop:disabled=move || matches!(outcome.get(), Outcome::Sending)
                    aria-describedby="confirm-when" on:click=confirm>{button}</button>
                <span id="confirm-when" class="visually-hidden">{when}</span>
            </div>
        </section>
    }
    .into_any()
}

/// Sends the booking (or the move), keeping the attempt's key in the draft until the answer.
fn send<N>(place: Arc<Place>, outcome: RwSignal<Outcome>, navigate: N)
where
    N: Fn(&str, NavigateOptions) + 'static,
{
    if matches!(outcome.get_untracked(), Outcome::Sending) {
        return;
    }
    let i18n = use_i18n();
    let mut draft = draft::draft_for(place.mpp.id.as_str(), &place.counter.id, &place.service.id);
    let Some(slot) = draft.slot.clone() else { return };
    let key = draft.attempt.clone().unwrap_or_else(random_key);
    draft.attempt = Some(key.clone());
    draft::set_draft(Some(draft.clone()));
    outcome.set(Outcome::Sending);
    leptos::task::spawn_local(async move {
        let hold = draft.hold.as_ref().filter(|h| is_live(h)).map(|h| h.id.clone());
        let answer = match &draft.rescheduling {
            Some(code) => {
                let token = bookings::token(code);
                match token {
                    Some(token) => {
                        reschedule_booking(code, &token, &RescheduleRequest { slot_start: slot.start_utc, hold }).await
                    }
                    None => Err(ApiError::Status { status: 404, problem: None }),
                }
            }
            None => {
                let request = BookingRequest {
                    mpp: place.key.mpp.clone(),
                    counter: place.key.counter.clone(),
                    service: place.key.service.clone(),
                    slot_start: slot.start_utc,
                    hold,
                    applicant: draft.applicant.clone(),
                    answers: checklists::answers_untracked(&place.service.id),
                };
                create_booking(&request, &key).await
            }
        };
        match answer {
            Ok(booking) => {
                let code = booking.code.as_str().to_owned();
                crate::deploy::notify_booked(&code, &antrean_core::iso_time::utc::format(&booking.slot.start_utc));
                bookings::keep(booking);
                draft::set_draft(None);
                outcome.set(Outcome::Idle);
                navigate(&format!("/tiket/{code}"), NavigateOptions { replace: true, ..Default::default() });
            }
            Err(error) => outcome.set(describe(i18n, error, &place, &slot)),
        }
    });
}

fn describe(i18n: crate::I18n, error: ApiError, place: &Place, slot: &Slot) -> Outcome {
    match error {
        ApiError::Unreachable => Outcome::Offline,
        // Matched on the problem's kind (one enum with the server), never on the status alone: a
        // 409 is also a duplicate NIK or a cancelled booking, and neither is a full slot.
        ApiError::Status { problem: Some(problem), .. } => match problem.kind {
            ProblemKind::SlotFull | ProblemKind::QuotaFull => Outcome::Full(problem.alternatives),
            ProblemKind::DuplicateBooking => Outcome::DuplicateNik(same_day_booking(place, slot)),
            ProblemKind::InvalidInput if !problem.errors.is_empty() => {
                Outcome::Fields(problem.errors.iter().map(|e| (e.field.clone(), e.code.clone())).collect())
            }
            // A duplicate NIK, a cancelled booking, a kind from a newer server: the server's words.
            _ => Outcome::Failed(problem.detail.unwrap_or(problem.title)),
        },
        _ => Outcome::Failed(t_string!(i18n, error_server).to_string()),
    }
}

/// The booking on this device that the server's "one per NIK, service and day" rule most likely
/// found: active, same MPP's service, same local day.
fn same_day_booking(place: &Place, slot: &Slot) -> Option<String> {
    bookings::all_untracked()
        .into_iter()
        .find(|b| {
            b.status == BookingStatus::Active
                && b.service == place.service.id
                && b.slot.start.date() == slot.start.date()
        })
        .map(|b| b.code.as_str().to_owned())
}

fn outcome_view(
    outcome: Outcome,
    place: Arc<Place>,
    state: RwSignal<Outcome>,
    version: RwSignal<u32>,
) -> Option<AnyView> {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    match outcome {
        Outcome::Idle | Outcome::Sending => None,
        Outcome::Offline => Some(
            view! { <p class="notice notice--error" role="alert">{t_string!(i18n, booking_offline).to_string()}</p> }
                .into_any(),
        ),
        Outcome::DuplicateNik(code) => {
            let next = match code {
                Some(code) => {
                    let href = format!("/tiket/{code}");
                    view! {
                        <p>{t_string!(i18n, duplicate_nik_on_device).to_string()}</p>
                        <p><a class="button" href=link(&href)>{format!("{} {code}", t_string!(i18n, duplicate_nik_see))}</a></p>
                    }
                    .into_any()
                }
                None => view! { <p>{t_string!(i18n, duplicate_nik_elsewhere).to_string()}</p> }.into_any(),
            };
            let notice = NodeRef::<leptos::html::Div>::new();
            crate::components::common::focus::focus_on_mount(notice);
            Some(
                view! {
                    <div class="notice notice--error" role="alert" tabindex="-1" id="duplicate-nik" node_ref=notice>
                        <h2>{t_string!(i18n, duplicate_nik_title).to_string()}</h2>
                        <p>{t_string!(i18n, duplicate_nik_rule).to_string()}</p>
                        {next}
                        <p class="link-line"><a href=link(&place.path("hari"))>{t_string!(i18n, other_day).to_string()}</a></p>
                    </div>
                }
                .into_any(),
            )
        }
        Outcome::Failed(message) => {
            Some(view! { <p class="notice notice--error" role="alert">{message}</p> }.into_any())
        }
        Outcome::Fields(fields) => {
            let items = fields
                .into_iter()
                .map(|(field, code)| {
                    let id = antrean_core::applicant::ApplicantField::from_path(&field)
                        .map(field_id)
                        .unwrap_or("applicant-name");
                    let href = format!("{}#{id}", place.path("data"));
                    view! { <li><a href=link(&href)>{error_message(&code)}</a></li> }
                })
                .collect_view();
            Some(
                view! {
                    <div class="error-summary" role="alert">
                        <h2>{t_string!(i18n, error_summary).to_string()}</h2>
                        <ul>{items}</ul>
                    </div>
                }
                .into_any(),
            )
        }
        Outcome::Full(alternatives) => {
            let choices = alternatives
                .into_iter()
                .map(|alternative| {
                    let label = format!(
                        "{}, {}",
                        long_date(alternative.start.date(), locale),
                        super::slot_time_label(&alternative, locale)
                    );
                    let place = place.clone();
                    let take = move |_| take_alternative(place.clone(), alternative.clone(), state, version);
                    view! { <li><button type="button" class="button" on:click=take>{label}</button></li> }
                })
                .collect_view();
            Some(
                view! {
                    <div class="notice notice--error" role="alert">
                        <h2>{t_string!(i18n, slot_just_taken).to_string()}</h2>
                        <p>{t_string!(i18n, data_kept).to_string()}</p>
                        <ul class="alternatives">{choices}</ul>
                        <a href=link(&place.path("hari"))>{t_string!(i18n, other_day).to_string()}</a>
                    </div>
                }
                .into_any(),
            )
        }
    }
}

/// A slot as the calendar describes it, from a booked slot (for its label).
fn as_slot(booked: &BookedSlot) -> Slot {
    Slot {
        start: booked.start,
        end: booked.end,
        start_utc: booked.start_utc,
        end_utc: booked.start_utc + (booked.end - booked.start),
        capacity: 1,
        remaining: 1,
        bookable: true,
    }
}

/// Holds one of the offered alternatives and makes it the draft's slot (a new attempt).
fn take_alternative(place: Arc<Place>, alternative: BookedSlot, outcome: RwSignal<Outcome>, version: RwSignal<u32>) {
    let i18n = use_i18n();
    outcome.set(Outcome::Sending);
    leptos::task::spawn_local(async move {
        match place_hold(&place.hold_request(alternative.start_utc)).await {
            Ok(hold) => {
                let draft: Draft = draft::draft_for(place.mpp.id.as_str(), &place.counter.id, &place.service.id);
                draft::set_draft(Some(Draft {
                    slot: Some(as_slot(&alternative)),
                    hold: Some(hold),
                    attempt: None,
                    ..draft
                }));
                outcome.set(Outcome::Idle);
                // Render the page again with the new slot.
                version.update(|v| *v += 1);
            }
            Err(error) => outcome.set(describe(i18n, error, &place, &as_slot(&alternative))),
        }
    });
}
