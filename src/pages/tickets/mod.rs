//! "Tiket saya": every booking made on this device (kept in `localStorage` with its manage token),
//! upcoming first, refreshed from the server when online and usable offline; export to a file and
//! import on another phone. `/tiket/{code}` is one booking's proof (`/tiket/{code}#simpan={token}`
//! fetches and keeps it first: `handover`).

mod draws;
mod handover;
mod proof;
mod transfer;
mod visit;

use antrean_core::api::{Booking, BookingStatus};
use antrean_core::visit::VisitStatus;
use leptos::prelude::*;

use proof::TicketPage;
use transfer::Transfer;

use crate::clock::now_utc;
use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::format::long_date;
use crate::i18n::{t_string, use_i18n};
use crate::pages::booking::slot_time_label;
use crate::state::bookings;

/// Whether the booking's time has passed.
pub fn is_past(booking: &Booking) -> bool {
    booking.slot.start_utc < now_utc()
}

/// Asks the server for the current state of every booking this device holds a token for.
pub fn refresh_all() {
    let known: Vec<(String, String)> = bookings::all_untracked()
        .into_iter()
        .filter_map(|b| Some((b.code.as_str().to_owned(), b.manage_token?)))
        .collect();
    leptos::task::spawn_local(async move {
        for (code, token) in known {
            if let Ok(fresh) = crate::api::booking(&code, &token).await {
                bookings::keep(fresh);
            }
        }
    });
}

lazy_page!(
    /// `/tiket`.
    TicketsRoute => TicketsPage
);

lazy_page!(
    /// `/tiket/{code}`.
    TicketRoute => TicketPage
);

#[component]
fn TicketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_navigation(heading);
    refresh_all();
    let list = move || {
        let mut bookings = bookings::all();
        // Upcoming active bookings first (soonest first), then the rest (latest first).
        bookings.sort_by_key(|b| {
            let upcoming = b.status == BookingStatus::Active && !is_past(b);
            let seconds = b.slot.start_utc.timestamp();
            (!upcoming, if upcoming { seconds } else { -seconds })
        });
        if bookings.is_empty() {
            return view! { <p>{t_string!(i18n, tickets_none).to_string()}</p> }.into_any();
        }
        view! {
            <ul class="tickets">
                {bookings.into_iter().map(|booking| view! { <TicketItem booking /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="page" aria-labelledby="tickets-title">
            <h1 id="tickets-title" tabindex="-1" node_ref=heading>{t_string!(i18n, tickets_title).to_string()}</h1>
            <p class="notice notice--offline">{t_string!(i18n, tickets_device_warning).to_string()}</p>
            {list}
            <draws::DrawEntries />
            <Transfer />
        </section>
    }
}

#[component]
fn TicketItem(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let state = status_text(&booking);
    let href = format!("/tiket/{}", booking.code.as_str());
    let when = format!("{}, {}", long_date(booking.slot.start.date(), locale), slot_time_label(&booking.slot, locale));
    view! {
        <li class="ticket-card" data-code=booking.code.as_str().to_owned()>
            <h2><a href=link(&href)><Tr text=booking.service_name.clone() /></a></h2>
            <p>{when}</p>
            <p>{booking.mpp.name.clone()}</p>
            <p class="ticket-card__status">{state}" · "<span class="code">{booking.code.as_str().to_owned()}</span></p>
        </li>
    }
}

/// "Aktif", "Dibatalkan", "Sudah check-in · D-014", "Tidak hadir" or "Sudah lewat". A no-show
/// is the clock's verdict on the device's copy too (no check-in by the end of the grace).
pub fn status_text(booking: &Booking) -> String {
    let i18n = use_i18n();
    let visit = booking.visit.as_ref().map(|visit| (visit.status_at(now_utc()), visit.checked_in));
    match booking.status {
        BookingStatus::Cancelled => t_string!(i18n, status_cancelled).to_string(),
        BookingStatus::Active if matches!(visit, Some((VisitStatus::NoShow, _))) => {
            t_string!(i18n, status_no_show).to_string()
        }
        BookingStatus::Active if matches!(visit, Some((VisitStatus::CheckedIn, _))) => {
            let number = visit.and_then(|(_, checked_in)| checked_in).map(|c| c.queue_number.to_string());
            t_string!(i18n, status_checked_in, number = number.unwrap_or_default()).to_string()
        }
        BookingStatus::Active if is_past(booking) => t_string!(i18n, status_past).to_string(),
        BookingStatus::Active => t_string!(i18n, status_active).to_string(),
    }
}
