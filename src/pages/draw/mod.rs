//! A counter's draw (`/pesan/{mpp}/{counter}/{service}/undian`, under the booking's place and
//! its checks: the checklist answered, the answers served here): where scarce places are released by a
//! draw instead of a click race. The entries kept on this device come first (offline too, each
//! refreshed when the page opens); then, from the server, the open draw's form, or when the next
//! one opens, or what the last one gave. Times are the MPP's, whatever the device's zone.

mod countdown;
mod entry_card;
mod entry_form;
pub mod hand_over;

use antrean_core::draw::api::{DrawInfo, DrawSchedule, DrawState};
use leptos::prelude::*;

use crate::components::common::focus::focus_on_navigation;
use crate::components::common::problem_text::problem_text;
use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use crate::pages::booking::{use_place, Place};
use crate::state::draws;
use countdown::{when, Countdown};
use entry_card::entry_card;
use entry_form::entry_form;

lazy_page!(
    /// `/pesan/{mpp}/{counter}/{service}/undian`.
    DrawRoute => DrawPage, styled by "draw.css"
);

thread_local! {
    /// The entry this page has just made, so that its card, once its chunk is there, takes the
    /// focus (the form it replaces is gone).
    static JUST_ENTERED: std::cell::RefCell<Option<antrean_core::draw::Fingerprint>> = const { std::cell::RefCell::new(None) };
}

/// Marks an entry as just made (its card focuses its heading when it appears).
fn entered(fingerprint: antrean_core::draw::Fingerprint) {
    JUST_ENTERED.with(|just| *just.borrow_mut() = Some(fingerprint));
}

/// Whether this entry was just made here (asked once: the mark is taken).
fn just_entered(fingerprint: &antrean_core::draw::Fingerprint) -> bool {
    JUST_ENTERED.with(|just| {
        let mut just = just.borrow_mut();
        let hit = just.as_ref() == Some(fingerprint);
        if hit {
            *just = None;
        }
        hit
    })
}

/// The place comes from the booking's layout; a counter not in draw mode is booked as usual.
#[component]
fn DrawPage() -> impl IntoView {
    let place = use_place();
    if !place.counter.draw {
        let day = place.path("hari");
        let navigate = leptos_router::hooks::use_navigate();
        request_animation_frame(move || {
            navigate(&day, leptos_router::NavigateOptions { replace: true, ..Default::default() })
        });
        return ().into_any();
    }
    view! { <Draw place /> }.into_any()
}

/// The draw's path under `/draws/`: `{mpp}/{counter}/{service}`.
fn place_path(place: &Place) -> String {
    format!("{}/{}/{}", place.mpp.id, place.counter.id, place.service.id)
}

#[component]
fn Draw(place: std::sync::Arc<Place>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    focus_on_navigation(heading);
    let prefix = format!("{}/", place_path(&place));
    // The cards are built again only when an entry comes, goes or changes status (an answer that
    // changes nothing keeps an open confirmation and the focus where they are).
    let statuses = Memo::new(move |_| {
        draws::all()
            .into_iter()
            .filter(|e| e.draw.id.starts_with(&prefix))
            .map(|e| (e.fingerprint, e.status))
            .collect::<Vec<_>>()
    });
    let kept = move || {
        let entries = draws::all_untracked();
        statuses
            .get()
            .into_iter()
            .filter_map(|(fingerprint, _)| entries.iter().find(|e| e.fingerprint == fingerprint).cloned())
            .map(|entry| view! { {Suspend::new(entry_card(entry))} })
            .collect_view()
    };
    // The draws entered here, as ids: the form below is built again only when that list changes.
    let entered = Memo::new(|_| draws::all().into_iter().map(|e| e.draw.id).collect::<Vec<_>>());
    // The schedule, asked for when the page opens and again when a moment of it is reached.
    let schedule = RwSignal::new(None::<Result<DrawSchedule, crate::api::ApiError>>);
    let path = (place.mpp.id.to_string(), place.counter.id.clone(), place.service.id.clone());
    let load = move || {
        let (mpp, counter, service) = path.clone();
        leptos::task::spawn_local(async move {
            schedule.set(Some(crate::api::draw_schedule(&mpp, &counter, &service).await));
        });
    };
    load();
    let shown = {
        let place = place.clone();
        move || match schedule.get() {
            None => view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any(),
            // The open draw first (its form), then the last draw's outcome and the next one; a
            // draw this device entered is its entry's card above.
            Some(Ok(mut answer)) => {
                answer.draws.sort_by_key(|draw| draw.state != DrawState::Open);
                answer
                    .draws
                    .into_iter()
                    .filter(|draw| !entered.with(|ids| ids.contains(&draw.id)))
                    .map(|draw| view! { <DrawNow draw place=place.clone() on_change=load.clone() /> })
                    .collect_view()
                    .into_any()
            }
            Some(Err(error)) => {
                view! { <p class="notice notice--error" role="alert">{problem_text(&error, i18n)}</p> }.into_any()
            }
        }
    };
    let title = t_string!(i18n, draw_title).to_string();
    view! {
        <section class="page draw" aria-labelledby="draw-title">
            <h1 id="draw-title" tabindex="-1" node_ref=heading>{title}</h1>
            <p class="draw__place"><Tr text=place.service.name.clone() />" · "<Tr text=place.counter.name.clone() />" · "{place.mpp.name.clone()}</p>
            <p>{t_string!(i18n, draw_intro).to_string()}</p>
            {kept}
            {shown}
        </section>
    }
}

/// A draw the device has not entered: the form while it is open, when it opens, or what it gave.
#[component]
fn DrawNow<F>(draw: DrawInfo, place: std::sync::Arc<Place>, on_change: F) -> impl IntoView
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let opens = when(draw.opens_at, locale);
    let closes = when(draw.closes_at, locale);
    let heading = format!("draw-{}", draw.release_date);
    let labelled = heading.clone();
    match draw.state {
        DrawState::Open => view! {
            <section class="draw__now" aria-labelledby=labelled>
                <h2 id=heading>{t_string!(i18n, draw_open_title).to_string()}</h2>
                <p>{t_string!(i18n, draw_open_until, closes = closes).to_string()}" "
                    <Countdown until=draw.closes_at on_end=on_change.clone() /></p>
                {Suspend::new(entry_form(draw, place))}
            </section>
        }
        .into_any(),
        DrawState::Upcoming => view! {
            <section class="draw__now" aria-labelledby=labelled>
                <h2 id=heading>{t_string!(i18n, draw_next_title).to_string()}</h2>
                <p>{t_string!(i18n, draw_next_window, opens = opens, closes = closes).to_string()}" "
                    <Countdown until=draw.opens_at on_end=on_change /></p>
            </section>
        }
        .into_any(),
        DrawState::Drawn => {
            let book =
                crate::pages::booking::step_path(place.mpp.id.as_str(), &place.counter.id, &place.service.id, "hari");
            let result = format!("{}/draws/{}/result", crate::deploy::deploy().api_base, draw.id);
            let summary = t_string!(i18n, draw_drawn_summary, entries = draw.entries, drawn = draw.drawn.unwrap_or(0))
                .to_string();
            view! {
                <section class="draw__now" aria-labelledby=labelled>
                    <h2 id=heading>{t_string!(i18n, draw_drawn_title, date = crate::format::long_date(draw.release_date, locale)).to_string()}</h2>
                    <p>{summary}</p>
                    <p class="actions">
                        <a class="button" href=link(&book)>{t_string!(i18n, draw_book_left).to_string()}</a>
                        <a href=result target="_blank" rel="noopener">{t_string!(i18n, draw_result_open_data).to_string()}</a>
                    </p>
                </section>
            }
            .into_any()
        }
    }
}
