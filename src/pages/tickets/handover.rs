//! A booking made in a portal's iframe whose browser gives the iframe no storage (third-party
//! storage blocked, as in Chrome's incognito): the proof says it is not kept and links to the same
//! ticket in a tab of the app's own, `/tiket/{code}#simpan={manage token}`. That tab fetches the
//! booking with the token, keeps it in "Tiket saya" and takes the token out of its address. (A
//! fragment is never sent to a server, nor in a `Referer`.)
//!
//! The ticket page's code is near its size budget, so this reuses the types the page has already
//! (a signal of an optional text, the shapes of its views) rather than adding its own.

use antrean_core::api::Booking;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::common::not_kept::NotKept;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n, I18n};
use crate::state::bookings;

const FRAGMENT: &str = "#simpan=";

/// A ticket link's booking being fetched (`#simpan=` in the address): `None` when there is no such
/// link; then `None` inside while the answer is awaited, and what went wrong if it went wrong.
pub type Handover = Option<RwSignal<Option<String>>>;

/// Follows a ticket link's token in the address, if there is one: [`receive`] gets and keeps the
/// booking, or says why it could not.
pub fn take(code: &str) -> Handover {
    let hash = window().location().hash().unwrap_or_default();
    let token = hash.strip_prefix(FRAGMENT)?.to_owned();
    let problem = RwSignal::new(None);
    let (code, i18n) = (code.to_owned(), use_i18n());
    leptos::task::spawn_local(async move { problem.set(receive(code, token, i18n).await) });
    Some(problem)
}

/// Fetches the booking with the link's token and keeps it, unless the device has it already; the
/// token then leaves the address. When the server could not answer, it stays: a reload tries again.
async fn receive(code: String, token: String, i18n: I18n) -> Option<String> {
    let fragment = format!("{FRAGMENT}{token}");
    let well_formed = crate::api::is_token(&token);
    let refused = || Some(t_string!(i18n, ticket_link_refused).to_string());
    let problem = if bookings::find_untracked(&code).is_some() {
        None
    } else if !well_formed {
        refused()
    } else {
        match crate::api::booking(&code, &token).await {
            Ok(mut booking) => {
                booking.manage_token.get_or_insert(token);
                bookings::keep(booking);
                None
            }
            Err(error) if error.refuses_link() => refused(),
            Err(ApiError::Unreachable) => return Some(t_string!(i18n, error_unreachable).to_string()),
            Err(_) => return Some(t_string!(i18n, error_server).to_string()),
        }
    };
    crate::browser::forget_fragment(&fragment);
    problem
}

/// What the page says instead of the proof while it has no booking for the code: loading while a
/// ticket link's booking is on its way, else why there is none.
pub fn missing_view(handover: Handover) -> AnyView {
    let i18n = use_i18n();
    let problem = handover.map(|problem| problem.get());
    if let Some(None) = problem {
        return view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any();
    }
    view! {
        <section class="page" aria-labelledby="ticket-title">
            <h1 id="ticket-title">{problem.flatten().unwrap_or_else(|| t_string!(i18n, ticket_unknown).to_string())}</h1>
            <p class="link-line"><a href=link("/tiket")>{t_string!(i18n, tickets_title).to_string()}</a></p>
        </section>
    }
    .into_any()
}

/// In a portal's iframe without storage: "not kept on this device", with the link that opens the
/// ticket in a tab of the app's own, in the same language. Nothing elsewhere (a kiosk keeps its
/// state in the session on purpose; a page of its own has nowhere better to send the citizen).
pub fn storage_notice(booking: &Booking) -> Option<impl IntoView> {
    let token = booking.manage_token.as_deref().filter(|_| crate::state::embedded_without_storage())?;
    let i18n = use_i18n();
    let language = leptos_i18n::Locale::as_str(i18n.get_locale_untracked());
    let href = link(&format!("/tiket/{}?lang={language}{FRAGMENT}{token}", booking.code.as_str()));
    let notice = t_string!(i18n, ticket_not_kept).to_string();
    let open = t_string!(i18n, ticket_open_tab).to_string();
    Some(view! { <NotKept notice open href /> })
}
