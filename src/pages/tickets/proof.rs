//! One booking's proof (`/tiket/{code}`), from the device's copy so it works offline: the code
//! with its check character, the QR code, where and when in the MPP's time, what to bring; add to
//! calendar (an `.ics` made here), print (A4, or a small ticket), share; cancel (with a
//! confirmation) and reschedule with the manage token. On the day, the visit: check-in, the queue
//! number and the live queue (`visit`).

use antrean_core::api::{Booking, BookingStatus};
use antrean_core::ics::{booking_calendar, IcsLabels};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::handover;
use super::visit::VisitPanel;
use super::{is_past, status_text};
use crate::api::cancel_booking;
use crate::browser::{print, save_file, share_or_copy};
use crate::clock::now_utc;
use crate::components::common::focus::focus_on_mount;
use crate::components::common::map_link::MapLink;
use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::format::long_date;
use crate::i18n::{t_string, use_i18n, Locale};
use crate::pages::booking::{slot_time_label, step_path};
use crate::pages::service::checklist::form_text;
use crate::state::bookings;
use crate::state::draft::{self, Draft};

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code")).unwrap_or_default();
    let handover = handover::take(&code);
    keep_current(code);
    move || {
        let code = params.with(|p| p.get("code")).unwrap_or_default();
        match bookings::find(&code) {
            Some(booking) => view! { <Proof booking /> }.into_any(),
            None => handover::missing_view(handover),
        }
    }
}

/// Asks the server for the booking when the proof opens, then every 30 s while its check-in is
/// open and it has no number yet (it gets one at the kiosk, and the phone shows it), so the proof
/// follows the visit without a reload.
fn keep_current(code: String) {
    let watched = code.clone();
    let refresh = move || {
        let code = code.clone();
        let Some(token) = bookings::token(&code) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = crate::api::booking(&code, &token).await {
                bookings::keep(fresh);
            }
        });
    };
    refresh();
    let waiting_for_number = move || {
        bookings::find_untracked(&watched)
            .and_then(|b| b.visit)
            .is_some_and(|visit| visit.status_at(now_utc()) == antrean_core::visit::VisitStatus::CheckInOpen)
    };
    let interval = set_interval_with_handle(
        move || {
            if waiting_for_number() && !document().hidden() {
                refresh();
            }
        },
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
    });
}

/// Offers the booking as an `.ics` file, made here, from a chunk of wasm of its own: only a tap on
/// "Tambah ke kalender" needs the calendar's code. `labels`: "Kode pesanan" and "Bawa".
/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
async fn calendar_file(booking: Booking, language: antrean_core::text::Language, labels: (String, String)) {
    let labels = IcsLabels { code: &labels.0, bring: &labels.1 };
    let text = booking_calendar(&booking, language, labels, now_utc());
    save_file(&format!("antrean-{}.ics", booking.code.as_str()), "text/calendar", &text);
}

thread_local! {
    /// The booking this page has just cancelled, so that its proof, rendered again, focuses the
    /// new status instead of the heading.
    static JUST_CANCELLED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

#[component]
fn Proof(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let navigate = use_navigate();
    let active = booking.status == BookingStatus::Active && !is_past(&booking);
    let code = booking.code.as_str().to_owned();
    let when_day = long_date(booking.slot.start.date(), locale);
    let when_time = slot_time_label(&booking.slot, locale);
    // Things to bring, and apart from them what happens at the counter (biometrics, witnesses).
    let (to_bring, steps): (Vec<_>, Vec<_>) = booking.bring.iter().partition(|item| item.form.is_to_bring());
    let bring = to_bring
        .into_iter()
        .map(|item| view! { <li><Tr text=item.what.clone() />" · "{form_text(item.form, item.copies)}</li> })
        .collect_view();
    let at_office = (!steps.is_empty()).then(|| {
        let items = steps.into_iter().map(|item| view! { <li><Tr text=item.what.clone() /></li> }).collect_view();
        view! {
            <section aria-labelledby="at-office-title">
                <h2 id="at-office-title">{t_string!(i18n, at_office_title).to_string()}</h2>
                <ul class="bring">{items}</ul>
            </section>
        }
    });
    let calendar = {
        let booking = booking.clone();
        move |_| {
            let language = match locale {
                Locale::id => antrean_core::text::Language::Id,
                Locale::en => antrean_core::text::Language::En,
            };
            let labels = (t_string!(i18n, booking_code).to_string(), t_string!(i18n, bring_title).to_string());
            leptos::task::spawn_local(calendar_file(booking.clone(), language, labels));
        }
    };
    let shared = RwSignal::new(false);
    let share = {
        let summary =
            format!("{}: {} · {}, {} · {}", t_string!(i18n, booking_code), code, when_day, when_time, booking.mpp.name);
        move |_| shared.set(share_or_copy("Antrean", &summary))
    };
    let reschedule = {
        let booking = booking.clone();
        move |_| {
            draft::set_draft(Some(Draft {
                mpp: booking.mpp.id.to_string(),
                counter: booking.counter.clone(),
                service: booking.service.clone(),
                rescheduling: Some(booking.code.as_str().to_owned()),
                ..Draft::default()
            }));
            navigate(
                &step_path(booking.mpp.id.as_str(), &booking.counter, &booking.service, "hari"),
                Default::default(),
            );
        }
    };
    let visit_panel = (booking.status == BookingStatus::Active)
        .then(|| booking.visit.clone().map(|visit| view! { <VisitPanel booking=booking.clone() visit /> }))
        .flatten();
    let qr = booking.qr_svg.as_deref().filter(|svg| !svg.is_empty()).map(crate::browser::svg_image);
    let qr_alt = t_string!(i18n, qr_alt, code = code.clone()).to_string();
    let status = status_text(&booking);
    let heading = NodeRef::<leptos::html::H1>::new();
    let status_line = NodeRef::<leptos::html::P>::new();
    // Rendered again when the booking changes: after a cancellation, focus goes to the new status.
    if JUST_CANCELLED.with(|just| just.take()).as_deref() == Some(code.as_str()) {
        focus_on_mount(status_line);
    } else {
        focus_on_mount(heading);
    }
    view! {
        <article class="page ticket" aria-labelledby="ticket-title">
            <h1 id="ticket-title" tabindex="-1" node_ref=heading>{t_string!(i18n, ticket_title).to_string()}</h1>
            <p class="ticket__status" class:ticket__status--inactive=!active tabindex="-1" node_ref=status_line>{status}</p>
            {handover::storage_notice(&booking)}
            {visit_panel}
            <p class="ticket__code-label">{t_string!(i18n, booking_code).to_string()}</p>
            <p class="ticket__code" id="booking-code">{code.clone()}</p>
            {qr.map(|src| view! { <img class="ticket__qr" src=src alt=qr_alt width="200" height="200" /> })}
            <dl class="summary">
                <div class="summary__row"><dt>{t_string!(i18n, summary_service).to_string()}</dt>
                    <dd><Tr text=booking.service_name.clone() />" · "<Tr text=booking.counter_name.clone() /></dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, summary_day).to_string()}</dt><dd id="ticket-day">{when_day.clone()}</dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, summary_time).to_string()}</dt><dd id="ticket-time">{when_time.clone()}</dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, summary_place).to_string()}</dt>
                    <dd>{booking.mpp.name.clone()}", "{booking.mpp.address.clone()}" "<MapLink mpp=booking.mpp.clone() /></dd></div>
            </dl>
            <section aria-labelledby="bring-title">
                <h2 id="bring-title">{t_string!(i18n, bring_title).to_string()}</h2>
                <ul class="bring">{bring}</ul>
            </section>
            {at_office}
            {crate::kiosk::kiosk().is_some().then(|| view! {
                <div class="actions no-print">
                    <button type="button" class="button button--primary" on:click=move |_| {
                        print(Some("print-ticket"));
                        crate::state::end_kiosk_session();
                    }>{t_string!(i18n, kiosk_print_and_finish).to_string()}</button>
                    <button type="button" class="button" on:click=move |_| crate::state::end_kiosk_session()>
                        {t_string!(i18n, kiosk_finish).to_string()}
                    </button>
                </div>
            })}
            <div class="actions no-print kiosk-hide">
                {active.then(|| view! {
                    <button type="button" class="button button--primary" on:click=calendar>{t_string!(i18n, add_to_calendar).to_string()}</button>
                })}
                <button type="button" class="button" on:click=move |_| print(None)>{t_string!(i18n, print).to_string()}</button>
                <button type="button" class="button" on:click=move |_| print(Some("print-ticket"))>{t_string!(i18n, print_ticket).to_string()}</button>
                <button type="button" class="button" on:click=share>{t_string!(i18n, share_booking).to_string()}</button>
            </div>
            <p role="status" class="no-print">{move || shared.get().then(|| t_string!(i18n, share_text_copied).to_string())}</p>
            {active.then(|| view! {
                <div class="actions no-print kiosk-hide">
                    <button type="button" class="button" on:click=reschedule>{t_string!(i18n, reschedule).to_string()}</button>
                    <CancelButton code=code.clone() />
                </div>
            })}
            <p class="no-print link-line"><a href=link("/tiket")>{t_string!(i18n, tickets_title).to_string()}</a></p>
        </article>
    }
}

/// "Batalkan": a second, explicit "Ya, batalkan" before anything is sent.
#[component]
fn CancelButton(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let code = code.clone();
        let token = bookings::token(&code);
        let (offline, failed) =
            (t_string!(i18n, error_unreachable).to_string(), t_string!(i18n, error_server).to_string());
        leptos::task::spawn_local(async move {
            let Some(token) = token else { return problem.set(Some(failed)) };
            match cancel_booking(&code, &token).await {
                Ok(booking) => {
                    JUST_CANCELLED.with(|just| just.replace(Some(code.clone())));
                    bookings::keep(booking);
                    asking.set(false);
                }
                Err(crate::api::ApiError::Unreachable) => problem.set(Some(offline)),
                Err(_) => problem.set(Some(failed)),
            }
        });
    };
    // Focus follows the change: to the question when it appears (the next Tab reaches "Ya,
    // batalkan"), back to "Batalkan" after "Tidak", and to the new status once it is cancelled.
    let answered = RwSignal::new(false);
    view! {
        {move || if asking.get() {
            let question = NodeRef::<leptos::html::P>::new();
            focus_on_mount(question);
            view! {
                <div class="confirm" role="group" aria-labelledby="cancel-question">
                    <p id="cancel-question" tabindex="-1" node_ref=question>{t_string!(i18n, cancel_question).to_string()}</p>
                    <button type="button" class="button button--danger" on:click=confirm.clone()>{t_string!(i18n, cancel_yes).to_string()}</button>
                    <button type="button" class="button" on:click=move |_| { answered.set(true); asking.set(false) }>
                        {t_string!(i18n, cancel_no).to_string()}
                    </button>
                </div>
            }.into_any()
        } else {
            let button = NodeRef::<leptos::html::Button>::new();
            if answered.get_untracked() {
                focus_on_mount(button);
            }
            view! {
                <button type="button" class="button" node_ref=button on:click=move |_| asking.set(true)>
                    {t_string!(i18n, cancel_booking).to_string()}
                </button>
            }.into_any()
        }}
        {move || problem.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
    }
}
