//! The hall display (`/layar/{mpp}`), for a TV across the MPP's hall: the number now served at
//! each desk of each counter and the last ones called, in type readable from across the hall, and
//! an announcement of every call (`announce`). Kept current by the queue feed, which reconnects by
//! itself; says so in a corner while it is reconnecting. Its own chunk of wasm.

mod announce;

use std::collections::HashSet;

use antrean_core::calling::{Call, CounterQueue, HallQueue};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::common::tr::Tr;
use crate::i18n::{t_string, use_i18n};
use crate::queue_feed::{follow, Feed, Link};
use announce::Announcer;

lazy_page!(
    /// `/layar/{mpp}`.
    HallRoute => HallPage, styled by "visit.css"
);

#[component]
fn HallPage() -> impl IntoView {
    let params = use_params_map();
    let mpp = params.with_untracked(|p| p.get("mpp")).unwrap_or_default();
    // Full screen: no header, no page margins (`style/main.css`, `body.hall`).
    if let Some(body) = document().body() {
        let _ = body.class_list().add_1("hall");
    }
    on_cleanup(|| {
        if let Some(body) = document().body() {
            let _ = body.class_list().remove_1("hall");
        }
    });
    let feed = follow(mpp);
    view! { <HallBoard feed /> }
}

/// The calls of a view, to tell new ones (and calls again) from those already announced.
fn call_keys(queue: &HallQueue) -> HashSet<(String, u16, DateTime<Utc>)> {
    queue
        .counters
        .iter()
        .flat_map(|c| c.serving.iter().map(|call| (call.number.to_string(), call.calls, call.called_at)))
        .collect()
}

#[component]
fn HallBoard(feed: Feed) -> impl IntoView {
    let i18n = use_i18n();
    let Feed { queue, link } = feed;
    let announcer = Announcer::new();
    // Announces what was called since the last view; the first view only sets the baseline.
    let announced = StoredValue::new(None::<HashSet<(String, u16, DateTime<Utc>)>>);
    Effect::new(move |_| {
        queue.with(|queue| {
            let Some(queue) = queue else { return };
            let keys = call_keys(queue);
            if let Some(before) = announced.get_value() {
                let mut fresh: Vec<(&CounterQueue, &Call)> = queue
                    .counters
                    .iter()
                    .flat_map(|counter| counter.serving.iter().map(move |call| (counter, call)))
                    .filter(|(_, call)| !before.contains(&(call.number.to_string(), call.calls, call.called_at)))
                    .collect();
                fresh.sort_by_key(|(_, call)| call.called_at);
                for (counter, call) in fresh {
                    announcer.announce(call, &counter.counter_name.id);
                }
            }
            announced.set_value(Some(keys));
        });
    });
    let title = move || queue.with(|q| q.as_ref().map(|q| q.mpp_name.clone())).unwrap_or_default();
    let counters = move || {
        queue.with(|queue| {
            let Some(queue) = queue else {
                return view! { <p class="hall__empty">{t_string!(i18n, queue_connecting).to_string()}</p> }.into_any();
            };
            if queue.counters.is_empty() {
                return view! { <p class="hall__empty">{t_string!(i18n, hall_empty).to_string()}</p> }.into_any();
            }
            queue.counters.iter().cloned().map(|counter| view! { <CounterBoard counter /> }).collect_view().into_any()
        })
    };
    view! {
        <section class="hall-board" aria-labelledby="hall-title">
            <header class="hall-board__header">
                <h1 id="hall-title">{title}</h1>
                <button type="button" class="button hall-board__sound" aria-pressed=move || announcer.enabled().to_string()
                    on:click=move |_| announcer.toggle()>
                    {move || if announcer.enabled() { t_string!(i18n, hall_sound_on).to_string() } else { t_string!(i18n, hall_sound_off).to_string() }}
                </button>
            </header>
            <div class="hall-board__counters">{counters}</div>
            <p class="hall-board__link" role="status">
                {move || (link.get() == Link::Lost).then(|| t_string!(i18n, queue_reconnecting).to_string())}
            </p>
        </section>
    }
}

#[component]
fn CounterBoard(counter: CounterQueue) -> impl IntoView {
    let i18n = use_i18n();
    let serving = counter
        .serving
        .iter()
        .map(|call| {
            view! {
                <li class="hall-call">
                    <span class="hall-call__number">{call.number.to_string()}</span>
                    <span class="hall-call__desk">{t_string!(i18n, hall_desk, desk = call.desk).to_string()}</span>
                </li>
            }
        })
        .collect_view();
    let recent: Vec<String> = counter
        .recent
        .iter()
        .filter(|call| !counter.serving.iter().any(|serving| serving.number == call.number))
        .map(|call| call.number.to_string())
        .collect();
    let waiting = counter.waiting.len();
    view! {
        <article class="hall-counter" aria-label=counter.counter_name.id.clone()>
            <h2><Tr text=counter.counter_name.clone() /></h2>
            {if counter.serving.is_empty() {
                view! { <p class="hall-counter__idle">{t_string!(i18n, hall_nobody).to_string()}</p> }.into_any()
            } else {
                view! { <ul class="hall-counter__serving">{serving}</ul> }.into_any()
            }}
            {(!recent.is_empty()).then(|| view! {
                <p class="hall-counter__recent">{t_string!(i18n, hall_recent).to_string()}" "{recent.join(" · ")}</p>
            })}
            <p class="hall-counter__waiting">{t_string!(i18n, hall_waiting, count = waiting).to_string()}</p>
        </article>
    }
}
