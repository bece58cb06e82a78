//! A number without a booking, at the counters of the MPP that take walk-ins.

use std::sync::Arc;

use antrean_core::api::MppSummary;
use leptos::prelude::*;

use super::queue_slip::Slip;
use crate::api::walk_in;
use crate::components::common::problem_text::problem_text;
use crate::components::common::tr::Tr;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn WalkIns(mpp: Arc<MppSummary>, on_given: impl Fn(Slip) + Clone + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let counters: Vec<_> = mpp.counters.iter().filter(|counter| counter.walk_ins).cloned().collect();
    if counters.is_empty() {
        return None;
    }
    let buttons = counters
        .into_iter()
        .map(|counter| {
            let (mpp_id, zone, on_given) = (mpp.id.to_string(), mpp.zone, on_given.clone());
            let take = move |_| {
                if sending.get_untracked() {
                    return;
                }
                sending.set(true);
                problem.set(None);
                let (mpp_id, counter_id, on_given) = (mpp_id.clone(), counter.id.clone(), on_given.clone());
                leptos::task::spawn_local(async move {
                    let answer = walk_in(&mpp_id, &counter_id).await;
                    sending.set(false);
                    match answer {
                        Ok(given) => on_given(Slip::WalkIn(given, zone)),
                        Err(error) => problem.set(Some(problem_text(&error, i18n))),
                    }
                });
            };
            view! {
                <li><button type="button" class="button button--wide" disabled=move || sending.get() on:click=take>
                    <Tr text=counter.name.clone() />
                </button></li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="check-in__walk-in" aria-labelledby="walk-in-title">
            <h2 id="walk-in-title">{t_string!(i18n, walk_in_title).to_string()}</h2>
            <p class="hint">{t_string!(i18n, walk_in_lead).to_string()}</p>
            <ul class="plain-list">{buttons}</ul>
            {move || problem.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
        </section>
    })
}
