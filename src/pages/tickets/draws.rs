//! The draws entered on this device, in "Tiket saya": each with what became of it, leading to its
//! draw's page (and, for a drawn entry, its booking is among the tickets above). An entry link
//! (`#undian=…&kunci=…`, from a kiosk's QR code or a portal that may not store) is followed here:
//! the entry is fetched with its token and kept.

use antrean_core::draw::api::{DrawEntry, EntryStatus};
use antrean_core::draw::Fingerprint;
use leptos::prelude::*;

use crate::components::common::problem_text::problem_text;
use crate::pages::draw::hand_over;

use crate::components::common::with_loaded::WithCatalogueIndex;
use crate::deploy::link;
use crate::format::{long_date, text};
use crate::i18n::{t_string, use_i18n};
use crate::state::draws;

/// The section, if this device has entered a draw or follows an entry link: its code (the
/// entries' types, the catalogue's names) is a chunk of wasm of its own, fetched only then. A link
/// opened while this page is showing (the same address with another fragment: no reload, only a
/// `hashchange`) is followed too.
#[component]
pub fn DrawEntries() -> impl IntoView {
    let link = RwSignal::new(hand_over::link_fragment());
    // Once shown, the section stays (a followed link leaves the address without a `hashchange`).
    let shown = RwSignal::new(draws::any_stored() || link.with_untracked(Option::is_some));
    let listener = window_event_listener_untyped("hashchange", move |_| {
        let fragment = hand_over::link_fragment();
        // Only the first link shows the section: telling it again would build the list anew.
        if fragment.is_some() && !shown.get_untracked() {
            shown.set(true);
        }
        link.set(fragment);
    });
    on_cleanup(move || listener.remove());
    move || shown.get().then(|| view! { {Suspend::new(draw_entries(link.read_only()))} })
}

/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
async fn draw_entries(link: ReadSignal<Option<String>>) -> AnyView {
    view! { <EntryList link /> }.into_any()
}

/// Following an entry link: its entry on the way, or why it could not be kept.
#[derive(Clone, Debug, PartialEq)]
enum LinkState {
    Receiving,
    Failed(String),
}

/// Fetches the entry of the link in the address with its token and keeps it; the link then leaves
/// the address. When the server could not answer it stays (a reload tries again).
fn receive_link(state: RwSignal<Option<LinkState>>) {
    let Some(link) = hand_over::in_address() else { return };
    let i18n = use_i18n();
    let refused = move || LinkState::Failed(t_string!(i18n, draw_link_refused).to_string());
    let Some((draw, token)) = link.entry else {
        state.set(Some(refused()));
        crate::browser::forget_fragment(&link.fragment);
        return;
    };
    state.set(Some(LinkState::Receiving));
    leptos::task::spawn_local(async move {
        let fingerprint = Fingerprint::of_entry(&draw, &token);
        match crate::api::draw_entry(&draw, &fingerprint, &token).await {
            Ok(mut entry) => {
                entry.entry_token = Some(token);
                draws::settle(entry);
                state.set(None);
            }
            Err(error) if error.refuses_link() => state.set(Some(refused())),
            Err(error) => return state.set(Some(LinkState::Failed(problem_text(&error, i18n)))),
        }
        crate::browser::forget_fragment(&link.fragment);
    });
}

/// `link`: the entry link in the address as the last `hashchange` left it, only a signal to follow
/// the address again (a followed link leaves the address without a `hashchange`, so it may be
/// stale; the same link scanned again is a change all the same).
#[component]
fn EntryList(link: ReadSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(None::<LinkState>);
    receive_link(state);
    // The link in the address when the list appeared is followed above; a later one when it comes.
    Effect::new(move |followed: Option<()>| {
        link.track();
        if followed.is_some() {
            receive_link(state);
        }
    });
    draws::refresh_waiting();
    move || {
        let entries = draws::all();
        let link = state.get();
        (link.is_some() || !entries.is_empty()).then(|| {
            let link = link.map(|state| match state {
                LinkState::Receiving => {
                    view! { <p class="status" role="status">{t_string!(i18n, draw_link_opening).to_string()}</p> }
                        .into_any()
                }
                LinkState::Failed(message) => {
                    view! { <p class="notice notice--error" role="alert">{message}</p> }.into_any()
                }
            });
            view! {
                <section class="tickets-draws" aria-labelledby="tickets-draws-title">
                    <h2 id="tickets-draws-title">{t_string!(i18n, tickets_draws_title).to_string()}</h2>
                    {link}
                    <WithCatalogueIndex content=move |catalogue| view! {
                        <ul class="tickets">
                            {entries.iter().map(|entry| entry_item(entry, &catalogue)).collect_view()}
                        </ul>
                    } />
                </section>
            }
        })
    }
}

fn entry_item(entry: &DrawEntry, catalogue: &antrean_core::catalogue_index::CatalogueIndex) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let service = catalogue.services.iter().find(|s| s.id == entry.draw.service.as_str());
    let name = service.map_or_else(|| entry.draw.service.to_string(), |s| text(&s.name, locale));
    let status = match entry.status {
        EntryStatus::Entered => t_string!(i18n, draw_status_entered).to_string(),
        EntryStatus::Drawn => t_string!(i18n, draw_status_drawn).to_string(),
        EntryStatus::NotDrawn => t_string!(i18n, draw_status_not_drawn).to_string(),
    };
    let href = format!("/pesan/{}/{}/{}/undian", entry.draw.mpp, entry.draw.counter, entry.draw.service);
    let title = t_string!(i18n, draw_drawn_title, date = long_date(entry.draw.release_date, locale)).to_string();
    view! {
        <li class="ticket-card" data-fingerprint=entry.fingerprint.to_string()>
            <h3><a href=link(&href)>{name}</a></h3>
            <p>{title}</p>
            <p class="ticket-card__status">{status}</p>
        </li>
    }
}
