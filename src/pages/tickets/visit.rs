//! The day of the visit on the proof page: when check-in opens at the kiosk, or the queue number
//! and the live queue once checked in ("3 orang sebelum Anda · sedang dilayani D-011 di loket 2"),
//! and a clear "your turn" (with a vibration where the phone can) when the number is called; or
//! that the booking became a no-show.

use antrean_core::api::Booking;
use antrean_core::calling::Position;
use antrean_core::queue::QueueNumber;
use antrean_core::visit::{Visit, VisitStatus};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::clock::now_utc;
use crate::i18n::{t_string, use_i18n};
use crate::queue_feed::{follow, Feed, Link};

/// What the proof says of the visit, for an active booking the server gave a visit to; shown once
/// its styles are there (the rest of the proof does not wait for them).
#[component]
pub fn VisitPanel(booking: Booking, visit: Visit) -> impl IntoView {
    let styled = async move {
        crate::browser::stylesheet("visit.css").await;
        view! { <VisitStatus booking visit /> }
    };
    view! { {Suspend::new(styled)} }
}

#[component]
fn VisitStatus(booking: Booking, visit: Visit) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let zone = booking.slot.zone;
    match (visit.status_at(now_utc()), visit.checked_in) {
        (VisitStatus::CheckedIn, Some(checked_in)) => view! {
            <section class="visit visit--queue no-print" aria-labelledby="visit-title">
                <h2 id="visit-title">{t_string!(i18n, queue_number_label).to_string()}</h2>
                <p class="visit__number">{checked_in.queue_number.to_string()}</p>
                {Suspend::new(live_queue(booking.mpp.id.to_string(), checked_in.queue_number))}
            </section>
        }
        .into_any(),
        (VisitStatus::NoShow, _) => view! {
            <section class="visit visit--missed" aria-labelledby="visit-title">
                <h2 id="visit-title">{t_string!(i18n, status_no_show).to_string()}</h2>
                <p>{t_string!(i18n, visit_no_show, closes = crate::format::moment(visit.check_in_closes, zone, locale)).to_string()}</p>
            </section>
        }
        .into_any(),
        (VisitStatus::CheckInOpen, _) => view! {
            <section class="visit" aria-labelledby="visit-title">
                <h2 id="visit-title">{t_string!(i18n, visit_check_in_title).to_string()}</h2>
                <p>{t_string!(i18n, visit_check_in_open, closes = crate::format::moment(visit.check_in_closes, zone, locale)).to_string()}</p>
            </section>
        }
        .into_any(),
        _ => view! {
            <section class="visit" aria-labelledby="visit-title">
                <h2 id="visit-title">{t_string!(i18n, visit_check_in_title).to_string()}</h2>
                <p>{t_string!(i18n, visit_check_in_window,
                    opens = crate::format::moment(visit.check_in_opens, zone, locale),
                    closes = crate::format::moment(visit.check_in_closes, zone, locale)).to_string()}</p>
            </section>
        }
        .into_any(),
    }
}

/// The live queue, from a chunk of wasm of its own: only a checked-in citizen's proof needs the
/// feed and the queue's types, and the proof page (offline too) stays as light as before.
/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
async fn live_queue(mpp: String, number: QueueNumber) -> AnyView {
    view! { <LiveQueue mpp number /> }.into_any()
}

/// Where the number stands now, from the MPP's queue feed; announced politely to screen readers,
/// and assertively (with a vibration) when it is called.
#[component]
fn LiveQueue(mpp: String, number: QueueNumber) -> impl IntoView {
    let i18n = use_i18n();
    let Feed { queue, link } = follow(mpp);
    // None until the first view arrives.
    let position = Memo::new(move |_| queue.with(|queue| queue.as_ref().map(|queue| queue.position(number))));
    // Vibrates once per call (a call again vibrates again).
    let last_called = StoredValue::new(None::<(u16, DateTime<Utc>)>);
    Effect::new(move |_| {
        if let Some(Position::Called(call)) = position.get() {
            let this = Some((call.calls, call.called_at));
            if last_called.get_value() != this {
                last_called.set_value(this);
                let _ = window().navigator().vibrate_with_duration(600);
            }
        }
    });
    let line = move || match position.get() {
        None => t_string!(i18n, queue_connecting).to_string(),
        Some(Position::Waiting { ahead, now_serving }) => {
            let ahead = match ahead {
                0 => t_string!(i18n, queue_next).to_string(),
                1 => t_string!(i18n, queue_ahead_single).to_string(),
                count => t_string!(i18n, queue_ahead, count = count).to_string(),
            };
            match now_serving {
                Some(call) => format!(
                    "{ahead} · {}",
                    t_string!(i18n, queue_now_serving, number = call.number.to_string(), desk = call.desk)
                ),
                None => ahead,
            }
        }
        Some(Position::Called(_)) => String::new(),
        Some(Position::Gone) => t_string!(i18n, queue_gone).to_string(),
    };
    let called = move || match position.get() {
        Some(Position::Called(call)) => Some(view! {
            <p class="visit__turn">{t_string!(i18n, queue_your_turn, desk = call.desk).to_string()}</p>
        }),
        _ => None,
    };
    let link_line = move || match link.get() {
        Link::Lost => Some(t_string!(i18n, queue_reconnecting).to_string()),
        _ => None,
    };
    view! {
        <div role="status" aria-live="polite" class="visit__position">{line}</div>
        <div role="alert" class="visit__called">{called}</div>
        <p class="hint">{link_line}</p>
    }
}
