//! An entry this device holds, as the citizen follows it: entered (with the window's countdown and
//! a way out while it is open), then drawn (the booking's proof is one tap away) or not this time
//! (with the next release). Its fingerprint lets anyone find it in the published draw. At a kiosk
//! the entry slip is printed.

use antrean_core::draw::api::{DrawEntry, DrawState, EntryStatus};
use antrean_core::draw::{DayPart, Fingerprint};
use leptos::prelude::*;

use super::countdown::{when, Countdown};
use crate::clock::now_utc;
use crate::components::common::problem_text::problem_text;
use crate::deploy::link;
use crate::format::long_date;
use crate::i18n::{t_string, use_i18n};
use crate::state::draws;

/// Asks the server for the entry's state now (after the window's close, its outcome).
fn refresh(draw: String, fingerprint: Fingerprint, token: Option<String>, failure: RwSignal<Option<String>>) {
    let Some(token) = token else { return };
    let i18n = use_i18n();
    leptos::task::spawn_local(async move {
        let answer = crate::api::draw_entry(&draw, &fingerprint, &token).await;
        match &answer {
            Err(error @ crate::api::ApiError::Unreachable) => failure.set(Some(problem_text(error, i18n))),
            _ => failure.set(None),
        }
        draws::answered(&fingerprint, answer);
    });
}

/// The card, from a chunk of wasm of its own: only a device that entered this counter's draw needs
/// it. (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
pub async fn entry_card(entry: DrawEntry) -> AnyView {
    view! { <EntryCard entry /> }.into_any()
}

#[component]
fn EntryCard(entry: DrawEntry) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let heading = format!("entry-{}", entry.fingerprint);
    let labelled = heading.clone();
    let failure = RwSignal::new(None::<String>);
    let open = entry.draw.state != DrawState::Drawn && now_utc() < entry.draw.closes_at.to_utc();
    let (draw, fingerprint, token) = (entry.draw.id.clone(), entry.fingerprint, entry.entry_token.clone());
    let check = {
        let (draw, token) = (draw.clone(), token.clone());
        move || refresh(draw.clone(), fingerprint, token.clone(), failure)
    };
    // A waiting entry asks what became of it when its card appears (the page's first render, the
    // offline copy meanwhile).
    if entry.status == EntryStatus::Entered {
        check();
    }
    let closes = when(entry.draw.closes_at, locale);
    let status = match entry.status {
        EntryStatus::Entered if open => view! {
            <p>{t_string!(i18n, draw_entered_open, closes = closes).to_string()}" "
                <Countdown until=entry.draw.closes_at on_end=check.clone() /></p>
        }
        .into_any(),
        EntryStatus::Entered => view! {
            <p>{t_string!(i18n, draw_entered_closed).to_string()}</p>
            <p><button type="button" class="button" on:click={let check = check.clone(); move |_| check()}>
                {t_string!(i18n, draw_check_result).to_string()}</button></p>
        }
        .into_any(),
        EntryStatus::Drawn => {
            let booking = entry.booking.clone();
            let slot = booking.as_ref().map(|b| {
                format!(
                    "{}, {}",
                    long_date(b.slot.start.date(), locale),
                    crate::pages::booking::slot_time_label(&b.slot, locale)
                )
            });
            let proof = booking.map(|b| format!("/tiket/{}", b.code.as_str()));
            view! {
                <p class="draw-entry__won">{t_string!(i18n, draw_won, slot = slot.unwrap_or_default()).to_string()}</p>
                {proof.map(|href| view! { <p><a class="button button--primary" href=link(&href)>{t_string!(i18n, draw_see_proof).to_string()}</a></p> })}
            }
            .into_any()
        }
        EntryStatus::NotDrawn => {
            let next = entry
                .draw
                .next_release_at
                .map(|at| t_string!(i18n, draw_next_release, at = when(at, locale)).to_string());
            let draw = &entry.draw;
            let book = crate::pages::booking::step_path(
                draw.mpp.as_str(),
                draw.counter.as_str(),
                draw.service.as_str(),
                "hari",
            );
            view! {
                <p>{t_string!(i18n, draw_not_won).to_string()}" "{next}</p>
                <p><a class="button" href=link(&book)>{t_string!(i18n, draw_book_left).to_string()}</a></p>
            }
            .into_any()
        }
    };
    let days = if entry.preference.days.is_empty() {
        t_string!(i18n, draw_any_day_short).to_string()
    } else {
        let named: Vec<String> = entry.preference.days.iter().map(|d| long_date(d.0, locale)).collect();
        let mut text = named.join("; ");
        if entry.preference.any_day {
            text = format!("{text}; {}", t_string!(i18n, draw_any_day_short));
        }
        text
    };
    let part = match entry.preference.part {
        None => t_string!(i18n, draw_part_any).to_string(),
        Some(DayPart::Morning) => t_string!(i18n, draw_part_morning).to_string(),
        Some(DayPart::Afternoon) => t_string!(i18n, draw_part_afternoon).to_string(),
    };
    let heading_ref = NodeRef::<leptos::html::H2>::new();
    if super::just_entered(&entry.fingerprint) {
        crate::components::common::focus::focus_on_mount(heading_ref);
    }
    let actions = (open && entry.status == EntryStatus::Entered)
        .then(|| view! { <EntryActions draw fingerprint token failure /> });
    view! {
        <section class="draw-entry" aria-labelledby=labelled data-fingerprint=entry.fingerprint.to_string()>
            <h2 id=heading tabindex="-1" node_ref=heading_ref>{t_string!(i18n, draw_entry_title).to_string()}</h2>
            {status}
            <dl class="draw-entry__details">
                <dt>{t_string!(i18n, label_full_name).to_string()}</dt><dd>{entry.full_name.clone()}</dd>
                <dt>{t_string!(i18n, draw_days_legend).to_string()}</dt><dd>{days}</dd>
                <dt>{t_string!(i18n, draw_part_legend).to_string()}</dt><dd>{part}</dd>
                <dt>{t_string!(i18n, draw_fingerprint).to_string()}</dt><dd class="draw-entry__fingerprint">{entry.fingerprint.to_string()}</dd>
            </dl>
            <p class="hint no-print">{t_string!(i18n, draw_fingerprint_hint).to_string()}</p>
            {super::hand_over::hand_over(&entry)}
            {move || failure.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
            {actions}
        </section>
    }
}

/// While the window is open: withdraw (after a confirmation) and, at a kiosk, print the slip.
#[component]
fn EntryActions(
    draw: String,
    fingerprint: Fingerprint,
    token: Option<String>,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let withdraw = move |_| {
        let (draw, token) = (draw.clone(), token.clone());
        let Some(token) = token else { return };
        leptos::task::spawn_local(async move {
            match crate::api::withdraw_entry(&draw, &fingerprint, &token).await {
                // Gone already (withdrawn on another tab): the same outcome.
                Ok(()) | Err(crate::api::ApiError::Status { status: 404, .. }) => {
                    draws::forget(&fingerprint);
                    request_animation_frame(|| {
                        if let Ok(Some(heading)) = document().query_selector("#draw-title") {
                            if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
                                let _ = heading.focus();
                            }
                        }
                    });
                }
                Err(error) => failure.set(Some(problem_text(&error, i18n))),
            }
        });
    };
    let kiosk = crate::kiosk::kiosk().is_some();
    // The focus follows the confirmation: to "Ya, batalkan" when it opens, back when it closes.
    let (yes, ask) = (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());
    Effect::new(move |_| {
        if let Some(button) = yes.get() {
            let _ = button.focus();
        }
    });
    Effect::new(move |previous: Option<bool>| {
        let shown = confirming.get();
        if previous == Some(true) && !shown {
            request_animation_frame(move || {
                if let Some(button) = ask.get_untracked() {
                    let _ = button.focus();
                }
            });
        }
        shown
    });
    view! {
        <div class="actions no-print">
            {kiosk.then(|| view! {
                <button type="button" class="button button--primary" on:click=|_| crate::browser::print(Some("print-ticket"))>
                    {t_string!(i18n, draw_print_slip).to_string()}</button>
            })}
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="button" node_ref=ask on:click=move |_| confirming.set(true)>{t_string!(i18n, draw_withdraw).to_string()}</button>
            }>
                <p role="alert">{t_string!(i18n, draw_withdraw_confirm).to_string()}</p>
                <button type="button" class="button button--danger" node_ref=yes on:click=withdraw.clone()>{t_string!(i18n, draw_withdraw_yes).to_string()}</button>
                <button type="button" class="button" on:click=move |_| confirming.set(false)>{t_string!(i18n, draw_withdraw_no).to_string()}</button>
            </Show>
        </div>
    }
}
